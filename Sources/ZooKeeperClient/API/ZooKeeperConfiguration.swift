import Logging
import NIOCore
import NIOPosix
@_exported import ZooKeeperTLS

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
    /// TLS on every connection (the servers' `secureClientPort`), nil for plaintext. A TLS failure (untrusted
    /// certificate, wrong name, missing client certificate) is the cause of that attempt's failure
    /// (`ZooKeeperClient.lastConnectFailure`); when every server fails so, `connect` throws it at once.
    public var tls: TLSSettings?
    /// Whether a read-only server (one cut off from its quorum) may accept the session.
    public var allowReadOnly = false
    /// The most requests on the wire at once; callers beyond it wait in a queue (and their deadline
    /// keeps running).
    public var maxInFlight = 1024
    /// The server's `jute.maxbuffer`: larger requests are refused locally with `badArguments` (the
    /// server would drop the connection for them). It bounds what the server accepts, not what it sends.
    public var maxBuffer = 0xfffff
    /// The largest reply the client accepts, in bytes (default 32 MiB). A server sends what its data
    /// needs: a `getData` up to its own `jute.maxbuffer` (1 MiB by default, often raised to a few MiB),
    /// and a `getChildren` with 4 bytes plus the name per child, unbounded: 300,000 children named
    /// like `qn-0000000001` are 5 MB, as many UUID names 12 MB. The default lists about 800,000 UUID-named
    /// (or 2 million short sequential) children. A larger reply is read past without being held
    /// (memory stays at this limit whatever a server sends) and its request fails with `replyTooLarge`;
    /// the connection stays usable.
    public var maxReplySize = defaultMaxReplySize

    /// The default `maxReplySize`: 32 MiB.
    public static let defaultMaxReplySize = 32 << 20
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
    /// SASL credentials: when set, every connection authenticates with them right after the handshake (and again
    /// after every reconnect) before any queued request is sent. A refused exchange ends the session with
    /// `saslFailed`; an ensemble that enforces SASL closes a session without them with
    /// `sessionClosedRequireSASLAuth` (-124).
    public var sasl: SASLCredentials?
    /// The event loop group to run on; nil uses NIO's shared singleton group.
    public var eventLoopGroup: (any EventLoopGroup)?
    /// Where the client tells what its connection does: attempts and why they failed (`debug`/`info`),
    /// sessions established or resumed (`info`), connections lost and protocol errors (`notice`/`warning`),
    /// expiry (`warning`) and authentication failures (`error`). The default discards everything. Events
    /// carry the server and the session id, never data, paths' contents or credentials.
    public var logger = Logger(label: "zookeeper.client", factory: { _ in SwiftLogNoOpLogHandler() })

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
