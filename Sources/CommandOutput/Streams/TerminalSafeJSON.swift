import TUIKit

/// JSON text made safe for a terminal without changing what it means: every character `TextSanitizer`
/// would not print raw (C1 controls such as CSI U+009B, DEL, bidi and other format characters,
/// separators, private-use and unassigned code points) becomes a `\uXXXX` escape, which any JSON reader
/// decodes to the same string. `JSONEncoder` already escapes C0 controls (ESC included), but not these.
public enum TerminalSafeJSON {
    /// Escapes `json`, the output of a JSON encoder (the characters below DEL are left alone: outside
    /// strings they are structure and whitespace, inside strings the encoder escaped the controls).
    public static func escape(_ json: String) -> String {
        guard json.utf8.contains(where: { $0 >= 0x7F }) else { return json }
        var text = ""
        text.reserveCapacity(json.utf8.count)
        for scalar in json.unicodeScalars {
            if scalar.value >= 0x7F, ScalarKind.of(scalar) == .unsafe {
                appendEscaped(scalar, to: &text)
            } else {
                text.unicodeScalars.append(scalar)
            }
        }
        return text
    }

    /// Appends `\uXXXX` (a surrogate pair above U+FFFF).
    public static func appendEscaped(_ scalar: Unicode.Scalar, to text: inout String) {
        for unit in String(scalar).utf16 {
            let hex = String(unit, radix: 16)
            text += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
    }
}
