import Foundation
import TUIKit

/// Turns znode data into display lines for each ``DataView``; every line is sanitised, so bytes from the
/// cluster (escape sequences, invalid UTF-8) can never reach the terminal raw.
public enum DataFormatter {
    /// At most this many bytes are formatted (a znode holds up to 1 MiB; the pane shows the start).
    public static let maximumBytes = 64 * 1024

    /// The lines for `data` in `view`, and a note when the view fell back or the data was cut.
    public static func lines(_ data: [UInt8], view: DataView) -> (lines: [SafeText], note: String?) {
        let shown = Array(data.prefix(maximumBytes))
        let cut = data.count > shown.count ? "first \(shown.count) of \(data.count) bytes" : nil
        if shown.isEmpty { return ([SafeText("(no data)")], cut) }
        switch view {
        case .text:
            return (text(shown), cut)
        case .json:
            guard let object = try? JSONSerialization.jsonObject(with: Data(shown), options: [.fragmentsAllowed]),
                let pretty = try? JSONSerialization.data(
                    withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .fragmentsAllowed])
            else {
                return (text(shown), "not JSON; shown as text")
            }
            return (text(Array(pretty)), cut)
        case .hex:
            return (hex(shown), cut)
        case .base64:
            let encoded = Data(shown).base64EncodedString()
            var lines: [SafeText] = []
            var start = encoded.startIndex
            while start < encoded.endIndex {
                let end = encoded.index(start, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
                lines.append(SafeText(String(encoded[start..<end])))
                start = end
            }
            return (lines, cut)
        }
    }

    /// Bytes split at newlines, each line sanitised (invalid UTF-8 shown as escapes).
    static func text(_ bytes: [UInt8]) -> [SafeText] {
        bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            SafeText(bytes: line.last == 0x0D ? line.dropLast() : line)
        }
    }

    /// `00000000  68 65 6c 6c 6f …  |hello…|`, 16 bytes per line.
    static func hex(_ bytes: [UInt8]) -> [SafeText] {
        var lines: [SafeText] = []
        var offset = 0
        while offset < bytes.count {
            let chunk = bytes[offset..<min(bytes.count, offset + 16)]
            var line = String(format: "%08x  ", offset)
            for (i, byte) in chunk.enumerated() {
                line += String(format: "%02x ", byte)
                if i == 7 { line += " " }
            }
            line += String(repeating: " ", count: (16 - chunk.count) * 3 + (chunk.count <= 8 ? 1 : 0))
            line += " |" + String(chunk.map { $0 >= 0x20 && $0 < 0x7F ? Character(UnicodeScalar($0)) : "." }) + "|"
            lines.append(SafeText(line))
            offset += 16
        }
        return lines
    }
}
