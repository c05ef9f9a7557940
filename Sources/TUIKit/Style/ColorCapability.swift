/// How many colours the terminal can show, from best to none.
///
/// A theme is written once with any colours; the terminal back end resolves it for the detected capability, so a
/// 16-colour console or `NO_COLOR` still gets a readable screen (attributes carry the meaning in mono).
public enum ColorCapability: Int, Sendable, Comparable, CaseIterable {
    /// No colours: only attributes (bold, reverse, underline, dim).
    case none = 0
    /// The 8 basic colours (bright ones map to their normal twin).
    case ansi8 = 8
    /// The 16 basic colours.
    case ansi16 = 16
    /// The xterm 256-colour palette.
    case indexed256 = 256
    /// 24-bit colour.
    case truecolor = 16_777_216

    /// Orders by how many colours can be shown.
    public static func < (lhs: ColorCapability, rhs: ColorCapability) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The capability for a terminal reporting `colors` colours, honouring `NO_COLOR` (any non-empty value) and
    /// `COLORTERM=truecolor|24bit`.
    ///
    /// `colors` is what terminfo says (ncurses' `COLORS`); the environment only ever lowers it, except
    /// `COLORTERM` which is how truecolor terminals announce themselves.
    public static func detect(colors: Int, environment: [String: String]) -> ColorCapability {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .none }
        let colorTerm = environment["COLORTERM"]?.lowercased() ?? ""
        if colors >= 256 && (colorTerm == "truecolor" || colorTerm == "24bit") { return .truecolor }
        if colors >= 256 { return .indexed256 }
        if colors >= 16 { return .ansi16 }
        if colors >= 8 { return .ansi8 }
        return .none
    }
}
