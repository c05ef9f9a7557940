import EnsembleMonitor
import Foundation
import TUIKit
import ZooKeeperClient

/// `zkscope tree --json`: one JSON object per znode per line (the contract documented in README).
/// Field order is fixed so the output diffs cleanly: `path`, the stat fields, `data` (base64, only
/// with `--data`), `error` (only for unreadable nodes). 64-bit values are exact decimal integers.
public enum TreeJSONFormatter {
    /// One line, newline included.
    public static func line(_ entry: TreeEntry, includeData: Bool) -> String {
        var text = "{\"path\":"
        appendString(entry.path, to: &text)
        if let stat = entry.stat {
            text += ",\"czxid\":\(stat.czxid),\"mzxid\":\(stat.mzxid),\"pzxid\":\(stat.pzxid)"
            text += ",\"ctime\":\(stat.ctime),\"mtime\":\(stat.mtime),\"version\":\(stat.version)"
            text += ",\"cversion\":\(stat.cversion),\"aversion\":\(stat.aversion)"
            text += ",\"ephemeralOwner\":\(stat.ephemeralOwner),\"dataLength\":\(stat.dataLength)"
            text += ",\"numChildren\":\(stat.numChildren)"
        }
        if includeData, let data = entry.data {
            text += ",\"data\":\"" + Data(data).base64EncodedString() + "\""
        }
        if let error = entry.error {
            text += ",\"error\":"
            appendString(error.code.name, to: &text)
        }
        text += "}\n"
        return text
    }

    /// Appends a JSON string literal: quotes, backslashes, control characters and everything else
    /// `TextSanitizer` would not print raw (C1, bidi, format characters) escaped, the rest as UTF-8.
    public static func appendString(_ value: String, to text: inout String) {
        text += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            default:
                if scalar.value < 0x20 || (scalar.value >= 0x7F && ScalarKind.of(scalar) == .unsafe) {
                    TerminalSafeJSON.appendEscaped(scalar, to: &text)
                } else {
                    text.unicodeScalars.append(scalar)
                }
            }
        }
        text += "\""
    }
}
