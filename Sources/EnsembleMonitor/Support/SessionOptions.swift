import ZooKeeperClient
import ZooKeeperTLS

/// What every ZooKeeper session zkscope opens for one ensemble carries: `--auth` credentials, SASL, the reply
/// limit and TLS. One value instead of four parameters, so the tree, the compare view, the lock scan, `check --deep`
/// and a named ensemble of the fleet all open their sessions the same way.
public struct SessionOptions: Sendable, Hashable {
    /// Added to every session (`addAuth`), in order.
    public var credentials: [AuthCredential]
    /// SASL credentials, authenticated before the first request and after every reconnect.
    public var sasl: SASLCredentials?
    /// The largest reply accepted (`ZooKeeperConfiguration.maxReplySize`).
    public var maxReplySize: Int
    /// TLS to the members' secure client ports; nil for plaintext.
    public var tls: TLSSettings?

    /// Options for a session; the defaults are a plaintext session without credentials.
    public init(
        credentials: [AuthCredential] = [], sasl: SASLCredentials? = nil,
        maxReplySize: Int = ZooKeeperConfiguration.defaultMaxReplySize, tls: TLSSettings? = nil
    ) {
        self.credentials = credentials
        self.sasl = sasl
        self.maxReplySize = maxReplySize
        self.tls = tls
    }

    /// Writes SASL, TLS and the reply limit into a client configuration (credentials are added after connecting).
    public func apply(to configuration: inout ZooKeeperConfiguration) {
        configuration.sasl = sasl
        configuration.tls = tls
        configuration.maxReplySize = maxReplySize
    }
}
