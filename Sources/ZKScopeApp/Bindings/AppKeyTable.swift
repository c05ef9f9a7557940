import TUIKit

/// The dashboard's one key table: dispatch, the function bar and the `?` help screen are all derived from it.
///
/// Contexts: ``KeyContext/global`` works everywhere; a pane's context (``Pane/rawValue``) is tried first while
/// that pane has the focus; ``AppKeys/demo`` is active only in `zkscope demo`, ``AppKeys/write`` only with
/// `--allow-writes`. The help screen lists every context, so a newcomer sees the demo and write keys too.
public enum AppKeys {
    /// Keys that inject faults into the demo's lab ensemble.
    public static let demo = KeyContext("demo (zkscope demo only)")
    /// Keys that change the cluster (tree pane, `--allow-writes` only).
    public static let write = KeyContext("writes (tree pane, --allow-writes only)")
    /// The Fleet pane's context (only with several ensembles).
    public static let fleet = KeyContext(Pane.fleet.rawValue)
    /// The tree pane's context.
    public static let tree = KeyContext(Pane.tree.rawValue)
    /// The compare view's context (tree pane, `D`); while it is open the tree and write keys are off.
    public static let compare = KeyContext("compare (tree pane, D)")

    /// The table.
    public static let table = KeyBindingTable<AppAction>([
        KeyBinding([.function(1), .char("?")], .help, "Show or hide this help", bar: "Help"),
        KeyBinding([.escape], .close, "Close help, dialog or filter"),
        KeyBinding([.up, .char("k")], .up, "Move the selection up"),
        KeyBinding([.down, .char("j")], .down, "Move the selection down"),
        KeyBinding([.pageUp, .ctrl("b")], .pageUp, "Page up"),
        KeyBinding([.pageDown, .ctrl("f"), .char(" ")], .pageDown, "Page down"),
        KeyBinding([.home, .char("g")], .home, "First row"),
        KeyBinding([.end, .char("G")], .end, "Last row"),
        KeyBinding([.left, .char("h")], .left, "Collapse the node / scroll the table left"),
        KeyBinding([.right, .char("l")], .right, "Expand the node / scroll the table right"),
        KeyBinding([.enter], .open, "Open the selected item"),
        KeyBinding([.tab], .nextPane, "Next pane", bar: "Pane"),
        KeyBinding([.backTab], .previousPane, "Previous pane"),
        KeyBinding(
            [.char("F"), .char("0")], .showPane(.fleet), "Fleet pane: every ensemble, one row each (several ensembles)"),
        KeyBinding([.char("1")], .showPane(.ensemble), "Ensemble pane"),
        KeyBinding([.char("2")], .showPane(.findings), "Findings and timeline pane"),
        KeyBinding([.char("3")], .showPane(.tree), "Tree pane"),
        KeyBinding([.char("4")], .showPane(.sessions), "Sessions pane"),
        KeyBinding([.char("5")], .showPane(.locks), "Locks pane"),
        KeyBinding([.char("/")], .filter, "Filter the rows of this pane", bar: "Filter"),
        KeyBinding(
            [.char(":")], .command,
            "Command line (:ctx NAME, :tree /path, :compare /path, :member 2, :theme NAME, :interval 5, :q)",
            bar: "Cmd"),
        KeyBinding([.char("p")], .togglePause, "Pause or resume the display", bar: "Pause"),
        KeyBinding([.char("+"), .char("=")], .faster, "Refresh more often"),
        KeyBinding([.char("-")], .slower, "Refresh less often"),
        KeyBinding([.ctrl("l")], .redraw, "Redraw the screen"),
        KeyBinding([.char("q"), .function(10), .ctrl("c")], .quit, "Quit", bar: "Quit"),
        KeyBinding([.enter], .open, "Open the selected ensemble's panes", context: fleet, bar: "Open"),
        KeyBinding(
            [.char("s")], .sortNext, "Sort by the next column (:sort NAME picks one)", context: fleet, bar: "Sort"),
        KeyBinding([.char("r")], .sortReverse, "Reverse the sort order", context: fleet),
        KeyBinding([.char("v")], .cycleDataView, "Data as text, JSON, hex or base64", context: tree, bar: "View"),
        KeyBinding(
            [.char("m")], .nextTreeMember, "Browse the tree as the next member sees it", context: tree, bar: "Member"),
        KeyBinding(
            [.char("o")], .focusDetail, "Focus the detail pane (arrows scroll it; Esc or ← returns)", context: tree,
            bar: "Detail"),
        KeyBinding(
            [.char("D")], .compareNode, "Compare the node on every member side by side", context: tree, bar: "Compare"),
        KeyBinding([.enter, .right, .char("l")], .open, "Compare the selected child", context: compare, bar: "Child"),
        KeyBinding([.left, .char("h"), .backspace], .left, "Compare the parent", context: compare, bar: "Parent"),
        KeyBinding(
            [.char("n")], .nextDifference, "Next child that differs between members", context: compare, bar: "NextDiff"),
        KeyBinding([.char("N")], .previousDifference, "Previous child that differs", context: compare),
        KeyBinding([.char("<")], .compareMembersLeft, "Scroll the member columns left", context: compare),
        KeyBinding([.char(">")], .compareMembersRight, "Scroll the member columns right", context: compare),
        KeyBinding([.escape], .close, "Close the compare view", context: compare, bar: "Close"),
        KeyBinding([.char("D")], .compareNode, "Close the compare view (back to the tree)", context: compare),
        KeyBinding([.char("c")], .createNode, "Create a child node", context: write),
        KeyBinding([.char("e")], .setData, "Set the node's data", context: write),
        KeyBinding([.char("d"), .delete], .deleteNode, "Delete the node (asks first)", context: write),
        KeyBinding([.char("K")], .demoKillLeader, "Kill the leader", context: demo, bar: "KillLdr"),
        KeyBinding([.char("R")], .demoRestartMember, "Restart a follower", context: demo, bar: "Restart"),
        KeyBinding(
            [.char("M")], .demoMismatchedMember, "Restart a member with a mismatched server list", context: demo,
            bar: "Mismatch"),
        KeyBinding(
            [.char("H")], .demoHeal, "Heal: start every member with the right list", context: demo, bar: "Heal"),
    ])
}
