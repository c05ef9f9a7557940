import Foundation

/// How a lab's members are secured: TLS on the client port, SASL authentication, both or neither.
///
/// The recipe is `zookeeper-facts/SECURITY.md`'s, checked against Debian's ZooKeeper 3.8 with kazoo: the Netty
/// connection factory (plus the two Netty jars Debian's classpath lacks), PKCS#12 stores made with openssl and
/// keytool, a JAAS `Server` section and the SASL authentication provider.
public struct LabSecurity: Sendable, Equatable, Codable {
    /// TLS on the client port; nil keeps plain TCP.
    public var tls: LabTLS?
    /// SASL DIGEST-MD5 users; nil means no SASL provider.
    public var sasl: LabSASL?

    /// No TLS, no SASL: what every other lab runs.
    public static let none = LabSecurity()

    /// Makes a security setup; by default nothing is secured.
    public init(tls: LabTLS? = nil, sasl: LabSASL? = nil) {
        self.tls = tls
        self.sasl = sasl
    }

    /// Whether anything is secured (certificates or a JAAS file must be written before start).
    public var isEnabled: Bool { tls != nil || sasl != nil }
}

/// TLS on the members' client ports.
public struct LabTLS: Sendable, Equatable, Codable {
    /// Whether members demand a client certificate (`ssl.clientAuth`).
    public enum ClientAuth: String, Sendable, Equatable, Codable {
        /// No client certificate asked for.
        case none
        /// A client certificate is required: mutual TLS.
        case need
        /// A client certificate is asked for but not required.
        case want
    }

    /// `ssl.clientAuth` of every TLS member.
    public var clientAuth: ClientAuth
    /// Lifetime of the members' server certificates in days, from now (at least 1).
    public var certificateDays: Int
    /// Per-member lifetimes in days that differ from `certificateDays` (a certificate about to expire).
    public var memberCertificateDays: [Int: Int]
    /// Members that serve plain TCP on their client port instead of TLS (a half-migrated ensemble).
    public var plaintextMembers: Set<Int>
    /// The TLS members' AdminServers speak only HTTPS (`admin.forceHttps=true`, with the member's keystore as
    /// the `ssl.quorum.*` store the AdminServer reads).
    public var adminHTTPS = false

    /// TLS-only members with a one-year certificate and no client certificate required.
    public init(
        clientAuth: ClientAuth = .none, certificateDays: Int = 365, memberCertificateDays: [Int: Int] = [:],
        plaintextMembers: Set<Int> = []
    ) {
        self.clientAuth = clientAuth
        self.certificateDays = certificateDays
        self.memberCertificateDays = memberCertificateDays
        self.plaintextMembers = plaintextMembers
    }

    /// Whether member `id` serves TLS.
    public func isSecure(_ id: Int) -> Bool { !plaintextMembers.contains(id) }

    /// The lifetime of member `id`'s certificate in days.
    public func days(of id: Int) -> Int { max(1, memberCertificateDays[id] ?? certificateDays) }
}

/// SASL authentication on every member: DIGEST-MD5 users, or Kerberos (GSSAPI) with `kerberos`.
public struct LabSASL: Sendable, Equatable, Codable {
    /// Users and passwords of the JAAS `Server` section (`user_NAME="password"`).
    public var users: [String: String]
    /// `enforce.auth.enabled=true` with `enforce.auth.schemes=sasl`: sessions that do not authenticate are
    /// closed with error -124 (`SessionClosedRequireAuth`).
    public var enforce: Bool
    /// Kerberos instead of DIGEST-MD5: the members log in with a service keytab (`users` are then unused).
    public var kerberos: LabKerberos?

    /// The users of SECURITY.md's recipe (`super` and `bob`), enforced.
    public init(
        users: [String: String] = ["super": "adminsecret", "bob": "bobsecret"], enforce: Bool = true,
        kerberos: LabKerberos? = nil
    ) {
        self.users = users
        self.enforce = enforce
        self.kerberos = kerberos
    }
}
