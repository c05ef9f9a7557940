/// The znodes a ``DashboardSession`` reads for its panes (tree, compare view, locks) and the writes the user
/// confirmed; answers come back on ``results``.
///
/// ``LiveZNodeAccess`` is the real one (the tree's session and one session per member for the compare view);
/// tests answer requests with a fake. Requests are queued and never block the session's loop.
public protocol ZNodeAccess: Sendable {
    /// The answers to ``tree(_:)`` and ``compare(_:)`` requests, and watch events, in the order they came.
    var results: AsyncStream<ZNodeResult> { get }
    /// Queues a read (or a watch change) for the tree pane or the Locks pane.
    func tree(_ request: TreeRequest)
    /// Queues a read for the compare view.
    func compare(_ request: CompareRequest)
    /// Runs a write the user confirmed; returns the status line it leaves.
    func write(_ request: WriteRequest) async -> StatusMessage
    /// Ends every session (on quit); no results come after it.
    func close() async
}

/// An answer from ``ZNodeAccess``.
public enum ZNodeResult: Hashable, Sendable {
    /// For the tree pane, the detail or the Locks pane.
    case tree(TreeUpdate)
    /// One member's answer for the compare view.
    case compare(CompareUpdate)
}
