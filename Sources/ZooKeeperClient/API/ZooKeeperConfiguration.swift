import NIOCore
import NIOPosix

/// Everything a `ZooKeeperClient` needs to know before it connects.
public struct ZooKeeperConfiguration: Sendable {
    /// The servers and optional chroot.
    public var connectString: ConnectString
    /// The session timeout to ask for; the server clamps it to its own [2, 20] x tickTime range.
    /// The read timeout is 2/3 of the negotiated value and pings go out every 1/3.
    public var sessionTimeout: Duration = .seconds(10)
    /// How long each request may take, from submission to reply, before it fails with
    /// `operationTimeout`. A silent server can therefore never make a caller hang.
    public var requestTimeout: Duration = .seconds(10)
    /// How long one TCP connect plus handshake may take; nil means session timeout / server count
    /// (at least 500 ms), as kazoo does.
    public var connectTimeout: Duration?
    /// Whether a read-only server (one cut off from its quorum) may accept the session.
    public var allowReadOnly = false
    /// The most requests on the wire at once; callers beyond it wait in a queue (and their deadline
    /// keeps running).
    public var maxInFlight = 1024
    /// The server's `jute.maxbuffer`: larger requests are refused locally with `badArguments`, and
    /// larger incoming frames (plus `frameSlack`) drop the connection.
    public var maxBuffer = 0xfffff
    /// Extra bytes allowed above `maxBuffer` for reply headers and stats.
    public var frameSlack = 64 * 1024
    /// First reconnect delay after every server failed once; doubles each round.
    public var reconnectBackoffBase: Duration = .milliseconds(50)
    /// The largest reconnect delay.
    public var reconnectBackoffMax: Duration = .seconds(1)
    /// Whether to shuffle the server list (spreads clients over the ensemble); tests turn it off.
    public var shuffleServers = true
    /// Re-register watches with SetWatches2 (3.6+, carries persistent watches); the client falls
    /// back to SetWatches if the server refuses it.
    public var useSetWatches2 = true
    /// A session to resume (from `ZooKeeperClient.sessionCredentials` of another client) instead
    /// of creating a new one. If it expired meanwhile, the client reports `expired`.
    public var resumeSession: SessionCredentials?
    /// The event loop group to run on; nil uses NIO's shared singleton group.
    public var eventLoopGroup: (any EventLoopGroup)?

    /// Makes a configuration from a parsed connect string.
    public init(connectString: ConnectString) {
        self.connectString = connectString
    }

    /// Parses `h1:p1,h2:p2/chroot`; throws `badArguments` when it is malformed.
    public init(connectString: String) throws(ZooKeeperError) {
        self.connectString = try ConnectString(parsing: connectString)
    }
}

/// What identifies a session to the ensemble: enough to resume it from another connection, or
/// another process.
public struct SessionCredentials: Sendable, Hashable {
    /// The session id.
    public var id: Int64
    /// The session password the server issued.
    public var password: [UInt8]

    /// Makes credentials.
    public init(id: Int64, password: [UInt8]) {
        self.id = id
        self.password = password
    }
}

extension Duration {
    /// Whole nanoseconds, saturating; the state machine counts time in Int64 nanoseconds.
    var nanosecondsClamped: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? Int64.min : Int64.max }
        let (total, overflow2) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        return overflow2 ? Int64.max : total
    }
}
