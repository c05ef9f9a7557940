import ZooKeeperClient

/// A non-re-entrant distributed mutex, node-for-node compatible with Apache Curator's
/// `InterProcessSemaphoreMutex` (an `InterProcessSemaphoreV2` with one lease).
///
/// Layout under the lock path (all parents are containers):
/// - `locks/_c_<uuid>-lock-NNNNNNNNNN`: a short-lived inner mutex (as `InterProcessMutex`) that
///   serialises the contenders while one of them takes a lease;
/// - `leases/_c_<uuid>-lease-NNNNNNNNNN`: the leases. Holding the inner mutex, a contender creates
///   its lease and owns the lock as soon as `leases/` has at most one child (its own), waiting on
///   the children otherwise; then it releases the inner mutex. While held, ZooKeeper shows one lease
///   (plus, at most, the next contender's lease and the queue in `locks/`).
///
/// Not re-entrant: a second `acquire` on an instance that holds the lock throws
/// `LockError.alreadyHeld` (Curator's would wait on itself until its timeout).
///
/// ```swift
/// let mutex = try InterProcessSemaphoreMutex(client: client, path: "/lock/mutex/aaa")
/// if try await mutex.acquire(timeout: .seconds(5)) {
///     defer { Task { try? await mutex.release() } }
///     // ... exclusive work; check `await mutex.state` between steps ...
/// }
/// ```
public actor InterProcessSemaphoreMutex: InterProcessLock {
    /// The client whose session owns the lock nodes.
    public nonisolated let client: ZooKeeperClient
    /// The lock's base path (parent of `locks/` and `leases/`).
    public nonisolated let path: String
    /// Written into our inner-lock and lease nodes (Curator writes the host's IP address).
    public nonisolated let nodeData: [UInt8]
    /// The inner mutex's folder, Curator's `LOCK_PARENT`.
    public static let locksFolder = "locks"
    /// The leases' folder, Curator's `LEASE_PARENT`.
    public static let leasesFolder = "leases"
    /// Curator's lease name: leases are `_c_<uuid>-lease-NNNNNNNNNN`.
    public static let leaseName = "lease-"

    private let core: LockCore
    private let tracker = LockHoldTracker()
    private var lease: String?
    private var acquiring = false
    private var generation = 0

    /// Makes a semaphore mutex on `path` (nothing is sent until `acquire`). Throws `badArguments`
    /// for an invalid path.
    public init(client: ZooKeeperClient, path: String, nodeData: [UInt8] = []) throws(ZooKeeperError) {
        guard ZNodePath.isValid(path), path != "/" else {
            throw ZooKeeperError(.badArguments, path: path, message: "invalid lock path")
        }
        self.client = client
        self.path = path
        self.nodeData = nodeData
        self.core = LockCore(client: client)
    }

    /// `<path>/locks`.
    public nonisolated var locksPath: String { ZNodePath.join(path, Self.locksFolder) }
    /// `<path>/leases`.
    public nonisolated var leasesPath: String { ZNodePath.join(path, Self.leasesFolder) }

    /// Tries to acquire the lock for at most `timeout`; returns whether it is held. Throws
    /// `LockError.alreadyHeld` if this instance holds it or is acquiring it already (not
    /// re-entrant), and `ZooKeeperError` when the session ends while waiting. On timeout or error
    /// no node of ours is left behind.
    public func acquire(timeout: Duration) async throws -> Bool {
        guard lease == nil, !acquiring else { throw LockError(.alreadyHeld, path: path) }
        acquiring = true
        defer { acquiring = false }
        let deadline = ContinuousClock.now + timeout
        let core = self.core
        let (locksPath, leasesPath, data) = (self.locksPath, self.leasesPath, nodeData)
        let attempt = Task { () async throws -> String? in
            guard
                let innerLock = try await core.acquireSequential(
                    basePath: locksPath, lockName: InterProcessMutex.lockName, data: data, until: deadline)
            else { return nil }
            do {
                let lease = try await core.acquireLease(
                    leasesPath: leasesPath, leaseName: Self.leaseName, data: data, maxLeases: 1, until: deadline)
                await core.deleteGuaranteed(innerLock)
                return lease
            } catch {
                await core.deleteGuaranteed(innerLock)
                throw error
            }
        }
        let acquired = try await withTaskCancellationHandler {
            try await attempt.value
        } onCancel: {
            attempt.cancel()
        }
        guard let acquired else { return false }
        lease = acquired
        generation = await tracker.begin(client: client, nodePath: acquired)
        return true
    }

    /// Releases the lock by deleting our lease (retrying while the connection is down). Throws
    /// `LockError.notHeld` without a hold, and `LockError.lost` if the hold was lost while held.
    public func release() async throws(LockError) {
        guard let ourLease = lease else { throw LockError(.notHeld, path: path) }
        lease = nil
        let last = await tracker.end()
        await core.deleteGuaranteed(ourLease)
        if last == .lost { throw LockError(.lost, path: path) }
    }

    /// A handle on the current hold (before the first hold: the lock path itself).
    public var currentHandle: LockHandle {
        LockHandle(path: path, nodePath: lease ?? path, tracker: tracker, generation: generation)
    }

    /// The hold's state now.
    public var state: LockHoldState {
        get async { await tracker.state }
    }

    /// State changes of this instance's holds (starting with the current state).
    public func stateChanges() async -> AsyncStream<LockHoldState> { await tracker.subscribe() }

    /// Whether this instance holds the lock (possibly `suspended` or `lost`: check `state`).
    public var isAcquiredInThisProcess: Bool { lease != nil }

    /// Our lease node while held.
    public var leaseNodePath: String? { lease }

    /// The current leases (Curator's `getParticipantNodes`): normally one, the holder's; two
    /// while the next contender is waiting for it, in sequence order.
    public func participantNodes() async throws -> [String] {
        try await core.sortedChildren(leasesPath, lockName: Self.leaseName).map { ZNodePath.join(leasesPath, $0) }
    }
}
