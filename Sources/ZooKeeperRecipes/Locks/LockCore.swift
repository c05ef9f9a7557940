import ZooKeeperClient

/// The ZooKeeper steps both lock recipes share, written against the client's public API only:
/// protected sequential creates with container parents, "wait for my predecessor" and "wait for
/// the lease count", and deletes that keep trying while the session lives.
struct LockCore: Sendable {
    let client: ZooKeeperClient

    /// How long one wait for a watch lasts before the loop looks again anyway: a safety net, so a
    /// lost notification costs seconds, not the whole timeout.
    static let recheckInterval: Duration = .seconds(3)
    /// Pause between retries of a request that failed because the connection is down.
    static let retryPause: Duration = .milliseconds(100)
    /// Upper bound on retries of one step (each also bounded by the caller's deadline).
    static let maxAttempts = 200

    // MARK: - Errors

    /// Errors after which the same request may succeed (the session is still there).
    static func isTransient(_ error: any Error) -> Bool {
        guard let error = error as? ZooKeeperError else { return false }
        return isTransient(error.code)
    }

    /// Codes after which the same request may succeed.
    static func isTransient(_ code: ZooKeeperError.Code) -> Bool {
        switch code {
        case .connectionLoss, .operationTimeout, .sessionMoved, .requestTimeout, .throttledOp: return true
        default: return false
        }
    }

    static func code(of error: any Error) -> ZooKeeperError.Code? { (error as? ZooKeeperError)?.code }

    /// The client throws `cancelled` when our task is cancelled mid-call; the recipes report a
    /// cancelled acquisition as `CancellationError`, whichever await noticed it first.
    static func cancellationMapped(_ error: any Error) -> any Error {
        code(of: error) == .cancelled ? CancellationError() : error
    }

    static func pause() async { try? await Task.sleep(for: retryPause) }

    // MARK: - Creating

    /// Curator's `creatingParentContainersIfNeeded()`: every missing ancestor of a node, up to and
    /// including `parent`, is created as a container (the server removes it once it is empty again),
    /// checking with `exists` first like Curator so existing parents cost no failed write.
    func makeContainerParents(_ parent: String) async throws {
        guard parent != "/" else { return }
        var current = ""
        for component in parent.split(separator: "/") {
            current += "/" + component
            var attempts = 0
            while true {
                attempts += 1
                do {
                    if try await client.exists(current) == nil {
                        _ = try await client.create(current, mode: .container)
                    }
                    break
                } catch {
                    if error.code == .nodeExists { break }
                    guard Self.isTransient(error), attempts < 20 else { throw error }
                    await Self.pause()
                }
            }
        }
    }

    /// Creates an ephemeral-sequential `parent/_c_<uuid>-<name>` (Curator's protected mode) and returns
    /// its path. When a create's reply is lost, the node may exist anyway: before trying again the
    /// parent is listed and a child with our `_c_<uuid>-` prefix is taken as ours, so one acquisition
    /// never leaves two nodes (the second would wait on the first forever). Our client keeps one
    /// session for its lifetime (expiry is terminal), so a node found this way is always our session's.
    func createProtected(
        parent: String, name: String, data: [UInt8], until deadline: ContinuousClock.Instant
    ) async throws -> String {
        let prefix = ProtectedName.prefix(id: ProtectedName.randomID())
        let path = ZNodePath.join(parent, prefix + name)
        var mayExist = false
        var attempts = 0
        while true {
            attempts += 1
            do {
                if mayExist, let found = try await findProtected(parent: parent, prefix: prefix) {
                    return found
                }
                return try await client.create(path, data: data, mode: .ephemeralSequential)
            } catch {
                if Self.code(of: error) == .cancelled {
                    // Cancelling stops the wait, not the create: it may have been written and
                    // applied, so look for our node later and delete it.
                    findAndDeleteInBackground(parent: parent, prefix: prefix)
                    throw CancellationError()
                }
                if Self.code(of: error) == .noNode && attempts < 20 {
                    do {
                        try await makeContainerParents(parent)
                    } catch {
                        throw Self.cancellationMapped(error)
                    }
                    continue
                }
                guard Self.isTransient(error) else { throw error }
                mayExist = true
                guard attempts < Self.maxAttempts, ContinuousClock.now < deadline else {
                    findAndDeleteInBackground(parent: parent, prefix: prefix)
                    throw error
                }
                await Self.pause()
            }
        }
    }

    /// Our protected node under `parent`, if the server has it.
    func findProtected(parent: String, prefix: String) async throws -> String? {
        do {
            let children = try await client.getChildren(parent)
            return children.first { $0.hasPrefix(prefix) }.map { ZNodePath.join(parent, $0) }
        } catch {
            if error.code == .noNode { return nil }
            throw error
        }
    }

    /// A create that gave up may still have made its node: look for it later and delete it, so it
    /// does not block every other contender until our session ends (Curator does the same).
    func findAndDeleteInBackground(parent: String, prefix: String) {
        let core = self
        Task {
            for _ in 0..<Self.maxAttempts {
                do {
                    if let found = try await core.findProtected(parent: parent, prefix: prefix) {
                        await core.deleteGuaranteed(found)
                    }
                    return
                } catch  where Self.isTransient(error) {
                    try? await Task.sleep(for: .milliseconds(500))
                } catch {
                    return
                }
            }
        }
    }

    // MARK: - Deleting

    /// Deletes our node, retrying while the connection is down; if that takes too long the rest is
    /// done in the background (a node left behind would block every waiter until the session ends).
    /// NoNode and a dead session count as done: the node is gone either way.
    func deleteGuaranteed(_ path: String) async {
        let core = self
        // In a task of its own, which does not inherit our cancellation: a cancelled task's client
        // calls fail at once with `cancelled`, and this cleanup must run even then.
        if await Task(operation: { await core.deleteAttempts(path, count: 30) }).value { return }
        Task { _ = await core.deleteAttempts(path, count: Self.maxAttempts, pause: .milliseconds(500)) }
    }

    /// Up to `count` delete attempts; whether the node is known to be gone.
    func deleteAttempts(_ path: String, count: Int, pause: Duration = LockCore.retryPause) async -> Bool {
        for _ in 0..<count {
            do {
                try await client.delete(path)
                return true
            } catch {
                guard Self.isTransient(error) else { return true }
                try? await Task.sleep(for: pause)
            }
        }
        return false
    }

    // MARK: - Waiting

    /// What ended a wait for a watch.
    enum WaitOutcome: Sendable {
        /// Something happened to the watched path: look again.
        case event
        /// The deadline (or the recheck interval) passed.
        case timedOut
        /// The event stream ended: the session is gone or the client was closed.
        case ended
    }

    /// Waits until `events` delivers a notification for `path`, or `deadline` passes.
    static func waitForEvent(
        _ events: AsyncStream<WatchEvent>, path: String, until deadline: ContinuousClock.Instant
    ) async -> WaitOutcome {
        await withTaskGroup(of: WaitOutcome.self) { group in
            group.addTask {
                for await event in events where event.path == path { return .event }
                return Task.isCancelled ? .timedOut : .ended
            }
            group.addTask {
                try? await Task.sleep(until: deadline, clock: .continuous)
                return .timedOut
            }
            let first = await group.next() ?? .timedOut
            group.cancelAll()
            return first
        }
    }

    /// The earlier of the caller's deadline and the next safety recheck.
    static func nextWake(_ deadline: ContinuousClock.Instant) -> ContinuousClock.Instant {
        min(deadline, ContinuousClock.now + recheckInterval)
    }

    /// Throws the session's terminal error if the client can no longer do anything, so loops stop.
    func checkSessionAlive(path: String) throws {
        switch client.sessionState {
        case .expired: throw ZooKeeperError(.sessionExpired, path: path)
        case .closed: throw ZooKeeperError(.closing, path: path)
        case .authFailed: throw ZooKeeperError(.authFailed, path: path)
        case .connecting, .connected: return
        }
    }

    // MARK: - The two acquisition loops

    /// What one look at the children says: we hold it, or we wait for a change of `path`.
    enum Verdict {
        case acquired
        case wait(for: String)
    }

    /// Curator's `LockInternals.attemptLock` with one lease: create our sequential node under
    /// `basePath`; we hold the lock when it sorts first (by the sequence after `lockName`), else we
    /// watch only the node just before ours (no herd effect) and look again when it goes.
    /// Returns our node's path when acquired, nil when `deadline` passed (our node is deleted then).
    func acquireSequential(
        basePath: String, lockName: String, data: [UInt8], until deadline: ContinuousClock.Instant
    ) async throws -> String? {
        try await contend(
            parent: basePath, name: lockName, data: data, until: deadline,
            children: { LockNodeOrdering.sorted(try await $0.client.getChildren(basePath), lockName: lockName) },
            judge: { children, ourName in
                let index = children.firstIndex(of: ourName) ?? 0
                return index == 0 ? .acquired : .wait(for: ZNodePath.join(basePath, children[index - 1]))
            },
            arm: { core, predecessor in
                do {
                    // getData, not exists: if the predecessor is already gone, no watch is left behind.
                    _ = try await core.client.getData(predecessor, watch: true)
                    return true
                } catch {
                    if (error as? ZooKeeperError)?.code == .noNode { return false }
                    guard Self.isTransient(error), ContinuousClock.now < deadline else { throw error }
                    await Self.pause()
                    return false
                }
            })
    }

    /// Curator's `InterProcessSemaphoreV2` lease step (called while holding its `locks/` mutex):
    /// create our lease under `leasesPath`; we hold one of `maxLeases` when the lease count is at
    /// most `maxLeases`, else wait for the children to change. Returns our lease's path, or nil when
    /// `deadline` passed (our lease is deleted then).
    func acquireLease(
        leasesPath: String, leaseName: String, data: [UInt8], maxLeases: Int, until deadline: ContinuousClock.Instant
    ) async throws -> String? {
        try await contend(
            parent: leasesPath, name: leaseName, data: data, until: deadline,
            children: { try await $0.client.getChildren(leasesPath, watch: true) },
            judge: { children, _ in children.count <= maxLeases ? .acquired : .wait(for: leasesPath) },
            arm: { _, _ in true })
    }

    /// The loop both acquisitions share: create our node under `parent`; then, until `deadline`, list the
    /// children (retrying transient failures), create our node again if it vanished while the session lives
    /// (Curator's retry on "Sequential path not found"), and let `judge` say whether we hold it or which path to
    /// wait for. `arm` sets the watch on that path (false: look again at once). Our node is deleted when the
    /// deadline passes or anything throws; returns its path when held, nil when the deadline passed.
    private func contend(
        parent: String, name: String, data: [UInt8], until deadline: ContinuousClock.Instant,
        children list: (LockCore) async throws -> [String],
        judge: ([String], String) -> Verdict,
        arm: (LockCore, String) async throws -> Bool
    ) async throws -> String? {
        var ourPath = try await createProtected(parent: parent, name: name, data: data, until: deadline)
        do {
            var attempts = 0
            while true {
                try Task.checkCancellation()
                try checkSessionAlive(path: parent)
                attempts += 1
                let events = client.watchEvents()
                let children: [String]
                do {
                    children = try await list(self)
                } catch {
                    guard Self.isTransient(error), ContinuousClock.now < deadline, attempts < 10_000 else {
                        throw error
                    }
                    await Self.pause()
                    continue
                }
                let ourName = String(ourPath.split(separator: "/").last ?? "")
                guard children.contains(ourName) else {
                    guard ContinuousClock.now < deadline else { return nil }
                    ourPath = try await createProtected(parent: parent, name: name, data: data, until: deadline)
                    continue
                }
                guard case .wait(let path) = judge(children, ourName) else { return ourPath }
                guard ContinuousClock.now < deadline else { break }
                guard try await arm(self, path) else { continue }
                if await Self.waitForEvent(events, path: path, until: Self.nextWake(deadline)) == .ended {
                    try checkSessionAlive(path: parent)
                }
            }
        } catch {
            await deleteGuaranteed(ourPath)
            throw Self.cancellationMapped(error)
        }
        await deleteGuaranteed(ourPath)
        return nil
    }

    /// Children of `basePath` in lock order (empty if the lock node does not exist).
    func sortedChildren(_ basePath: String, lockName: String) async throws -> [String] {
        do {
            return LockNodeOrdering.sorted(try await client.getChildren(basePath), lockName: lockName)
        } catch {
            if error.code == .noNode { return [] }
            throw error
        }
    }
}
