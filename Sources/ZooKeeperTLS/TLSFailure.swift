/// Why a TLS connection could not be set up, in the words an operator acts on: each case has one message
/// naming the cause and one fix.
///
/// Two sources feed it: loading the files of `TLSSettings` (`TLSContextFactory`), and the handshake with the
/// server (`TLSFailure.classify`, which reads swift-nio-ssl's and BoringSSL's errors). Commands print
/// `description`, the dashboard shows it per member, and the client stops waiting for a connection when every
/// server fails with one (retrying cannot fix a wrong CA).
public enum TLSFailure: Error, Sendable, Hashable, CustomStringConvertible {
    // MARK: Files
    /// A file named in the settings does not exist or cannot be read.
    case fileUnreadable(path: String, role: FileRole)
    /// A file holds no usable PEM/PKCS#12 content of the expected kind.
    case fileInvalid(path: String, role: FileRole, detail: String)
    /// A Java KeyStore (JKS), which nothing outside Java reads.
    case javaKeyStore(path: String, role: FileRole)
    /// The private key is encrypted and no password was given.
    case keyEncrypted(path: String)
    /// The password does not decrypt the key or the PKCS#12 store.
    case wrongPassword(path: String)
    /// The private key does not belong to the certificate.
    case keyDoesNotMatchCertificate(certificate: String, key: String)
    /// A PKCS#12 file with no private key was given as an identity, or a PKCS#12 trust store (not supported).
    case pkcs12WithoutKey(path: String)
    // MARK: Handshake
    /// The server's certificate is not signed by a trusted CA.
    case untrustedCertificate(trust: String)
    /// The server's certificate has expired.
    case certificateExpired
    /// The server's certificate is not valid yet (clock skew, or a certificate made for later).
    case certificateNotYetValid
    /// The server's certificate does not cover the name (or IP) connected to.
    case hostnameMismatch(name: String)
    /// The server closed the connection during the TLS handshake.
    case closedDuringHandshake
    /// The server answered with something that is not TLS (a plaintext port).
    case notTLS
    /// The server wants a client certificate and none was given.
    case clientCertificateRequired
    /// The server refused the client certificate that was given.
    case clientCertificateRejected
    /// Any other handshake error, with the library's words.
    case handshakeFailed(detail: String)

    /// Which file of the settings a file error is about.
    public enum FileRole: String, Sendable, Hashable {
        /// The CA bundle or trust store.
        case trust = "CA file"
        /// The client certificate.
        case certificate = "client certificate"
        /// The client private key.
        case key = "client key"
        /// The PKCS#12 client identity.
        case keyStore = "PKCS#12 key store"
    }

    /// Whether retrying cannot help: the same settings will fail the same way on every server until the
    /// operator changes something. Only a closed connection may be a server that is just restarting.
    public var isPersistent: Bool {
        if case .closedDuringHandshake = self { return false }
        return true
    }

    /// What went wrong.
    public var message: String {
        switch self {
        case .fileUnreadable(let path, let role): return "cannot read the \(role.rawValue) \(path)"
        case .fileInvalid(let path, let role, let detail):
            return "the \(role.rawValue) \(path) is not usable (\(detail))"
        case .javaKeyStore(let path, let role):
            return "the \(role.rawValue) \(path) is a Java KeyStore (JKS), which zkscope cannot read"
        case .keyEncrypted(let path): return "the client key \(path) is encrypted and no password was given"
        case .wrongPassword(let path): return "the password does not open \(path)"
        case .keyDoesNotMatchCertificate(let certificate, let key):
            return "the client key \(key) does not belong to the certificate \(certificate)"
        case .pkcs12WithoutKey(let path): return "the PKCS#12 file \(path) holds no private key"
        case .untrustedCertificate(let trust): return "the server's certificate is not trusted by \(trust)"
        case .certificateExpired: return "the server's certificate has expired"
        case .certificateNotYetValid: return "the server's certificate is not valid yet"
        case .hostnameMismatch(let name): return "the server's certificate is not valid for \(name)"
        case .closedDuringHandshake: return "the server closed the connection during the TLS handshake"
        case .notTLS: return "the server does not speak TLS on this port"
        case .clientCertificateRequired: return "the server requires a client certificate and none was given"
        case .clientCertificateRejected: return "the server refused the client certificate"
        case .handshakeFailed(let detail): return "the TLS handshake failed (\(detail))"
        }
    }

    /// What to do about it.
    public var fix: String {
        switch self {
        case .fileUnreadable: return "check the path and its permissions"
        case .fileInvalid(_, let role, _):
            return role == .trust
                ? "give a PEM file of CA certificates (-----BEGIN CERTIFICATE-----)"
                : "give PEM files (-----BEGIN CERTIFICATE----- / -----BEGIN PRIVATE KEY-----) or a PKCS#12 store"
        case .javaKeyStore(let path, let role):
            let convert = "keytool -importkeystore -srckeystore \(path) -destkeystore store.p12 -deststoretype PKCS12"
            if role == .trust {
                return "convert it: \(convert), then openssl pkcs12 -in store.p12 -nokeys -out ca.pem, and give "
                    + "--tls-ca ca.pem"
            }
            return "convert it: \(convert), then give store.p12 (--tls-cert store.p12, or keyStore.type=PKCS12)"
        case .keyEncrypted:
            return "give its password with --tls-key-password-file FILE or zookeeper.ssl.keyStore.password"
        case .wrongPassword: return "check the password file"
        case .keyDoesNotMatchCertificate: return "give the key that was made with this certificate"
        case .pkcs12WithoutKey:
            return "give a PKCS#12 store with the client's key and certificate, or a PEM CA file as the trust store"
        case .untrustedCertificate:
            return "give the CA that signed the server's certificate with --tls-ca FILE (or --tls-insecure to skip "
                + "verification, never in production)"
        case .certificateExpired: return "renew the server's certificate (ssl.keyStore.location) and restart the member"
        case .certificateNotYetValid: return "check the clocks of this host and the server, or the certificate's dates"
        case .hostnameMismatch:
            return "connect by a name in its subjectAltName, or give that name with --tls-server-name NAME"
        case .closedDuringHandshake:
            return "the port may be a plaintext clientPort (use the secureClientPort or drop --tls), or the server "
                + "wants a client certificate (--tls-cert FILE --tls-key FILE)"
        case .notTLS: return "use the member's secureClientPort, or drop --tls for a plaintext clientPort"
        case .clientCertificateRequired: return "give one with --tls-cert FILE --tls-key FILE (ssl.clientAuth=need)"
        case .clientCertificateRejected:
            return "give a client certificate signed by a CA in the server's ssl.trustStore"
        case .handshakeFailed: return "check the TLS settings of the client and of the server"
        }
    }

    /// `TLS: message; fix: fix` — one line.
    public var description: String { "TLS: \(message); fix: \(fix)" }
}
