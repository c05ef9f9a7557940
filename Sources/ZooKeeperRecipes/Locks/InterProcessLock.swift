/// What both lock recipes share, so a service can hold either kind the same way and the
/// acquire–work–release discipline of `withLock` is written once.
public protocol InterProcessLock: Actor {
    /// The lock's base path.
    nonisolated var path: String { get }
    /// Waits up to `timeout` for the lock; `false` when it was not acquired in time.
    func acquire(timeout: Duration) async throws -> Bool
    /// Gives up the hold; throws `LockError.lost` when the hold had been lost meanwhile.
    func release() async throws(LockError)
    /// A handle on the current hold, for checking it is still held while working.
    var currentHandle: LockHandle { get }
    /// The hold's state now.
    var state: LockHoldState { get async }
    /// State changes of this instance's holds, starting with the current state.
    func stateChanges() async -> AsyncStream<LockHoldState>
}

extension InterProcessLock {
    /// Runs `body` while holding the lock and releases it afterwards (also when `body` throws).
    /// Throws `LockError.timedOut` if the lock was not acquired within `timeout`, and
    /// `LockError.lost` if it was lost while `body` ran (after `body` finished), so a caller never
    /// believes work was exclusive when it might not have been. An error thrown by `body` wins.
    public nonisolated(nonsending) func withLock<Result>(
        timeout: Duration, _ body: (LockHandle) async throws -> Result
    ) async throws -> Result {
        guard try await acquire(timeout: timeout) else { throw LockError(.timedOut, path: path) }
        let handle = await currentHandle
        let result: Result
        do {
            result = try await body(handle)
        } catch {
            try? await release()
            throw error
        }
        try await release()
        return result
    }
}
