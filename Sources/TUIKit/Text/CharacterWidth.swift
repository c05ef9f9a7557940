/// How a Unicode scalar occupies the terminal: the rules shared by the sanitizer, the screen and truncation.
///
/// The widths follow what glibc's `wcwidth` (and so ncurses) uses: nonspacing and enclosing marks are 0 wide,
/// East Asian Wide/Fullwidth characters and emoji with emoji presentation are 2 wide, everything else printable
/// is 1 wide. Scalars a terminal may interpret or draw unpredictably are classified as ``ScalarKind/unsafe``.
public enum ScalarKind: Hashable, Sendable {
    /// Printable, occupying 1 or 2 columns.
    case printable(width: Int)
    /// A zero-width mark that combines with the previous character.
    case combining
    /// Must not reach the terminal as is: control characters (C0, DEL, C1), format characters (bidi controls,
    /// zero-width joiners/spaces, BOM), separators, private-use, surrogates and unassigned code points.
    case unsafe

    /// Classifies a scalar; ASCII takes a fast path since it is nearly all the text on screen.
    @inlinable
    public static func of(_ scalar: Unicode.Scalar) -> ScalarKind {
        let v = scalar.value
        if v >= 0x20 && v < 0x7F { return .printable(width: 1) }
        if v < 0xA0 { return .unsafe }
        return classifyNonASCII(scalar)
    }

    @usableFromInline
    static func classifyNonASCII(_ scalar: Unicode.Scalar) -> ScalarKind {
        let v = scalar.value
        // Hangul Jamo medial vowels and final consonants join the preceding syllable (wcwidth 0).
        if (0x1160...0x11FF).contains(v) || (0xD7B0...0xD7FF).contains(v) { return .combining }
        // U+FFFD stands for bytes a decoder could not read (the client decodes znode names as UTF-8, replacing
        // invalid sequences; a real ZooKeeper refuses such names, so one on screen is news): shown as an escape,
        // never passed off as text.
        if v == 0xFFFD { return .unsafe }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark:
            return .combining
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator:
            return .unsafe
        default:
            break
        }
        if isWide(v) || properties.isEmojiPresentation { return .printable(width: 2) }
        return .printable(width: 1)
    }

    /// East Asian Wide and Fullwidth ranges (Unicode 15), excluding emoji which are found by property.
    @usableFromInline
    static func isWide(_ v: UInt32) -> Bool {
        if v < 0x1100 { return false }
        for range in wideRanges {
            if v < range.lowerBound { return false }
            if v <= range.upperBound { return true }
        }
        return false
    }

    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x2E99, 0x2E9B...0x2EF3, 0x2F00...0x2FD5, 0x2FF0...0x2FFB,
        0x3000...0x303E, 0x3041...0x3096, 0x3099...0x30FF, 0x3105...0x312F, 0x3131...0x318E, 0x3190...0x31E3,
        0x31F0...0x321E, 0x3220...0x3247, 0x3250...0x4DBF, 0x4E00...0xA48C, 0xA490...0xA4C6, 0xA960...0xA97C,
        0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE52, 0xFE54...0xFE66, 0xFE68...0xFE6B,
        0xFF01...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x16FF0...0x16FF1, 0x17000...0x187F7,
        0x18800...0x18CD5, 0x18D00...0x18D08, 0x1AFF0...0x1B122, 0x1B150...0x1B152, 0x1B164...0x1B167,
        0x1B170...0x1B2FB, 0x1F200...0x1F202, 0x1F210...0x1F23B, 0x1F240...0x1F248, 0x1F250...0x1F251,
        0x1F260...0x1F265, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]
}
