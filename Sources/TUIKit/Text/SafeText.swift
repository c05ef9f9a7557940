/// One terminal cell's worth of sanitized text: a printable character with its combining marks, or one piece of
/// a made-visible control sequence.
public struct DisplayCell: Hashable, Sendable {
    /// The characters drawn in the cell (a base character plus any combining marks).
    public var text: String
    /// Columns occupied: 1, or 2 for East Asian wide characters and emoji.
    public var width: Int
    /// `true` when the cell shows an escape (`^[`, `<U+202E>`, `\xFF`) rather than the data itself; drawn in
    /// ``StyleRole/controlChar`` so it cannot be mistaken for real text.
    public var escaped: Bool

    /// Creates a cell.
    public init(text: String, width: Int, escaped: Bool = false) {
        self.text = text
        self.width = width
        self.escaped = escaped
    }
}

/// Text that is safe to put on a terminal: every cell is printable and its display width is known.
///
/// Data from znodes, paths and server replies becomes `SafeText` before it is drawn (``Screen/write(_:x:y:role:clip:)``
/// does it for every string), so an escape sequence hidden in a znode can never move the cursor, change colours
/// or retitle the window.
public struct SafeText: Hashable, Sendable, ExpressibleByStringLiteral {
    /// The cells in order.
    public private(set) var cells: [DisplayCell]
    /// Total display width in columns.
    public private(set) var width: Int

    /// Sanitizes a string (see ``TextSanitizer``).
    public init(_ string: String) { self = TextSanitizer.sanitize(string) }

    /// Sanitizes raw bytes, showing bytes that are not valid UTF-8 as `\xNN`.
    public init(bytes: some Sequence<UInt8>) { self = TextSanitizer.sanitize(bytes: bytes) }

    /// Sanitizes a literal.
    public init(stringLiteral value: String) { self.init(value) }

    /// Creates text from cells that are already safe.
    init(cells: [DisplayCell]) {
        self.cells = cells
        self.width = cells.reduce(0) { $0 + $1.width }
    }

    /// Empty text.
    public static let empty = SafeText(cells: [])

    /// The visible text as a plain string (escapes included as their visible form).
    public var plain: String { cells.map(\.text).joined() }

    /// Appends another safe text.
    public mutating func append(_ other: SafeText) {
        cells.append(contentsOf: other.cells)
        width += other.width
    }

    /// The text cut to at most `columns` columns, never splitting a wide character; with `ellipsis` a cut text ends
    /// in "…" so the user can tell it was cut.
    public func truncated(to columns: Int, ellipsis: Bool = true) -> SafeText {
        guard width > columns else { return self }
        guard columns > 0 else { return .empty }
        let budget = ellipsis ? columns - 1 : columns
        var out: [DisplayCell] = []
        var used = 0
        for cell in cells {
            if used + cell.width > budget { break }
            out.append(cell)
            used += cell.width
        }
        if ellipsis { out.append(DisplayCell(text: "…", width: 1)) }
        return SafeText(cells: out)
    }

    /// The text without its first `columns` columns (for horizontal scrolling); a wide character cut in half
    /// becomes a space so columns stay aligned.
    public func dropping(columns: Int) -> SafeText {
        guard columns > 0 else { return self }
        var skipped = 0
        var index = 0
        var out: [DisplayCell] = []
        while index < cells.count && skipped < columns {
            skipped += cells[index].width
            index += 1
        }
        if skipped > columns { out.append(DisplayCell(text: " ", width: skipped - columns)) }
        out.append(contentsOf: cells[index...])
        return SafeText(cells: out)
    }
}
