/// What the reducer asks the outside world to do: the effect runner (in the executable) carries these out, so
/// the model itself stays pure and testable.
public enum AppEffect: Hashable, Sendable {
    /// Leave the dashboard (the runner restores the terminal and cleans up).
    case quit
    /// Poll every this many seconds from now on.
    case setInterval(Double)
    /// Poll right away.
    case pollNow
    /// Load and apply a theme by name or path.
    case setTheme(String)
    /// Repaint the whole terminal.
    case repaint
    /// Demo mode: inject a fault into the lab ensemble.
    case demo(DemoFault)
    /// The tree pane needs something from the cluster.
    case tree(TreeRequest)
    /// Write mode: change the cluster (already confirmed by the user).
    case write(WriteRequest)
    /// The compare view needs every member's copy of a node.
    case compare(CompareRequest)
    /// Another ensemble's panes are shown now: close the old ensemble's znode sessions (tree, compare, locks),
    /// open this one's, and poll it at once so its panes fill without waiting for its next round.
    case switchEnsemble(String)
}

/// Faults the demo can inject.
public enum DemoFault: Hashable, Sendable {
    /// SIGKILL the current leader.
    case killLeader
    /// Stop and start one follower.
    case restartMember
    /// Restart one member with a server list that does not match the others.
    case mismatchedMember
    /// Start every stopped member again with its healthy configuration.
    case heal
}

/// Reads the tree pane asks for; results come back as ``TreeUpdate`` values.
public enum TreeRequest: Hashable, Sendable {
    /// List the children of a node and keep them watched while the node is expanded. A node with more than
    /// ``TreePaneModel/hugeChildCount`` children is only listed when `listHuge` is set (the user asked twice).
    case expand(path: String, listHuge: Bool)
    /// Stop watching a collapsed subtree.
    case collapse(path: String)
    /// Load the stat of these nodes (a new page of children came into view).
    case stats(paths: [String])
    /// Load stat, ACL and data of a node for the detail pane.
    case detail(path: String)
    /// Refresh the Locks pane: re-read the known locks, and look for locks in the whole tree (a bounded walk)
    /// when `rediscover` is set or the last walk is older than ``LockScanner/discoveryInterval``.
    case scanLocks(rediscover: Bool)
    /// Browse as this member sees it (`nil`: any member); every expanded node is listed again.
    case browseMember(address: String?)
}

/// A confirmed write.
public enum WriteRequest: Hashable, Sendable {
    /// Create a persistent node with data.
    case create(path: String, data: [UInt8])
    /// Replace a node's data.
    case setData(path: String, data: [UInt8])
    /// Delete a node (and, when `recursive`, its subtree, deepest first).
    case delete(path: String, recursive: Bool)
}
