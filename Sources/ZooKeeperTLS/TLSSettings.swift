/// How one connection (ZooKeeper session, four-letter word, AdminServer request) speaks TLS.
///
/// One value serves every transport so that a member reached over TLS by the client is polled over TLS with
/// the same trust and the same identity. Files are named, not loaded: loading happens when a connection is
/// made, so a bad file is reported as the cause of that connection's failure, with the fix.
public struct TLSSettings: Sendable, Hashable {
    /// What the server's certificate is checked against.
    public enum Trust: Sendable, Hashable {
        /// The system's CA bundle.
        case system
        /// A PEM bundle of CA certificates, or a PKCS#12 trust store.
        case file(path: String, password: Secret?)
        /// No verification at all: any certificate, any name. Said loudly wherever it is in effect.
        case insecure
    }

    /// The certificate and key this client presents (mutual TLS).
    public enum Identity: Sendable, Hashable {
        /// PEM certificate (chain) and PEM private key; the key may be encrypted with `password`.
        case pem(certificate: String, key: String, password: Secret?)
        /// A PKCS#12 bundle holding certificate and key.
        case pkcs12(path: String, password: Secret?)
    }

    /// What the server's certificate is checked against.
    public var trust: Trust
    /// The client certificate, when the server asks for one (`ssl.clientAuth=need`).
    public var identity: Identity?
    /// The name to send as SNI and to verify the certificate against; nil uses the host being connected to
    /// (an IP address is matched against the certificate's IP SANs).
    public var serverName: String?
    /// Whether the certificate must carry the server's name (on by default). Off only when a client-config file
    /// says `zookeeper.ssl.hostnameVerification=false`; the chain is still verified.
    public var verifyHostname = true

    /// Makes settings; by default the system trust store, no client certificate, the connected host's name.
    public init(trust: Trust = .system, identity: Identity? = nil, serverName: String? = nil) {
        self.trust = trust
        self.identity = identity
        self.serverName = serverName
    }

    /// How the trust is configured, as failures name it: `--tls-ca ca.pem`, `the system CA store`.
    public var trustDescription: String {
        switch trust {
        case .system: return "the system CA store"
        case .file(let path, _): return "--tls-ca \(path)"
        case .insecure: return "nothing (insecure)"
        }
    }

    /// Whether certificate verification is off.
    public var isInsecure: Bool { trust == .insecure }
}
