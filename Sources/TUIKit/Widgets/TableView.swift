/// A column of a ``TableView``.
public struct TableColumn: Hashable, Sendable {
    /// Header text.
    public var title: String
    /// Width rule (fixed, flex, percent) - see ``LayoutSize``.
    public var width: LayoutSize
    /// Alignment of the cells (numbers right, text left).
    public var alignment: Alignment

    /// Creates a column.
    public init(_ title: String, width: LayoutSize = .flex(), alignment: Alignment = .left) {
        self.title = title
        self.width = width
        self.alignment = alignment
    }
}

/// One row's content, produced on demand for visible rows only.
public struct TableRow: Hashable, Sendable {
    /// Cell texts (sanitized) in column order; missing cells are blank.
    public var cells: [SafeText]
    /// Role of the whole row.
    public var role: StyleRole
    /// Optional per-cell roles overriding ``role`` (e.g. a status column).
    public var cellRoles: [StyleRole?]

    /// Creates a row from strings (sanitized here).
    public init(_ cells: [String], role: StyleRole = .normal, cellRoles: [StyleRole?] = []) {
        self.cells = cells.map { SafeText($0) }
        self.role = role
        self.cellRoles = cellRoles
    }

    /// Creates a row from sanitized texts.
    public init(texts: [SafeText], role: StyleRole = .normal, cellRoles: [StyleRole?] = []) {
        self.cells = texts
        self.role = role
        self.cellRoles = cellRoles
    }
}

/// A scrolling table with a header, a selected row and horizontal clipping.
///
/// The data source is a closure called only for the rows in view, so a table of 100,000 sessions costs as much
/// to draw as a table of 20. Columns too wide for the pane are clipped on the right and reached with
/// ``horizontalOffset`` (←/→ in the app).
public struct TableView: Hashable, Sendable {
    /// The columns.
    public var columns: [TableColumn]
    /// Selection and scroll state.
    public var viewport: ListViewport
    /// Columns of content scrolled off to the left.
    public var horizontalOffset: Int = 0
    /// Whether the header row is drawn.
    public var showsHeader: Bool = true
    /// Spaces between columns.
    public var columnGap: Int = 1

    /// Creates a table.
    public init(columns: [TableColumn], rowCount: Int = 0) {
        self.columns = columns
        self.viewport = ListViewport(count: rowCount)
    }

    /// The rectangle rows are drawn in, for a given pane rectangle.
    public func bodyRect(in rect: Rect) -> Rect { showsHeader ? rect.inset(top: 1) : rect }

    /// Column start offsets and widths for a pane width (before horizontal scrolling).
    public func columnLayout(width: Int) -> [(x: Int, width: Int)] {
        let gaps = max(0, columns.count - 1) * columnGap
        let minimum = columns.reduce(0) { sum, column in
            switch column.width {
            case .fixed(let n): return sum + n
            case .flex(_, let m): return sum + m
            case .percent(_, let m): return sum + m
            }
        }
        let total = max(width, minimum + gaps)
        let widths = LayoutSize.distribute(total - gaps, columns.map(\.width))
        var x = 0
        return widths.map { w in
            defer { x += w + columnGap }
            return (x, w)
        }
    }

    /// Draws the header and the visible rows; `row(i)` is called once per visible row.
    public mutating func draw(
        on screen: inout Screen, in rect: Rect, focused: Bool = true, row: (Int) -> TableRow
    ) {
        guard !rect.isEmpty else { return }
        let body = bodyRect(in: rect)
        viewport.setVisibleRows(body.height)
        let layout = columnLayout(width: rect.width)
        let maxOffset = max(0, (layout.last.map { $0.x + $0.width } ?? 0) - rect.width)
        horizontalOffset = max(0, min(horizontalOffset, maxOffset))
        if showsHeader {
            screen.fill(rect.row(0), role: .header)
            for (i, column) in columns.enumerated() {
                drawCell(
                    SafeText(column.title), layout[i], alignment: column.alignment, role: .header, y: rect.y,
                    rect: rect, on: &screen)
            }
        }
        screen.fill(body, role: .normal)
        for index in viewport.visibleRange {
            let y = body.y + index - viewport.top
            let content = row(index)
            let isSelected = index == viewport.selected
            let rowRole = isSelected ? (focused ? StyleRole.selected : .selectedInactive) : content.role
            screen.fill(body.row(index - viewport.top), role: rowRole)
            for (i, column) in columns.enumerated() {
                let text = i < content.cells.count ? content.cells[i] : .empty
                let cellRole =
                    isSelected ? rowRole : ((i < content.cellRoles.count ? content.cellRoles[i] : nil) ?? rowRole)
                drawCell(text, layout[i], alignment: column.alignment, role: cellRole, y: y, rect: rect, on: &screen)
            }
        }
    }

    private func drawCell(
        _ text: SafeText, _ slot: (x: Int, width: Int), alignment: Alignment, role: StyleRole, y: Int, rect: Rect,
        on screen: inout Screen
    ) {
        let x = rect.x + slot.x - horizontalOffset
        guard x < rect.maxX, x + slot.width > rect.x else { return }
        screen.write(text, x: x, y: y, width: slot.width, role: role, alignment: alignment, clip: rect)
    }

    /// The row under a screen row (mouse click), or `nil` for the header or empty space.
    public func rowIndex(atY y: Int, in rect: Rect) -> Int? {
        let body = bodyRect(in: rect)
        guard y >= body.y, y < body.maxY else { return nil }
        let index = viewport.top + y - body.y
        return index < viewport.count ? index : nil
    }
}
