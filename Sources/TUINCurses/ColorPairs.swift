import CNCurses
import TUIKit

/// The ncurses colour pairs and attributes for every role of a theme, fitted to the terminal.
///
/// Pair `role.index + 1` belongs to each role (pair 0 is the terminal default), so a cell's role is all that is
/// needed to draw it.
struct ColorPairs {
    /// Attributes per role index (without colour).
    private(set) var attributes: [attr_t] = []
    /// Colour pair per role index (0 when colours are off).
    private(set) var pairs: [Int16] = []

    /// Resolves the theme for `capability`, calls `init_pair` for each role, and caches the attributes.
    /// Must run on the terminal thread.
    init(theme: Theme, capability: ColorCapability, defaultColors: Bool) {
        let resolved = theme.resolved(for: capability)
        let usePairs = capability != .none && Int(zk_color_pairs()) > StyleRole.allCases.count
        for role in StyleRole.allCases {
            let style = resolved[role] ?? Style()
            var attrs = zk_a_normal()
            if style.attributes.contains(.bold) { attrs |= zk_a_bold() }
            if style.attributes.contains(.dim) { attrs |= zk_a_dim() }
            if style.attributes.contains(.underline) { attrs |= zk_a_underline() }
            if style.attributes.contains(.reverse) { attrs |= zk_a_reverse() }
            if style.attributes.contains(.italic) { attrs |= zk_a_italic() }
            attributes.append(attrs)
            if usePairs {
                let pair = Int16(role.index + 1)
                init_pair(
                    pair, Self.number(style.foreground, isForeground: true, defaultColors: defaultColors),
                    Self.number(style.background, isForeground: false, defaultColors: defaultColors))
                pairs.append(pair)
            } else {
                pairs.append(0)
            }
        }
    }

    /// The ncurses colour number; `-1` is the terminal default when `use_default_colors` worked.
    static func number(_ color: TerminalColor, isForeground: Bool, defaultColors: Bool) -> Int16 {
        switch color {
        case .default: return defaultColors ? -1 : (isForeground ? Int16(COLOR_WHITE) : Int16(COLOR_BLACK))
        case .basic(let i): return Int16(i)
        case .indexed(let i): return Int16(i)
        case .rgb(let r, let g, let b):
            // Not reached: the terminal caps the capability at 256 colours. Fall back to the nearest entry.
            if case .indexed(let i) = TerminalColor.rgb(r, g, b).downgraded(to: .indexed256) { return Int16(i) }
            return -1
        }
    }
}
