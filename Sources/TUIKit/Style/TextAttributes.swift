/// Character attributes a theme may set on a role; in mono they alone carry the meaning of a role.
public struct TextAttributes: OptionSet, Hashable, Sendable {
    /// The bit set.
    public let rawValue: UInt8
    /// Creates attributes from their bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Bold (often also "bright" on 8-colour terminals).
    public static let bold = TextAttributes(rawValue: 1 << 0)
    /// Dim / faint.
    public static let dim = TextAttributes(rawValue: 1 << 1)
    /// Underlined.
    public static let underline = TextAttributes(rawValue: 1 << 2)
    /// Foreground and background swapped: the one attribute every terminal shows, used for selection in mono.
    public static let reverse = TextAttributes(rawValue: 1 << 3)
    /// Italic (not shown by every terminal).
    public static let italic = TextAttributes(rawValue: 1 << 4)

    /// The theme-file key of each attribute, in a stable order.
    public static let names: [(name: String, value: TextAttributes)] = [
        ("bold", .bold), ("dim", .dim), ("underline", .underline), ("reverse", .reverse), ("italic", .italic),
    ]
}

/// The look of one role: colours plus attributes. `nil` colours mean "the terminal's default".
public struct Style: Hashable, Sendable {
    /// Foreground colour.
    public var foreground: TerminalColor
    /// Background colour.
    public var background: TerminalColor
    /// Attributes.
    public var attributes: TextAttributes

    /// Creates a style.
    public init(
        foreground: TerminalColor = .default, background: TerminalColor = .default, attributes: TextAttributes = []
    ) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }
}
