import ZooKeeperJute

/// A watch notification, as the application sees it.
public struct WatchEvent: Sendable, Hashable, CustomStringConvertible {
    /// What happened to the node.
    public var type: EventType
    /// The session state when it was sent (normally `syncConnected`).
    public var state: KeeperState
    /// The node's path, with the chroot stripped.
    public var path: String

    /// Makes an event.
    public init(type: EventType, state: KeeperState, path: String) {
        self.type = type
        self.state = state
        self.path = path
    }

    /// `Type path`, for logs.
    public var description: String { "\(type) \(path)" }
}

/// The session as the wire sees it (kazoo's KeeperState level).
///
/// What an application may assume in each state:
/// - `connecting`: no server is answering right now (or the SASL exchange of a new connection is under way). Requests wait in the queue (their deadline
///   runs); requests that were on the wire when the connection dropped failed with
///   `connectionLoss` and may or may not have been applied. The session, its ephemeral nodes and
///   its watches are probably still alive on the ensemble (until the session timeout passes).
/// - `connected(readOnly:)`: requests flow. With `readOnly: true` the server is cut off from its
///   quorum: reads may be stale and writes fail with `notReadOnly`.
/// - `expired`: the ensemble dropped the session: its ephemeral nodes are deleted and its watches
///   are gone. Terminal: every request fails with `sessionExpired`; make a new client.
/// - `authFailed`: the server refused the credentials and closed the session's connection.
///   Terminal: every request fails with `authFailed` (an `addAuth` credential was refused), `saslFailed` (the SASL
///   exchange failed: wrong user name or password, or the mechanism could not run) or
///   `sessionClosedRequireSASLAuth` (-124: the ensemble enforces SASL and none was configured).
/// - `closed`: `close()` was called. Terminal: requests fail with `closing`.
public enum SessionState: Sendable, Hashable {
    /// Looking for a server.
    case connecting
    /// Connected (to a read-only server if `readOnly`).
    case connected(readOnly: Bool)
    /// The session expired (terminal).
    case expired
    /// Authentication failed (terminal).
    case authFailed
    /// The client was closed (terminal).
    case closed
}

/// The session as an application should reason about it (kazoo's KazooState level).
///
/// - `connected`: the session is live and requests flow.
/// - `suspended`: the connection was lost but the session may still be alive. Do not assume you
///   still hold anything that depends on the session (a lock, an ephemeral leader node) until it
///   comes back; do not assume you lost it either. Ephemerals and watches survive if the client
///   reconnects within the session timeout.
/// - `lost`: the session is gone for good (expired, auth failed or closed): ephemeral nodes are
///   gone, locks are released, watches will not fire. Terminal for this client.
public enum ConnectionState: Sendable, Hashable {
    /// The session is live.
    case connected
    /// Disconnected; the session may still be alive.
    case suspended
    /// The session is gone.
    case lost
}

extension SessionState {
    /// The application-level view of a wire state, given whether the client was ever connected.
    func connectionState(wasConnected: Bool) -> ConnectionState? {
        switch self {
        case .connecting: return wasConnected ? .suspended : nil
        case .connected: return .connected
        case .expired, .authFailed, .closed: return .lost
        }
    }
}
