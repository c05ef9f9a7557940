import ZooKeeperClient

/// Deletes a znode and everything below it, children before parents, as Curator's
/// `deletingChildrenIfNeeded()` and ZooKeeper's `ZKUtil.deleteRecursive` do, built only on the client's
/// public API.
///
/// The recipe does not walk the tree itself: the caller hands it `enumerate`, which lists the subtree in
/// pre-order (a node before its descendants), e.g. with `EnsembleMonitor`'s `TreeWalker`, which lives above
/// this module and bounds what a hostile server can make a walk do. The recipe holds at most ``limit`` paths
/// (more: it deletes nothing and throws `badArguments`), then deletes in reverse pre-order, which puts every
/// child before its parent. A node already gone counts as done; a node that cannot be deleted (no permission,
/// a child created meanwhile: `notEmpty`) is reported and the rest goes on; losing the session stops it.
///
/// It writes, so only call it when the user asked for writes: zkscope runs it only with `--allow-writes`,
/// after the user typed the path of a non-empty subtree.
public struct RecursiveDelete: Sendable {
    /// At most this many nodes by default, so a runaway tree cannot hang the caller.
    public static let defaultLimit = 100_000

    /// Lists the subtree at `root` in pre-order, calling `visit` with each absolute path (the root first). An
    /// error thrown by `visit` must end the listing and be rethrown.
    public typealias Enumerate =
        @Sendable (_ root: String, _ visit: (String) throws -> Void) async throws -> Void

    /// The root of the subtree to delete.
    public let path: String
    /// The most nodes (the root included) the recipe deletes.
    public let limit: Int

    /// A delete of the subtree at `path` (a valid absolute path, not `/`).
    public init(path: String, limit: Int = defaultLimit) throws(ZooKeeperError) {
        guard ZNodePath.isValid(path), path != "/" else {
            throw ZooKeeperError(.badArguments, path: path, message: "not a deletable znode path")
        }
        self.path = path
        self.limit = max(1, limit)
    }

    /// The order to delete a pre-order listing in: every child before its parent.
    public static func deletionOrder(preOrder: [String]) -> [String] { preOrder.reversed() }

    /// Lists the subtree with `enumerate` and deletes it; says what was deleted and what failed. Throws when
    /// the listing fails or exceeds ``limit`` (nothing is deleted then), or when the session is lost.
    public func run(client: ZooKeeperClient, enumerate: Enumerate) async throws -> RecursiveDeleteReport {
        var listed: [String] = []
        let limit = self.limit
        let root = path
        try await enumerate(root) { path in
            listed.append(path)
            if listed.count > limit {
                throw ZooKeeperError(
                    .badArguments, path: root, message: "more than \(limit) nodes; nothing was deleted")
            }
        }
        var report = RecursiveDeleteReport(path: path, listed: listed.count)
        for node in Self.deletionOrder(preOrder: listed) {
            do throws(ZooKeeperError) {
                try await client.delete(node)
                report.deleted += 1
            } catch {
                switch error.code {
                case .noNode:
                    report.alreadyGone += 1
                case .connectionLoss, .sessionExpired, .closing, .cancelled, .operationTimeout:
                    throw error
                default:
                    report.failed.append(RecursiveDeleteReport.Failure(path: node, error: error))
                }
            }
        }
        return report
    }
}

/// What a ``RecursiveDelete`` did.
public struct RecursiveDeleteReport: Sendable, Hashable {
    /// A node that could not be deleted, and why.
    public struct Failure: Sendable, Hashable {
        /// The node.
        public var path: String
        /// The server's answer (e.g. `noAuth`, or `notEmpty` when a child was created meanwhile).
        public var error: ZooKeeperError
    }

    /// The subtree's root.
    public var path: String
    /// Nodes the listing found.
    public var listed: Int
    /// Nodes this run deleted.
    public var deleted = 0
    /// Nodes someone else deleted between the listing and the delete.
    public var alreadyGone = 0
    /// Nodes that could not be deleted, children first.
    public var failed: [Failure] = []

    /// One line for a status bar or a log: `deleted /app and 12 descendants`, or what failed.
    public var summary: String {
        if failed.isEmpty { return "deleted \(path) and \(max(0, listed - 1)) descendants" }
        let first = failed[0]
        return "deleted \(deleted) of \(listed) nodes under \(path); \(failed.count) failed (first: \(first.path): "
            + "\(first.error))"
    }
}
