/// Where a lock holder stands, as far as this process can know.
///
/// A ZooKeeper lock is only as good as the session that created its node. While the connection is
/// down the node may or may not still exist, and once the session expires another process may
/// already hold the lock. This state tells a careful holder when to stop doing work that needs
/// exclusivity (`suspended`) and when its critical section was no longer protected (`lost`).
public enum LockHoldState: Sendable, Hashable, CustomStringConvertible {
    /// Not acquired (never, or released).
    case notHeld
    /// Acquired and the session is connected: nobody else holds the lock.
    case held
    /// Acquired, but the connection is down. The session (and the lock) may still be alive if the
    /// client reconnects within the session timeout; until then, pause work that must be exclusive.
    case suspended
    /// The session ended (expired or closed) or the lock node was deleted by someone else: another
    /// process may hold the lock now. Terminal for this acquisition; `release()` reports it.
    case lost

    /// Lowercase name, for logs and the dashboard.
    public var description: String {
        switch self {
        case .notHeld: return "not-held"
        case .held: return "held"
        case .suspended: return "suspended"
        case .lost: return "lost"
        }
    }
}

/// Why a lock operation failed: what the caller must know instead of a silent "ok".
public struct LockError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The failure kinds.
    public enum Code: Sendable, Hashable {
        /// `release()` without a matching acquisition.
        case notHeld
        /// The lock was lost while held (session expired, client closed, lock node deleted): the
        /// work done under it may have overlapped another holder.
        case lost
        /// The connection is down right now (from `LockHandle.checkHeld()`): stop exclusive work.
        case suspended
        /// `withLock` could not acquire within its timeout.
        case timedOut
        /// A non-re-entrant lock was acquired again by the same instance (it would wait on itself).
        case alreadyHeld
    }

    /// What happened.
    public var code: Code
    /// The lock's base path.
    public var path: String

    /// Makes an error.
    public init(_ code: Code, path: String) {
        self.code = code
        self.path = path
    }

    /// `lock <path>: <code>`, for logs.
    public var description: String { "lock \(path): \(code)" }
}
