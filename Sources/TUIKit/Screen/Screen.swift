/// One terminal cell of a ``Screen``.
public struct Cell: Hashable, Sendable {
    /// The grapheme shown (base character plus combining marks); `""` for the right half of a wide character.
    public var text: String
    /// 1, 2 for the left half of a wide character, 0 for its right half.
    public var width: UInt8
    /// The semantic style of the cell.
    public var role: StyleRole

    /// Creates a cell.
    public init(text: String, width: UInt8 = 1, role: StyleRole = .normal) {
        self.text = text
        self.width = width
        self.role = role
    }

    /// A space in the given role.
    public static func blank(_ role: StyleRole = .normal) -> Cell { Cell(text: " ", width: 1, role: role) }

    /// `true` for the right half of a wide character (terminal back ends skip it).
    public var isContinuation: Bool { width == 0 }
}

/// A cell position.
public struct Point: Hashable, Sendable {
    /// Column.
    public var x: Int
    /// Row.
    public var y: Int
    /// Creates a point.
    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }
}

/// An in-memory grid of cells: everything the UI draws goes here first.
///
/// Widgets and screens render into a `Screen` with no terminal involved, so they are tested by reading
/// ``text()`` back; a terminal back end (TUINCurses) then shows the grid, redrawing only the cells that changed
/// since the last frame. Writes are clipped to the grid and to an optional clip rectangle, and a wide character is
/// never split: one that does not fit is replaced by a space.
public struct Screen: Hashable, Sendable {
    /// Width in columns.
    public private(set) var width: Int
    /// Height in rows.
    public private(set) var height: Int
    /// Row-major cells (`y * width + x`).
    public private(set) var cells: [Cell]
    /// Where the terminal cursor should be shown (a text input), or `nil` to hide it.
    public var cursor: Point?

    /// A screen filled with blanks.
    public init(width: Int, height: Int, role: StyleRole = .normal) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = Array(repeating: .blank(role), count: self.width * self.height)
    }

    /// The whole screen as a rectangle.
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// The cell at a position (a blank outside the grid).
    public subscript(x: Int, y: Int) -> Cell {
        guard x >= 0, y >= 0, x < width, y < height else { return .blank() }
        return cells[y * width + x]
    }

    /// Blanks the whole screen.
    public mutating func clear(role: StyleRole = .normal) {
        for i in cells.indices { cells[i] = .blank(role) }
        cursor = nil
    }

    /// Fills a rectangle with a character (a space by default) in a role.
    public mutating func fill(_ rect: Rect, role: StyleRole, character: Character = " ") {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return }
        let text = SafeText(String(character))
        let cell = text.cells.first ?? DisplayCell(text: " ", width: 1)
        for y in area.y..<area.maxY {
            var x = area.x
            while x < area.maxX {
                put(x: x, y: y, text: cell.text, width: cell.width, role: role, limit: area.maxX)
                x += max(1, cell.width)
            }
        }
    }

    /// Changes the role of every cell in a rectangle, keeping the text (e.g. to highlight a selected row).
    public mutating func setRole(_ role: StyleRole, in rect: Rect) {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return }
        for y in area.y..<area.maxY {
            for x in area.x..<area.maxX { cells[y * width + x].role = role }
        }
    }

    /// Writes text starting at a cell, clipped to `clip` (default: the whole screen) and to one row.
    ///
    /// Strings are sanitized on the way in, so nothing written here can carry a control character to the
    /// terminal; escaped cells are drawn in ``StyleRole/controlChar``.
    /// - Returns: the column after the last cell written (where the next text would go).
    @discardableResult
    public mutating func write(_ string: String, x: Int, y: Int, role: StyleRole = .normal, clip: Rect? = nil) -> Int {
        write(SafeText(string), x: x, y: y, role: role, clip: clip)
    }

    /// Writes already-sanitized text; see ``write(_:x:y:role:clip:)-(String,_,_,_,_)``.
    @discardableResult
    public mutating func write(_ text: SafeText, x: Int, y: Int, role: StyleRole = .normal, clip: Rect? = nil) -> Int {
        let area = (clip ?? bounds).intersection(bounds)
        guard y >= area.y, y < area.maxY else { return x + text.width }
        var column = x
        for cell in text.cells {
            if column >= area.maxX { break }
            if column >= area.x {
                put(
                    x: column, y: y, text: cell.text, width: cell.width,
                    role: cell.escaped ? .controlChar : role, limit: area.maxX)
            } else if column + cell.width > area.x {
                // A wide character straddling the left edge: show the visible half as a space.
                put(x: area.x, y: y, text: " ", width: 1, role: role, limit: area.maxX)
            }
            column += cell.width
        }
        return column
    }

    /// Writes text and pads with spaces (in `role`) to exactly `width` columns, truncating with "…" if needed:
    /// the building block of table cells and list rows.
    public mutating func write(
        _ text: SafeText, x: Int, y: Int, width columns: Int, role: StyleRole, alignment: Alignment = .left,
        clip: Rect? = nil
    ) {
        guard columns > 0 else { return }
        let fitted = text.truncated(to: columns)
        let padding = columns - fitted.width
        let left: Int
        switch alignment {
        case .left: left = 0
        case .right: left = padding
        case .center: left = padding / 2
        }
        let box = Rect(x: x, y: y, width: columns, height: 1).intersection(clip ?? bounds)
        fill(box, role: role)
        write(fitted, x: x + left, y: y, role: role, clip: box)
    }

    /// Draws a box border with an optional title in the top edge.
    public mutating func drawBox(
        _ rect: Rect, role: StyleRole = .border, title: String? = nil, titleRole: StyleRole = .title
    ) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let clip = rect.intersection(bounds)
        for x in (rect.x + 1)..<(rect.maxX - 1) {
            write("─", x: x, y: rect.y, role: role, clip: clip)
            write("─", x: x, y: rect.maxY - 1, role: role, clip: clip)
        }
        for y in (rect.y + 1)..<(rect.maxY - 1) {
            write("│", x: rect.x, y: y, role: role, clip: clip)
            write("│", x: rect.maxX - 1, y: y, role: role, clip: clip)
        }
        write("┌", x: rect.x, y: rect.y, role: role, clip: clip)
        write("┐", x: rect.maxX - 1, y: rect.y, role: role, clip: clip)
        write("└", x: rect.x, y: rect.maxY - 1, role: role, clip: clip)
        write("┘", x: rect.maxX - 1, y: rect.maxY - 1, role: role, clip: clip)
        if let title, rect.width > 4 {
            let text = SafeText(" " + title + " ").truncated(to: rect.width - 4)
            write(text, x: rect.x + 2, y: rect.y, role: titleRole, clip: clip)
        }
    }

    /// The screen as text: one line per row, right halves of wide characters skipped, trailing spaces removed.
    /// Tests compare against this.
    public func text() -> String {
        (0..<height).map { rowText($0) }.joined(separator: "\n")
    }

    /// One row as text, trailing spaces removed.
    public func rowText(_ y: Int) -> String {
        guard y >= 0, y < height else { return "" }
        var line = ""
        for x in 0..<width where !cells[y * width + x].isContinuation { line += cells[y * width + x].text }
        while line.hasSuffix(" ") { line.removeLast() }
        return line
    }

    /// The roles of one row, one per column (for asserting colours in tests).
    public func roles(row y: Int) -> [StyleRole] {
        guard y >= 0, y < height else { return [] }
        return (0..<width).map { cells[y * width + $0].role }
    }

    /// Resizes, keeping the top-left content that still fits; new cells are blank.
    public mutating func resize(width newWidth: Int, height newHeight: Int) {
        var next = Screen(width: newWidth, height: newHeight)
        for y in 0..<min(height, next.height) {
            for x in 0..<min(width, next.width) {
                let cell = cells[y * width + x]
                if cell.isContinuation && x == 0 { continue }
                if cell.width == 2 && x + 1 >= next.width { continue }
                next.cells[y * next.width + x] = cell
            }
        }
        self = next
    }

    /// Places one cluster, repairing any wide character it overlaps so the grid never holds half a character.
    private mutating func put(x: Int, y: Int, text: String, width w: Int, role: StyleRole, limit: Int) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let index = y * width + x
        let wide = w == 2
        if wide && (x + 1 >= min(limit, width)) {
            // Does not fit: a space keeps the column count right.
            put(x: x, y: y, text: " ", width: 1, role: role, limit: limit)
            return
        }
        clearOverlap(at: x, y: y)
        if wide { clearOverlap(at: x + 1, y: y) }
        cells[index] = Cell(text: text, width: wide ? 2 : 1, role: role)
        if wide { cells[index + 1] = Cell(text: "", width: 0, role: role) }
    }

    private mutating func clearOverlap(at x: Int, y: Int) {
        let index = y * width + x
        let cell = cells[index]
        if cell.isContinuation, x > 0 {
            cells[index - 1] = .blank(cells[index - 1].role)
            cells[index] = .blank(cell.role)
        } else if cell.width == 2, x + 1 < width {
            cells[index + 1] = .blank(cells[index + 1].role)
        }
    }
}

/// Horizontal alignment inside a column.
public enum Alignment: Hashable, Sendable {
    /// Flush left (text).
    case left
    /// Flush right (numbers).
    case right
    /// Centred (titles).
    case center
}
