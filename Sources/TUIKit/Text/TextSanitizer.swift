/// Turns untrusted text into ``SafeText``: control characters and escape sequences become visible, invalid UTF-8
/// is shown byte by byte, and display widths are computed so layout never drifts.
///
/// - C0 controls and DEL use caret notation (`^[` for ESC, `^J` for a newline, `^?` for DEL); the printable rest
///   of an escape sequence then appears as ordinary text, harmless once the ESC is gone.
/// - C1 controls, bidi overrides and isolates, zero-width characters, the BOM, separators, private-use and
///   unassigned code points appear as `<U+XXXX>`.
/// - Bytes that are not valid UTF-8 appear as `\xNN`; text that was already decoded with them replaced (znode
///   names) shows each replacement character as `<U+FFFD>`.
/// - A combining mark with nothing to combine with is put on a space.
public enum TextSanitizer {
    /// The display width of a string after sanitizing (escapes counted at their visible width).
    public static func displayWidth(_ string: String) -> Int { sanitize(string).width }

    /// A one-line visible form of a string, for logs and plain-text output (`--json` excluded).
    public static func visible(_ string: String) -> String { sanitize(string).plain }

    /// Sanitizes a string.
    public static func sanitize(_ string: String) -> SafeText {
        var builder = Builder()
        for scalar in string.unicodeScalars { builder.add(scalar) }
        return builder.finish()
    }

    /// Sanitizes raw bytes (znode data), decoding UTF-8 and escaping every byte that is not part of a valid
    /// sequence as `\xNN`.
    public static func sanitize(bytes: some Sequence<UInt8>) -> SafeText {
        let bytes = Array(bytes)
        var builder = Builder()
        var i = 0
        while i < bytes.count {
            if let (scalar, length) = decodeScalar(bytes, at: i) {
                builder.add(scalar)
                i += length
            } else {
                // Only the lead byte is shown as invalid; what follows is decoded afresh.
                builder.addInvalidByte(bytes[i])
                i += 1
            }
        }
        return builder.finish()
    }

    /// Decodes one well-formed UTF-8 sequence (no overlongs, no surrogates, at most U+10FFFF).
    static func decodeScalar(_ bytes: [UInt8], at i: Int) -> (Unicode.Scalar, Int)? {
        let lead = bytes[i]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            high = 0x9F
        case 0xF0:
            length = 4
            low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            high = 0x8F
        default: return nil
        }
        guard i + length <= bytes.count else { return nil }
        var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for k in 1..<length {
            let byte = bytes[i + k]
            let (lo, hi) = k == 1 ? (low, high) : (UInt8(0x80), UInt8(0xBF))
            guard byte >= lo && byte <= hi else { return nil }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        guard let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, length)
    }

    /// The visible form of one unsafe scalar.
    static func escape(_ scalar: Unicode.Scalar) -> String {
        let v = scalar.value
        if v < 0x20 { return "^" + String(Character(Unicode.Scalar(UInt8(v + 0x40)))) }
        if v == 0x7F { return "^?" }
        return "<U+" + String(v, radix: 16, uppercase: true).leftPadded(to: 4) + ">"
    }

    struct Builder {
        var cells: [DisplayCell] = []

        mutating func add(_ scalar: Unicode.Scalar) {
            switch ScalarKind.of(scalar) {
            case .printable(let width):
                cells.append(DisplayCell(text: String(Character(scalar)), width: width))
            case .combining:
                if let last = cells.indices.last, !cells[last].escaped {
                    cells[last].text.unicodeScalars.append(scalar)
                } else {
                    var text = " "
                    text.unicodeScalars.append(scalar)
                    cells.append(DisplayCell(text: text, width: 1))
                }
            case .unsafe:
                addEscape(Self.escapeText(scalar))
            }
        }

        static func escapeText(_ scalar: Unicode.Scalar) -> String { TextSanitizer.escape(scalar) }

        mutating func addInvalidByte(_ byte: UInt8) {
            addEscape("\\x" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2))
        }

        mutating func addEscape(_ text: String) {
            for c in text { cells.append(DisplayCell(text: String(c), width: 1, escaped: true)) }
        }

        func finish() -> SafeText { SafeText(cells: cells) }
    }
}
