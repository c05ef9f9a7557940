/// Selection and scroll position of a list of `count` rows seen through a window of `visibleRows` rows.
///
/// Lists and trees in zkscope can hold 100,000 rows; the viewport is the only state needed to draw them, and
/// ``visibleRange`` tells a widget which rows to ask its data source for, so drawing costs what is visible.
public struct ListViewport: Hashable, Sendable {
    /// Number of rows in the list.
    public private(set) var count: Int
    /// Index of the selected row (0 when the list is empty).
    public private(set) var selected: Int
    /// Index of the first visible row.
    public private(set) var top: Int
    /// Rows visible in the last drawn frame (used for paging and keeping the selection in view).
    public private(set) var visibleRows: Int

    /// Creates a viewport at the top of a list.
    public init(count: Int = 0, visibleRows: Int = 1) {
        self.count = max(0, count)
        self.selected = 0
        self.top = 0
        self.visibleRows = max(1, visibleRows)
    }

    /// `true` when there is a row to select.
    public var hasSelection: Bool { count > 0 }

    /// The rows to draw.
    public var visibleRange: Range<Int> { top..<min(count, top + visibleRows) }

    /// Changes the row count (data refreshed), keeping the selection index where possible.
    public mutating func setCount(_ newCount: Int) {
        count = max(0, newCount)
        clamp()
    }

    /// Sets the window height (called by widgets when they draw).
    public mutating func setVisibleRows(_ rows: Int) {
        visibleRows = max(1, rows)
        clamp()
    }

    /// Selects a row and scrolls it into view.
    public mutating func select(_ index: Int) {
        selected = index
        clamp()
    }

    /// Moves the selection by `delta` rows (negative is up).
    public mutating func move(by delta: Int) { select(selected + delta) }

    /// Moves one page down.
    public mutating func pageDown() { move(by: max(1, visibleRows - 1)) }
    /// Moves one page up.
    public mutating func pageUp() { move(by: -max(1, visibleRows - 1)) }
    /// Selects the first row.
    public mutating func home() { select(0) }
    /// Selects the last row.
    public mutating func end() { select(count - 1) }

    /// Scrolls the window by `delta` rows (mouse wheel) and drags the selection along if it leaves the window.
    public mutating func scroll(by delta: Int) {
        top = max(0, min(max(0, count - visibleRows), top + delta))
        if selected < top { selected = top }
        if selected >= top + visibleRows { selected = top + visibleRows - 1 }
        clamp()
    }

    private mutating func clamp() {
        if count == 0 {
            selected = 0
            top = 0
            return
        }
        selected = max(0, min(count - 1, selected))
        if selected < top { top = selected }
        if selected >= top + visibleRows { top = selected - visibleRows + 1 }
        top = max(0, min(top, max(0, count - visibleRows)))
    }
}
