import TUIKit

/// Where the parts of the dashboard sit on a screen of a given size (kept for mouse hit-testing).
struct DashboardLayout: Hashable, Sendable {
    /// The tab row (left part of the top line).
    var tabs: Rect
    /// The summary on the right of the top line.
    var summary: Rect
    /// The pane body.
    var body: Rect
    /// The status line.
    var status: Rect
    /// The function bar or editor line.
    var bar: Rect
    /// Sub-areas of the body drawn by the current pane, for clicks and wheel steps.
    var regions: [Region] = []

    /// A clickable list inside the body.
    struct Region: Hashable, Sendable {
        /// What the region scrolls.
        var target: Target
        /// Its rows (without header).
        var rect: Rect
    }

    /// Which list a region belongs to.
    enum Target: Hashable, Sendable {
        case fleet, members, findings, timeline, tree, detail, sessions, locks, compare
    }

    static let zero = DashboardLayout(tabs: .zero, summary: .zero, body: .zero, status: .zero, bar: .zero)

    init(tabs: Rect, summary: Rect, body: Rect, status: Rect, bar: Rect) {
        self.tabs = tabs
        self.summary = summary
        self.body = body
        self.status = status
        self.bar = bar
    }

    /// Splits a screen: top line (tabs `tabsWidth` wide, then the summary), body, status line, bar.
    init(width: Int, height: Int, tabsWidth: Int = 52) {
        let rows = Rect(x: 0, y: 0, width: width, height: height).splitRows([
            .fixed(1), .flex(min: 1), .fixed(1), .fixed(1),
        ])
        let top = rows[0].splitColumns([.fixed(min(width, tabsWidth)), .flex()])
        self.init(tabs: top[0], summary: top[1], body: rows[1], status: rows[2], bar: rows[3])
    }
}
