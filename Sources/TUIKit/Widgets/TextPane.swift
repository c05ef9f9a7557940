/// A scrollable pane of text (znode data, `conf` output, logs), wrapped or clipped to the pane width.
///
/// Lines are sanitized once when set; wrapping is computed per width and cached, so scrolling a large text is
/// a window over already-laid-out lines.
public struct TextPane: Hashable, Sendable {
    /// Sanitized source lines.
    public private(set) var lines: [SafeText]
    /// Wrap long lines (true) or clip them and scroll horizontally (false).
    public var wraps: Bool {
        didSet { layoutWidth = -1 }
    }
    /// First visible display line.
    public private(set) var top: Int = 0
    /// Columns scrolled off to the left when not wrapping.
    public var horizontalOffset: Int = 0
    private var layout: [SafeText] = []
    private var layoutWidth = -1
    private var visibleRows = 1

    /// Creates a pane from text; tabs are expanded to 8-column stops, other control characters made visible.
    public init(text: String = "", wraps: Bool = true) {
        self.lines = []
        self.wraps = wraps
        setText(text)
    }

    /// Replaces the text, keeping the scroll position where possible.
    public mutating func setText(_ text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            SafeText(Self.expandTabs($0.hasSuffix("\r") ? String($0.dropLast()) : String($0)))
        }
        layoutWidth = -1
    }

    /// Replaces the lines with already-sanitized ones (e.g. bytes shown with ``SafeText/init(bytes:)``).
    public mutating func setLines(_ newLines: [SafeText]) {
        lines = newLines
        layoutWidth = -1
    }

    /// Number of display lines at the last drawn width.
    public var displayLineCount: Int { layout.count }

    /// Scrolls by `delta` display lines.
    public mutating func scroll(by delta: Int) { top = max(0, min(top + delta, max(0, layout.count - visibleRows))) }
    /// Scrolls one page down.
    public mutating func pageDown() { scroll(by: max(1, visibleRows - 1)) }
    /// Scrolls one page up.
    public mutating func pageUp() { scroll(by: -max(1, visibleRows - 1)) }
    /// Scrolls to the top.
    public mutating func home() { top = 0 }
    /// Scrolls to the bottom.
    public mutating func end() { top = max(0, layout.count - visibleRows) }

    /// Draws the visible display lines.
    public mutating func draw(on screen: inout Screen, in rect: Rect, role: StyleRole = .normal) {
        guard !rect.isEmpty else { return }
        relayout(width: rect.width)
        visibleRows = rect.height
        top = max(0, min(top, max(0, layout.count - visibleRows)))
        screen.fill(rect, role: role)
        for i in 0..<rect.height where top + i < layout.count {
            let line = wraps ? layout[top + i] : layout[top + i].dropping(columns: horizontalOffset)
            screen.write(line, x: rect.x, y: rect.y + i, role: role, clip: rect)
        }
    }

    private mutating func relayout(width: Int) {
        let key = wraps ? width : 0
        guard key != layoutWidth else { return }
        layoutWidth = key
        layout = wraps ? lines.flatMap { $0.wrapped(to: width) } : lines
    }

    static func expandTabs(_ line: String) -> String {
        guard line.contains("\t") else { return line }
        var out = ""
        var column = 0
        for c in line {
            if c == "\t" {
                let spaces = 8 - column % 8
                out += String(repeating: " ", count: spaces)
                column += spaces
            } else {
                out.append(c)
                column += 1
            }
        }
        return out
    }
}

extension SafeText {
    /// The text cut into pieces of at most `width` columns (hard wrap, never splitting a wide character); an
    /// empty text gives one empty line so blank lines survive.
    public func wrapped(to width: Int) -> [SafeText] {
        guard width > 0, self.width > width else { return [self] }
        var out: [SafeText] = []
        var current: [DisplayCell] = []
        var used = 0
        for cell in cells {
            if used + cell.width > width {
                out.append(SafeText(cells: current))
                current = []
                used = 0
            }
            current.append(cell)
            used += cell.width
        }
        if !current.isEmpty { out.append(SafeText(cells: current)) }
        return out
    }
}
