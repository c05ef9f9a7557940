/// Text from a server, made safe to put in a message that any front end may print.
///
/// Values are compared raw (a host name with an escape character differs from one without), but what a
/// finding quotes must never carry a control sequence to a terminal, even through `zkscope check`, which
/// prints plain text. The dashboard sanitizes again when it draws; this keeps every other printer safe.
public enum DisplayText {
    /// `text` with C0/C1 controls and DEL as `\xNN`, and bidi overrides, zero-width and other invisible format
    /// characters as `<U+XXXX>`; everything else unchanged.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                out += "\\x" + hex(scalar.value, digits: 2)
            } else if needsEscape(scalar) {
                out += "<U+" + hex(scalar.value, digits: 4) + ">"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7F...0x9F: return true
        case 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2069, 0xFEFF: return true
        default: return false
        }
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
