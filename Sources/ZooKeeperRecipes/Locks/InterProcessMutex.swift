import ZooKeeperClient

/// A re-entrant distributed mutex, node-for-node compatible with Apache Curator's
/// `InterProcessMutex`: a Swift process and a Java process using Curator exclude each other on the
/// same path.
///
/// Layout: each contender creates an ephemeral-sequential `<path>/_c_<uuid>-lock-NNNNNNNNNN`
/// (parents are created as containers). Contenders are ordered by the sequence number after
/// `lock-`; the first holds the lock, every other one watches only the node just before it, so a
/// release wakes exactly one waiter. The `_c_<uuid>-` prefix lets a create whose reply was lost
/// find its node again instead of making a second one.
///
/// Re-entrant within the instance: `acquire` on an instance that holds the lock only counts up, and
/// the node is deleted by the matching last `release`. One instance is one owner; code in the same
/// process that must exclude each other uses separate instances (each contends in ZooKeeper).
///
/// A hold is only as good as the session: watch `state` / `stateChanges()` (or use the `LockHandle`
/// of `withLock`) to stop exclusive work when the connection is `suspended`; after a session expiry
/// the hold is `lost` and `release()` throws `LockError.lost` instead of pretending all went well.
///
/// ```swift
/// let mutex = try InterProcessMutex(client: client, path: "/lock/mutex/aaa")
/// try await mutex.withLock(timeout: .seconds(10)) { hold in
///     try await hold.checkHeld()
///     // ... exclusive work ...
/// }
/// ```
public actor InterProcessMutex: InterProcessLock {
    /// The client whose session owns the lock nodes.
    public nonisolated let client: ZooKeeperClient
    /// The lock's base path (the parent of the contenders' nodes).
    public nonisolated let path: String
    /// Written into our lock node: Curator writes the host's IP address by default, so an
    /// identifier here tells operators (and the dashboard) who holds the lock.
    public nonisolated let nodeData: [UInt8]
    /// Curator's lock name: nodes are `_c_<uuid>-lock-NNNNNNNNNN`.
    public static let lockName = "lock-"

    private let core: LockCore
    private let tracker = LockHoldTracker()
    private var holdCount = 0
    private var ourNode: String?
    private var generation = 0
    private var acquiring: Task<String?, any Error>?

    /// Makes a mutex on `path` (nothing is sent until `acquire`). Throws `badArguments` for an
    /// invalid path.
    public init(client: ZooKeeperClient, path: String, nodeData: [UInt8] = []) throws(ZooKeeperError) {
        guard ZNodePath.isValid(path), path != "/" else {
            throw ZooKeeperError(.badArguments, path: path, message: "invalid lock path")
        }
        self.client = client
        self.path = path
        self.nodeData = nodeData
        self.core = LockCore(client: client)
    }

    /// Tries to acquire the lock for at most `timeout`; returns whether it is held. Re-entrant: if
    /// this instance already holds it, the hold count goes up and the answer is `true` at once
    /// (unless the hold was lost, which throws `LockError.lost`). On timeout or error no node of ours
    /// is left behind. Throws `ZooKeeperError` when the session ends while waiting.
    public func acquire(timeout: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while true {
            if holdCount > 0 {
                if await tracker.state == .lost { throw LockError(.lost, path: path) }
                holdCount += 1
                return true
            }
            if let inFlight = acquiring {
                // Another task of this owner is acquiring: wait for it, then re-enter if it won.
                _ = try? await inFlight.value
                guard ContinuousClock.now < deadline || holdCount > 0 else { return false }
                continue
            }
            let core = self.core
            let path = self.path
            let data = nodeData
            let attempt = Task {
                try await core.acquireSequential(basePath: path, lockName: Self.lockName, data: data, until: deadline)
            }
            acquiring = attempt
            let node: String?
            do {
                node = try await withTaskCancellationHandler {
                    try await attempt.value
                } onCancel: {
                    attempt.cancel()
                }
                acquiring = nil
            } catch {
                acquiring = nil
                throw error
            }
            guard let node else { return false }
            ourNode = node
            holdCount = 1
            generation = await tracker.begin(client: client, nodePath: node)
            return true
        }
    }

    /// Releases one hold; the last one deletes our node (retrying while the connection is down).
    /// Throws `LockError.notHeld` without a hold, and `LockError.lost` if the hold was lost while
    /// held (the node is gone and the exclusive work may have overlapped another holder).
    public func release() async throws(LockError) {
        guard holdCount > 0, let node = ourNode else { throw LockError(.notHeld, path: path) }
        holdCount -= 1
        guard holdCount == 0 else { return }
        ourNode = nil
        let last = await tracker.end()
        await core.deleteGuaranteed(node)
        if last == .lost { throw LockError(.lost, path: path) }
    }

    /// A handle on the current hold (before the first hold: the lock path itself).
    public var currentHandle: LockHandle {
        LockHandle(path: path, nodePath: ourNode ?? path, tracker: tracker, generation: generation)
    }

    /// The hold's state now.
    public var state: LockHoldState {
        get async { await tracker.state }
    }

    /// State changes of this instance's holds (starting with the current state); a careful holder
    /// listens for `suspended` and `lost`.
    public func stateChanges() async -> AsyncStream<LockHoldState> { await tracker.subscribe() }

    /// Whether this instance holds the lock (possibly `suspended` or `lost`: check `state`).
    public var isAcquiredInThisProcess: Bool { holdCount > 0 }

    /// How many times this instance acquired the lock without releasing it.
    public var currentHoldCount: Int { holdCount }

    /// Our lock node while held.
    public var lockNodePath: String? { ourNode }

    /// Every contender's node, in lock order: the first holds the lock.
    public func participantNodes() async throws -> [String] {
        try await core.sortedChildren(path, lockName: Self.lockName).map { ZNodePath.join(path, $0) }
    }
}
