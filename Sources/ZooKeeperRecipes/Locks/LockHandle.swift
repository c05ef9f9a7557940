/// What the body of `withLock` gets: a view of the hold it runs under, so long work can check
/// between steps that the lock is still held instead of assuming it.
///
/// ```swift
/// try await mutex.withLock(timeout: .seconds(10)) { hold in
///     for item in batch {
///         try await hold.checkHeld()   // throws LockError .suspended / .lost
///         try await process(item)
///     }
/// }
/// ```
public struct LockHandle: Sendable {
    /// The lock's base path.
    public let path: String
    /// Our lock node (for the semaphore mutex: our lease node).
    public let nodePath: String
    let tracker: LockHoldTracker
    let generation: Int

    /// The hold's state now (`notHeld` once it was released).
    public var state: LockHoldState {
        get async { await tracker.state(of: generation) }
    }

    /// Returns if the lock is held with a connected session; throws `LockError` `.suspended` while
    /// the connection is down, `.lost` once the session or our node is gone, `.notHeld` after release.
    public func checkHeld() async throws(LockError) {
        switch await state {
        case .held: return
        case .suspended: throw LockError(.suspended, path: path)
        case .lost: throw LockError(.lost, path: path)
        case .notHeld: throw LockError(.notHeld, path: path)
        }
    }
}
