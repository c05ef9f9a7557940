import TUIKit

/// The tree's detail pane: the selected node's stat, ACL and data as text that can take the focus and scroll.
///
/// Data can be a megabyte, so its lines are rebuilt only when what they show changes (another node, new data,
/// another data view, a newly located owner), not on every frame; the scroll position survives refreshes of the
/// same node and goes back to the top when another node is selected.
struct NodeDetailPane: Sendable {
    /// Whether arrows and page keys scroll the detail instead of moving the tree selection.
    var focused = false
    private var text = TextPane()
    private var shown: NodeDetail?
    private var shownView: DataView = .text
    private var shownHeader: [SafeText] = []

    /// Whether ``show(_:view:header:data:)`` would rebuild the text (so the caller can skip formatting the data).
    func isCurrent(_ detail: NodeDetail, view: DataView, header: [SafeText]) -> Bool {
        detail == shown && view == shownView && header == shownHeader
    }

    /// Shows a node: `header` (stat, ACL…) then `data` (the formatted data lines).
    mutating func show(_ detail: NodeDetail, view: DataView, header: [SafeText], data: [SafeText]) {
        if detail.path != shown?.path {
            text.home()
            text.horizontalOffset = 0
        }
        text.wraps = view != .hex
        text.setLines(header + data)
        shown = detail
        shownView = view
        shownHeader = header
    }

    /// Draws the visible lines.
    mutating func draw(on screen: inout Screen, in rect: Rect) { text.draw(on: &screen, in: rect) }

    /// Scrolls by `delta` lines (the mouse wheel).
    mutating func scroll(by delta: Int) { text.scroll(by: delta) }

    /// Handles an action while focused; nil when the action is not the detail's (it goes to the dashboard).
    mutating func handle(_ action: AppAction) -> [AppEffect]? {
        switch action {
        case .up: text.scroll(by: -1)
        case .down: text.scroll(by: 1)
        case .pageUp: text.pageUp()
        case .pageDown: text.pageDown()
        case .home: text.home()
        case .end: text.end()
        case .right:
            if !text.wraps { text.horizontalOffset += 8 }
        case .left:
            if text.horizontalOffset > 0 {
                text.horizontalOffset = max(0, text.horizontalOffset - 8)
            } else {
                focused = false
            }
        case .close, .focusDetail: focused = false
        default: return nil
        }
        return []
    }
}
