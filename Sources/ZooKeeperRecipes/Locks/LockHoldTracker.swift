import ZooKeeperClient

/// Follows one lock instance's holds: `held` while the session is connected, `suspended` while the
/// connection is down, `lost` once the session ends or our lock node is deleted by someone else.
///
/// Each acquisition is a new generation; updates from an older hold's monitor are ignored, so a
/// late notification can never mark a newer hold lost.
actor LockHoldTracker {
    private(set) var state: LockHoldState = .notHeld
    private var generation = 0
    private var monitor: Task<Void, Never>?
    private var subscribers: [Int: AsyncStream<LockHoldState>.Continuation] = [:]
    private var nextSubscriber = 0

    /// Starts a hold of `nodePath` and its monitor; returns the hold's generation.
    func begin(client: ZooKeeperClient, nodePath: String) -> Int {
        monitor?.cancel()
        generation += 1
        let current = generation
        set(.held)
        monitor = Task { [weak self] in
            guard let self else { return }
            await Self.monitor(client: client, nodePath: nodePath, generation: current, tracker: self)
        }
        return current
    }

    /// Ends the current hold; returns its last state (`lost` if it was lost at any point, since lost
    /// is terminal for a hold).
    func end() -> LockHoldState {
        monitor?.cancel()
        monitor = nil
        generation += 1
        let last = state
        set(.notHeld)
        return last
    }

    /// The state of hold `generation` (`notHeld` once it ended).
    func state(of generation: Int) -> LockHoldState {
        generation == self.generation ? state : .notHeld
    }

    /// A stream of states, starting with the current one; it ends when the subscriber stops.
    func subscribe() -> AsyncStream<LockHoldState> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: LockHoldState.self, bufferingPolicy: .bufferingNewest(64))
        let id = nextSubscriber
        nextSubscriber += 1
        subscribers[id] = continuation
        continuation.yield(state)
        continuation.onTermination = { [weak self] _ in
            Task { await self?.unsubscribe(id) }
        }
        return stream
    }

    private func unsubscribe(_ id: Int) { subscribers[id] = nil }

    /// The session's application-level state changed.
    func observe(_ connection: ConnectionState, generation: Int) {
        guard generation == self.generation, state == .held || state == .suspended else { return }
        switch connection {
        case .connected: set(.held)
        case .suspended: set(.suspended)
        case .lost: set(.lost)
        }
    }

    /// Our lock node was deleted while we held it.
    func nodeDeleted(generation: Int) {
        guard generation == self.generation, state == .held || state == .suspended else { return }
        set(.lost)
    }

    private func set(_ newState: LockHoldState) {
        guard newState != state else { return }
        state = newState
        for continuation in subscribers.values { continuation.yield(newState) }
    }

    /// Watches the session state and our node until the hold ends (the task is cancelled).
    private static func monitor(
        client: ZooKeeperClient, nodePath: String, generation: Int, tracker: LockHoldTracker
    ) async {
        let states = client.connectionStates()
        let events = client.watchEvents()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await connection in states { await tracker.observe(connection, generation: generation) }
                // The stream ends when the session ends or the client closes.
                if !Task.isCancelled { await tracker.observe(.lost, generation: generation) }
            }
            group.addTask {
                await watchNode(client: client, nodePath: nodePath, events: events) {
                    await tracker.nodeDeleted(generation: generation)
                }
            }
        }
    }

    /// Keeps an exists-watch on our node and calls `deleted` once it disappears. A data change uses
    /// the one-shot watch up, so the watch is set again after every other event.
    private static func watchNode(
        client: ZooKeeperClient, nodePath: String, events: AsyncStream<WatchEvent>,
        deleted: @Sendable () async -> Void
    ) async {
        var iterator = events.makeAsyncIterator()
        while !Task.isCancelled {
            do {
                if try await client.exists(nodePath, watch: true) == nil {
                    await deleted()
                    return
                }
            } catch  where LockCore.isTransient(error) {
                // Connection trouble is reported by the state stream; try again when it is back.
                try? await Task.sleep(for: .milliseconds(500))
                continue
            } catch {
                return  // the session is gone: the state stream reports `lost`
            }
            var sawEvent = false
            while let event = await iterator.next() {
                guard event.path == nodePath else { continue }
                if event.type == .nodeDeleted {
                    await deleted()
                    return
                }
                sawEvent = true
                break
            }
            if !sawEvent { return }
        }
    }
}
