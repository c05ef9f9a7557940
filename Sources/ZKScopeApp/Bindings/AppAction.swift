/// Everything a key, a mouse click on the function bar or a `:` command can ask the dashboard to do.
///
/// Actions are values so the key table, the help screen and the reducer all name the same thing, and tests can
/// drive the model without a terminal.
public enum AppAction: Hashable, Sendable {
    /// Leave the dashboard.
    case quit
    /// Show or hide the key help.
    case help
    /// Close the open overlay (help, dialog, detail) or clear the filter.
    case close
    /// Move the selection up one row.
    case up
    /// Move the selection down one row.
    case down
    /// Move up one page.
    case pageUp
    /// Move down one page.
    case pageDown
    /// First row.
    case home
    /// Last row.
    case end
    /// Collapse a tree node, or scroll a table left.
    case left
    /// Expand a tree node, or scroll a table right.
    case right
    /// Open the selected item (expand a node, show a finding's detail).
    case open
    /// Focus the next pane.
    case nextPane
    /// Focus the previous pane.
    case previousPane
    /// Jump to one pane directly.
    case showPane(Pane)
    /// Open the `/` filter prompt.
    case filter
    /// Open the `:` command line.
    case command
    /// Stop or resume refreshing (the screen freezes, polling data is kept).
    case togglePause
    /// Poll more often.
    case faster
    /// Poll less often.
    case slower
    /// Redraw the whole terminal.
    case redraw
    /// Cycle how the selected znode's data is shown (text, JSON, hex, base64).
    case cycleDataView
    /// Browse the tree as the next member sees it.
    case nextTreeMember
    /// Move the focus between the tree and the detail pane (where arrows scroll the stat, ACL and data).
    case focusDetail
    /// Compare the selected znode on every member side by side (or close the compare view).
    case compareNode
    /// Compare view: select the next child that differs between members.
    case nextDifference
    /// Compare view: select the previous child that differs between members.
    case previousDifference
    /// Compare view: scroll the member columns left (more members than fit the width).
    case compareMembersLeft
    /// Compare view: scroll the member columns right.
    case compareMembersRight
    /// Create a child of the selected znode (write mode only).
    case createNode
    /// Change the selected znode's data (write mode only).
    case setData
    /// Delete the selected znode (write mode only).
    case deleteNode
    /// Fleet pane: sort by the next column (configuration order after the last).
    case sortNext
    /// Fleet pane: reverse the sort order.
    case sortReverse
    /// Demo mode: kill the current leader.
    case demoKillLeader
    /// Demo mode: restart a member.
    case demoRestartMember
    /// Demo mode: start a member with a mismatched server list.
    case demoMismatchedMember
    /// Demo mode: put every member back to healthy.
    case demoHeal
}
