/// Whether a tree row can be opened.
public enum TreeMarker: Hashable, Sendable {
    /// Has children, shown.
    case expanded
    /// Has children, hidden.
    case collapsed
    /// No children.
    case leaf
    /// Children not known yet (being fetched).
    case loading

    /// The glyph drawn before the name.
    public var glyph: String {
        switch self {
        case .expanded: return "▾"
        case .collapsed: return "▸"
        case .leaf: return " "
        case .loading: return "…"
        }
    }
}

/// A small tag drawn after a name ("eph", "seq", "3 children").
public struct Badge: Hashable, Sendable {
    /// Text of the badge.
    public var text: SafeText
    /// Role of the badge.
    public var role: StyleRole
    /// Creates a badge.
    public init(_ text: String, role: StyleRole = .badge) {
        self.text = SafeText(text)
        self.role = role
    }
}

/// One visible row of a tree, produced on demand by the application's flattened tree.
public struct TreeRow: Hashable, Sendable {
    /// Nesting depth (0 for the root).
    public var depth: Int
    /// Open/closed/leaf.
    public var marker: TreeMarker
    /// The node name (sanitized: znode names are untrusted).
    public var name: SafeText
    /// Role of the name (node kind).
    public var role: StyleRole
    /// Tags after the name.
    public var badges: [Badge]
    /// Right-aligned detail (size, child count), in ``StyleRole/dim``.
    public var detail: SafeText

    /// Creates a row.
    public init(
        depth: Int, marker: TreeMarker, name: String, role: StyleRole = .nodePersistent, badges: [Badge] = [],
        detail: String = ""
    ) {
        self.depth = depth
        self.marker = marker
        self.name = SafeText(name)
        self.role = role
        self.badges = badges
        self.detail = SafeText(detail)
    }
}

/// A tree shown as an indented list, drawn from a window of rows the application supplies.
///
/// The widget never sees the whole tree: the application keeps its tree flattened (expanded nodes only) and
/// answers `row(i)` for the visible indices, so a key press on a 100,000-node tree draws about one screenful.
public struct TreeListView: Hashable, Sendable {
    /// Selection and scroll state over the flattened rows.
    public var viewport: ListViewport
    /// Columns of indentation per level.
    public var indent: Int = 2

    /// Creates a tree view over `rowCount` flattened rows.
    public init(rowCount: Int = 0) { self.viewport = ListViewport(count: rowCount) }

    /// Draws the visible rows; `row(i)` is called once per visible row.
    public mutating func draw(on screen: inout Screen, in rect: Rect, focused: Bool = true, row: (Int) -> TreeRow) {
        guard !rect.isEmpty else { return }
        viewport.setVisibleRows(rect.height)
        screen.fill(rect, role: .normal)
        for index in viewport.visibleRange {
            let line = rect.row(index - viewport.top)
            let content = row(index)
            let selected = index == viewport.selected
            let selectedRole: StyleRole = focused ? .selected : .selectedInactive
            let detailWidth = content.detail.width > 0 ? min(content.detail.width, max(0, rect.width / 3)) : 0
            let main = Rect(
                x: line.x, y: line.y, width: line.width - (detailWidth > 0 ? detailWidth + 1 : 0), height: 1)
            if selected { screen.fill(line, role: selectedRole) }
            // Deep trees must still show the name: indentation is capped at half the pane.
            var x = main.x + min(content.depth * indent, max(0, line.width / 2))
            x = screen.write(
                content.marker.glyph + " ", x: x, y: line.y, role: selected ? selectedRole : .dim, clip: main)
            let nameBudget = max(0, main.maxX - x)
            x = screen.write(
                content.name.truncated(to: nameBudget), x: x, y: line.y, role: selected ? selectedRole : content.role,
                clip: main)
            for badge in content.badges where x + 1 < main.maxX {
                x = screen.write(
                    badge.text.truncated(to: main.maxX - x - 1), x: x + 1, y: line.y,
                    role: selected ? selectedRole : badge.role, clip: main)
            }
            if detailWidth > 0 {
                screen.write(
                    content.detail, x: line.maxX - detailWidth, y: line.y, width: detailWidth,
                    role: selected ? selectedRole : .dim, alignment: .right, clip: line)
            }
        }
    }

    /// The flattened row index under a screen row (mouse click).
    public func rowIndex(atY y: Int, in rect: Rect) -> Int? {
        guard y >= rect.y, y < rect.maxY else { return nil }
        let index = viewport.top + y - rect.y
        return index < viewport.count ? index : nil
    }

    /// Whether a click at column `x` hit the expand marker of a row at `depth` (to toggle it).
    public func isMarker(atX x: Int, depth: Int, in rect: Rect) -> Bool {
        x == rect.x + min(depth * indent, max(0, rect.width / 2))
    }
}
