import Foundation
import NIOCore
import NIOSSL
import Synchronization
import X509

/// Turns `TLSSettings` into a swift-nio-ssl client context, checking every file first so that a bad file is
/// reported as a `TLSFailure` naming the file and the fix, never as a library error, a prompt or a crash.
///
/// Checks made before swift-nio-ssl sees a file: Java KeyStores (magic `0xFEEDFEED`) are refused with the
/// `keytool` conversion; encrypted PEM keys need a password (swift-nio-ssl would otherwise prompt on the
/// terminal); a PKCS#12 file must hold a private key (swift-nio-ssl stops the process on one without);
/// the key must belong to the certificate.
public enum TLSContextFactory {
    /// A client context for `settings` made at most `reuse` ago, else a new one: the monitor's probes open a TLS
    /// connection for every four-letter word, and reading the CA and key files and building the context each time
    /// is work the poll loop need not do. A rotated certificate file is read again once the context is that old.
    public static func sharedClientContext(
        _ settings: TLSSettings, reuse: Duration = .seconds(60)
    ) throws(TLSFailure) -> NIOSSLContext {
        let now = ContinuousClock.now
        if let cached = contexts.withLock({ $0[settings] }), now - cached.made < reuse { return cached.context }
        let context = try makeClientContext(settings)
        contexts.withLock { $0[settings] = (context, now) }
        return context
    }

    private static let contexts = Mutex<[TLSSettings: (context: NIOSSLContext, made: ContinuousClock.Instant)]>([:])

    /// A client context for `settings`: verification on (hostname checked by the handler) unless insecure, and
    /// the chain but not the name checked when `settings.verifyHostname` is off.
    public static func makeClientContext(_ settings: TLSSettings) throws(TLSFailure) -> NIOSSLContext {
        let configuration = try makeConfiguration(settings)
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            let text = String(describing: error)
            if text.uppercased().contains("KEY_VALUES_MISMATCH"), case .pem(let cert, let key, _) = settings.identity {
                throw .keyDoesNotMatchCertificate(certificate: cert, key: key)
            }
            throw .handshakeFailed(detail: "cannot set up TLS: \(text)")
        }
    }

    /// The handler to put first in a client channel to `host`: SNI and hostname checks use the configured
    /// server name, else `host` when it is a name (an IP address is checked against the certificate's IP SANs).
    public static func makeHandler(
        context: NIOSSLContext, settings: TLSSettings, host: String
    ) throws -> NIOSSLClientHandler {
        try NIOSSLClientHandler(context: context, serverHostname: serverHostname(settings: settings, host: host))
    }

    /// The name sent as SNI and verified, or nil when it is an IP address (checked against the IP SANs by the
    /// peer's address; IP addresses are not allowed in SNI).
    public static func serverHostname(settings: TLSSettings, host: String) -> String? {
        let name = settings.serverName ?? host
        return isIPAddress(name) ? nil : name
    }

    static func isIPAddress(_ host: String) -> Bool {
        (try? SocketAddress(ipAddress: host, port: 0)) != nil
    }

    /// The swift-nio-ssl configuration for `settings`; reads and checks the files it names.
    public static func makeConfiguration(_ settings: TLSSettings) throws(TLSFailure) -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        switch settings.trust {
        case .system:
            configuration.trustRoots = .default
        case .insecure:
            configuration.certificateVerification = .none
        case .file(let path, _):
            configuration.trustRoots = .certificates(try loadTrust(path))
        }
        if !settings.isInsecure, !settings.verifyHostname {
            configuration.certificateVerification = .noHostnameVerification
        }
        if let identity = settings.identity {
            let (chain, key) = try loadIdentity(identity)
            configuration.certificateChain = chain.map { .certificate($0) }
            configuration.privateKey = .privateKey(key)
        }
        return configuration
    }

    /// The CA certificates of a PEM bundle.
    static func loadTrust(_ path: String) throws(TLSFailure) -> [NIOSSLCertificate] {
        let bytes = try read(path, role: .trust)
        if isJavaKeyStore(bytes) { throw .javaKeyStore(path: path, role: .trust) }
        guard isPEM(bytes) else {
            if bytes.first == 0x30 {
                throw .fileInvalid(
                    path: path, role: .trust,
                    detail: "a PKCS#12 or DER file; export the CA certificates to PEM with "
                        + "`openssl pkcs12 -in \(path) -nokeys -out ca.pem` and give ca.pem")
            }
            throw .fileInvalid(path: path, role: .trust, detail: "no PEM certificate in it")
        }
        let certificates = (try? NIOSSLCertificate.fromPEMBytes(bytes)) ?? []
        guard !certificates.isEmpty else {
            throw .fileInvalid(path: path, role: .trust, detail: "no readable PEM certificate in it")
        }
        return certificates
    }

    /// The certificate chain and key of a client identity.
    static func loadIdentity(_ identity: TLSSettings.Identity) throws(TLSFailure) -> (
        [NIOSSLCertificate], NIOSSLPrivateKey
    ) {
        switch identity {
        case .pem(let certificatePath, let keyPath, let password):
            let certificateBytes = try read(certificatePath, role: .certificate)
            if isJavaKeyStore(certificateBytes) { throw .javaKeyStore(path: certificatePath, role: .certificate) }
            let chain = (try? NIOSSLCertificate.fromPEMBytes(certificateBytes)) ?? []
            guard let leaf = chain.first else {
                throw .fileInvalid(path: certificatePath, role: .certificate, detail: "no PEM certificate in it")
            }
            let key = try loadKey(keyPath, password: password)
            try checkMatch(leaf: leaf, keyPath: keyPath, certificatePath: certificatePath)
            return (chain, key)
        case .pkcs12(let path, let password):
            let bytes = try read(path, role: .keyStore)
            if isJavaKeyStore(bytes) { throw .javaKeyStore(path: path, role: .keyStore) }
            guard bytes.first == 0x30 else {
                throw .fileInvalid(path: path, role: .keyStore, detail: "not a PKCS#12 (DER) file")
            }
            guard PKCS12Inspection.mayHoldPrivateKey(bytes) else { throw .pkcs12WithoutKey(path: path) }
            do {
                let bundle = try NIOSSLPKCS12Bundle(buffer: bytes, passphrase: Array((password?.value ?? "").utf8))
                return (bundle.certificateChain, bundle.privateKey)
            } catch {
                if password == nil {
                    throw .fileInvalid(
                        path: path, role: .keyStore,
                        detail: "cannot open it without a password; give zookeeper.ssl.keyStore.password")
                }
                throw .wrongPassword(path: path)
            }
        }
    }

    /// A PEM private key, decrypted with `password` when it is encrypted.
    static func loadKey(_ path: String, password: Secret?) throws(TLSFailure) -> NIOSSLPrivateKey {
        let bytes = try read(path, role: .key)
        if isJavaKeyStore(bytes) { throw .javaKeyStore(path: path, role: .key) }
        guard isPEM(bytes) else { throw .fileInvalid(path: path, role: .key, detail: "no PEM private key in it") }
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.contains("PRIVATE KEY-----") else {
            throw .fileInvalid(path: path, role: .key, detail: "no PEM private key in it")
        }
        let encrypted = text.contains("ENCRYPTED")
        if encrypted, password == nil { throw .keyEncrypted(path: path) }
        // Always a callback: without one BoringSSL would prompt for a passphrase on the terminal.
        let passphrase = Array((password?.value ?? "").utf8)
        do {
            return try NIOSSLPrivateKey(bytes: bytes, format: .pem) { (setter: ([UInt8]) -> Void) in
                setter(passphrase)
            }
        } catch {
            if encrypted { throw .wrongPassword(path: path) }
            throw .fileInvalid(path: path, role: .key, detail: "the private key does not parse")
        }
    }

    /// Refuses a key whose public half is not the certificate's public key (swift-certificates reads both;
    /// an encrypted key is left to BoringSSL's own check when the context is made).
    static func checkMatch(leaf: NIOSSLCertificate, keyPath: String, certificatePath: String) throws(TLSFailure) {
        guard let data = FileManager.default.contents(atPath: keyPath),
            case let text = String(decoding: data, as: UTF8.self), !text.contains("ENCRYPTED"),
            let certificate = try? Certificate(derEncoded: leaf.toDERBytes()),
            let privateKey = try? Certificate.PrivateKey(pemEncoded: text)
        else { return }
        if certificate.publicKey != privateKey.publicKey {
            throw .keyDoesNotMatchCertificate(certificate: certificatePath, key: keyPath)
        }
    }

    static func read(_ path: String, role: TLSFailure.FileRole) throws(TLSFailure) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .fileUnreadable(path: path, role: role)
        }
        return Array(data)
    }

    /// A Java KeyStore starts with `FE ED FE ED`.
    public static func isJavaKeyStore(_ bytes: [UInt8]) -> Bool {
        bytes.starts(with: [0xFE, 0xED, 0xFE, 0xED])
    }

    static func isPEM(_ bytes: [UInt8]) -> Bool {
        String(decoding: bytes.prefix(64 * 1024), as: UTF8.self).contains("-----BEGIN ")
    }
}

/// The error `TLSContextFactory` throws, under the name the first version of the factory used.
public typealias TLSSetupError = TLSFailure
