/// The `?` screen: every binding of the key table, grouped by context, in a scrollable box.
///
/// It is generated from the same ``KeyBindingTable`` that dispatches keys, so it lists exactly the keys that
/// work.
public struct HelpScreen: Hashable, Sendable {
    /// The sections shown.
    public let sections: [HelpSection]
    /// Title of the box.
    public var title: String
    private var pane: TextPane
    private var roles: [StyleRole] = []

    /// Creates the help for a key table.
    public init<Action>(table: KeyBindingTable<Action>, title: String = "Help - Esc or ? to close") {
        self.init(sections: table.helpSections(), title: title)
    }

    /// Creates the help from sections.
    public init(sections: [HelpSection], title: String = "Help - Esc or ? to close") {
        self.sections = sections
        self.title = title
        let keyWidth = min(24, sections.flatMap(\.entries).map { TextSanitizer.displayWidth($0.keys) }.max() ?? 0)
        var lines: [String] = []
        var roles: [StyleRole] = []
        for (i, section) in sections.enumerated() {
            if i > 0 {
                lines.append("")
                roles.append(.helpText)
            }
            lines.append(section.title.prefix(1).uppercased() + section.title.dropFirst())
            roles.append(.title)
            for entry in section.entries {
                let pad = max(0, keyWidth - TextSanitizer.displayWidth(entry.keys))
                lines.append("  " + entry.keys + String(repeating: " ", count: pad) + "  " + entry.description)
                roles.append(.helpText)
            }
        }
        self.pane = TextPane(text: lines.joined(separator: "\n"), wraps: false)
        self.roles = roles
        self.keyColumn = keyWidth
    }

    private let keyColumn: Int

    /// The help as plain lines (what the box shows), for tests and `--help`-like output.
    public var lines: [String] { pane.lines.map(\.plain) }

    /// Scrolls by `delta` lines.
    public mutating func scroll(by delta: Int) { pane.scroll(by: delta) }
    /// Scrolls one page down.
    public mutating func pageDown() { pane.pageDown() }
    /// Scrolls one page up.
    public mutating func pageUp() { pane.pageUp() }

    /// Draws the help in a box filling `rect`.
    public mutating func draw(on screen: inout Screen, in rect: Rect) {
        guard rect.width >= 4, rect.height >= 3 else { return }
        screen.fill(rect, role: .helpText)
        screen.drawBox(rect, role: .border, title: title)
        let inner = rect.inset(top: 1, left: 2, bottom: 1, right: 1)
        pane.draw(on: &screen, in: inner, role: .helpText)
        // Colour titles and key names over the plain text just drawn.
        let top = pane.top
        for i in 0..<inner.height where top + i < roles.count {
            let y = inner.y + i
            if roles[top + i] == .title {
                screen.setRole(.title, in: inner.row(i))
            } else {
                screen.setRole(
                    .helpKey, in: Rect(x: inner.x + 2, y: y, width: min(keyColumn, inner.width - 2), height: 1))
            }
        }
    }
}
