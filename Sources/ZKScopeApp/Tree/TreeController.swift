import EnsembleMonitor
import Foundation
import ZooKeeperClient
import ZooKeeperJute

/// The tree pane's effect runner: one ZooKeeper session that lists what the pane expands, watches only that,
/// and reports changes as ``TreeUpdate`` values.
///
/// Watches: an expanded node whose whole subtree is small (≤ ``recursiveLimit`` nodes, `getAllChildrenNumber`)
/// gets a persistent recursive watch, which also covers the stats of every visible descendant and any node
/// expanded inside it later; a larger subtree gets a persistent watch on the node alone (its child list and
/// data), so a busy deep subtree that is not on screen sends nothing. Servers without `addWatch` (before 3.6)
/// get one-shot watches, re-armed each time the node is listed. Requests and watch events go through one queue
/// and are handled in order; bursts of events are coalesced into one re-listing per node.
///
/// The decisions (what to watch, what to re-read, when) are made by the pure ``TreeWatchPlanner``; the actor
/// behind this class (``TreeExecutor``) only carries out its ``TreeAction`` values.
public final class TreeController: Sendable {
    /// Subtrees up to this many nodes get a persistent recursive watch.
    public static let recursiveLimit = TreeWatchPlanner.recursiveLimit
    private let worker: TreeExecutor
    private let queue: AsyncStream<TreeWork>.Continuation
    private let task: Task<Void, Never>

    /// Creates a controller; it connects on the first request.
    /// - Parameters:
    ///   - connectString: every member, `host:port,host:port`.
    ///   - deliver: called (from a background task) with each update.
    ///   - credentials: added to the session (`--auth`), so nodes their ACLs protect can be read.
    ///   - sasl: SASL credentials the session authenticates with (`--sasl-user`, `--jaas`), nil for none.
    ///   - maxReplySize: the session's reply limit (`--max-reply-size`); a node whose child list is larger
    ///     is reported in the status line, naming the node, the size and the option.
    ///   - tls: TLS for the session (`--tls…`), nil for plaintext.
    public init(
        connectString: String, credentials: [AuthCredential] = [], sasl: SASLCredentials? = nil,
        maxReplySize: Int = ZooKeeperConfiguration.defaultMaxReplySize, tls: TLSSettings? = nil, log: AppLog,
        deliver: @escaping @Sendable (TreeUpdate) -> Void
    ) {
        let (stream, continuation) = AsyncStream<TreeWork>.makeStream(bufferingPolicy: .unbounded)
        let worker = TreeExecutor(
            connectString: connectString, credentials: credentials, sasl: sasl, maxReplySize: maxReplySize, tls: tls,
            log: log,
            deliver: deliver, queue: continuation)
        self.worker = worker
        self.queue = continuation
        self.task = Task {
            for await work in stream { await worker.perform(work) }
        }
    }

    /// Queues a request from the pane.
    public func handle(_ request: TreeRequest) { queue.yield(.request(request)) }

    /// Runs a confirmed write and says how it went (message, is-error).
    public func write(_ request: WriteRequest) async -> (String, Bool) { await worker.write(request) }

    /// Closes the session (its watches go with it) and stops the queue.
    public func close() async {
        queue.finish()
        await worker.close()
        task.cancel()
    }
}

/// An item of the controller's queue.
enum TreeWork: Sendable {
    case request(TreeRequest)
    case event(WatchEvent, generation: Int)
    case flush
}
