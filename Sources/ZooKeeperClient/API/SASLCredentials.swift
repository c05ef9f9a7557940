import ZooKeeperTLS

/// Who a session authenticates as with SASL (opcode 102, right after every handshake, before any request).
///
/// The ensemble then knows the session as `sasl:<user>` (ACLs such as `sasl:bob`, and `enforce.auth.schemes=sasl`).
/// The mechanism runs in Cyrus SASL (`libsasl2`); DIGEST-MD5 is what ZooKeeper's `DigestLoginModule` serves.
public struct SASLCredentials: Sendable, Hashable, CustomStringConvertible {
    /// The user name (`username` in the JAAS `Client` section).
    public var user: String
    /// The password; never printed or logged.
    public var password: Secret
    /// The SASL mechanism, `DIGEST-MD5` by default (GSSAPI needs Kerberos credentials instead of a password).
    public var mechanism: String
    /// The service name the server registers under: `zookeeper` (`zookeeper.sasl.client.username` on the server).
    public var service: String
    /// The server name the mechanism addresses. ZooKeeper's Java server and clients use the fixed name
    /// `zk-sasl-md5` for DIGEST-MD5, whatever the real host is (the digest-uri is `zookeeper/zk-sasl-md5`).
    public var host: String
    /// Kerberos credentials for GSSAPI (then `mechanism` is `GSSAPI`, `user` the principal shown in messages, the
    /// password empty, and an empty `host` means the host of the member being connected to, as ZooKeeper's
    /// clients address `zookeeper/<host>`).
    public var kerberos: KerberosCredentials?

    /// Makes credentials with ZooKeeper's defaults for DIGEST-MD5.
    public init(
        user: String, password: Secret, mechanism: String = "DIGEST-MD5", service: String = "zookeeper",
        host: String = "zk-sasl-md5"
    ) {
        self.user = user
        self.password = password
        self.mechanism = mechanism
        self.service = service
        self.host = host
    }

    /// GSSAPI (Kerberos) as `credentials.principal`, addressing the service principal `<service>/<host>` where
    /// `host` is the member's connect host unless `serverHost` names another (a load balancer's real name).
    public static func kerberos(
        _ credentials: KerberosCredentials, service: String = "zookeeper", serverHost: String? = nil
    ) -> SASLCredentials {
        var sasl = SASLCredentials(
            user: credentials.principal ?? "", password: Secret(""), mechanism: "GSSAPI", service: service,
            host: serverHost ?? "")
        sasl.kerberos = credentials
        return sasl
    }

    /// `DIGEST-MD5 as bob`: the password never appears.
    public var description: String {
        if let kerberos { return "GSSAPI (Kerberos) as \(kerberos)" }
        return "\(mechanism) as \(user)"
    }
}
