/// A complete mapping from every ``StyleRole`` to a ``Style``, plus the name users select it by.
///
/// A theme always covers every role: files that leave keys out are completed from the built-in default when they
/// are parsed, so the drawing code never meets a missing role.
public struct Theme: Hashable, Sendable {
    /// The name used by `--theme NAME` and `:theme NAME`.
    public var name: String
    /// One line for `zkscope themes list`.
    public var summary: String
    /// The style of every role.
    public private(set) var styles: [StyleRole: Style]

    /// Creates a theme; roles missing from `styles` take their style from `base`.
    public init(name: String, summary: String = "", styles: [StyleRole: Style], base: Theme? = nil) {
        self.name = name
        self.summary = summary
        var complete = styles
        for role in StyleRole.allCases where complete[role] == nil {
            complete[role] = base?.styles[role] ?? Style()
        }
        self.styles = complete
    }

    /// The style of a role as the theme defines it (before any downgrade).
    public func style(for role: StyleRole) -> Style { styles[role] ?? Style() }

    /// Replaces the style of one role.
    public mutating func setStyle(_ style: Style, for role: StyleRole) { styles[role] = style }

    /// Every role's style fitted to a terminal's capability.
    ///
    /// Colours are downgraded (truecolor → 256 → 16 → 8); a foreground that lands on the same colour as its
    /// background falls back to the terminal default so text never vanishes. With no colours at all (`NO_COLOR`, a
    /// mono terminal) a role keeps its attributes and adds those of the built-in mono theme, so selection, headers
    /// and errors stay distinguishable.
    public func resolved(for capability: ColorCapability) -> [StyleRole: Style] {
        var out: [StyleRole: Style] = [:]
        let mono = capability == .none ? Theme.builtinMono : nil
        for role in StyleRole.allCases {
            let style = self.style(for: role)
            if let mono {
                out[role] = Style(attributes: style.attributes.union(mono.style(for: role).attributes))
                continue
            }
            var fg = style.foreground.downgraded(to: capability) ?? .default
            let bg = style.background.downgraded(to: capability) ?? .default
            if fg == bg && fg != .default { fg = .default }
            out[role] = Style(foreground: fg, background: bg, attributes: style.attributes)
        }
        return out
    }
}
