import Foundation
import NIOCore
import NIOSSL

/// Why TLS settings could not be turned into a client context: a file that is missing, unreadable or not
/// what it claims to be. Each message names the file and the fix.
public struct TLSSetupError: Error, Sendable, Hashable, CustomStringConvertible {
    /// One line naming the cause and the fix; never contains a secret.
    public var description: String

    /// Makes an error from its one-line message.
    public init(_ description: String) { self.description = description }
}

/// Builds the swift-nio-ssl client context for `TLSSettings`, and the handler that goes first in a channel.
///
/// One place decides how trust, identity and the expected server name map onto swift-nio-ssl, so the ZooKeeper
/// session, the four-letter words and the AdminServer requests verify a member the same way.
public enum TLSContextFactory {
    /// The swift-nio-ssl configuration for `settings`; reads the files it names.
    public static func makeConfiguration(_ settings: TLSSettings) throws(TLSSetupError) -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        switch settings.trust {
        case .system:
            configuration.trustRoots = .default
        case .insecure:
            configuration.certificateVerification = .none
        case .file(let path, _):
            configuration.trustRoots = .certificates(try loadCertificates(path, role: "CA"))
        }
        switch settings.identity {
        case nil:
            break
        case .pem(let certificate, let key, let password):
            configuration.certificateChain = try loadCertificates(certificate, role: "client certificate")
                .map { .certificate($0) }
            configuration.privateKey = .privateKey(try loadKey(key, password: password))
        case .pkcs12(let path, _):
            throw TLSSetupError(
                "\(path): PKCS#12 client identities are not supported yet; give --tls-cert and --tls-key as PEM")
        }
        return configuration
    }

    /// A ready client context for `settings`.
    public static func makeClientContext(_ settings: TLSSettings) throws(TLSSetupError) -> NIOSSLContext {
        let configuration = try makeConfiguration(settings)
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw TLSSetupError("cannot set up TLS: \(error)")
        }
    }

    /// The handler to put first in a client channel to `host`: SNI and hostname checks use the configured
    /// server name, else `host` when it is a name (an IP address is checked against the certificate's IP SANs).
    public static func makeHandler(
        context: NIOSSLContext, settings: TLSSettings, host: String
    ) throws -> NIOSSLClientHandler {
        try NIOSSLClientHandler(context: context, serverHostname: serverHostname(settings: settings, host: host))
    }

    /// The name sent as SNI and verified, or nil when `host` is an IP address and no name was configured.
    public static func serverHostname(settings: TLSSettings, host: String) -> String? {
        if let name = settings.serverName { return name }
        return isIPAddress(host) ? nil : host
    }

    static func isIPAddress(_ host: String) -> Bool {
        (try? SocketAddress(ipAddress: host, port: 0)) != nil
    }

    static func loadCertificates(_ path: String, role: String) throws(TLSSetupError) -> [NIOSSLCertificate] {
        let bytes: [UInt8]
        do {
            bytes = try readFile(path)
        } catch {
            throw TLSSetupError("cannot read the \(role) file \(path): \(error.description)")
        }
        do {
            let certificates = try NIOSSLCertificate.fromPEMBytes(bytes)
            guard !certificates.isEmpty else {
                throw TLSSetupError("\(path) holds no PEM certificate (expected -----BEGIN CERTIFICATE-----)")
            }
            return certificates
        } catch let error as TLSSetupError {
            throw error
        } catch {
            throw TLSSetupError("\(path) is not a PEM certificate file (the \(role)): convert it to PEM with openssl")
        }
    }

    static func loadKey(_ path: String, password: Secret?) throws(TLSSetupError) -> NIOSSLPrivateKey {
        let bytes: [UInt8]
        do {
            bytes = try readFile(path)
        } catch {
            throw TLSSetupError("cannot read the private key file \(path): \(error.description)")
        }
        do {
            if let password {
                return try NIOSSLPrivateKey(bytes: bytes, format: .pem) { setter in setter(Array(password.value.utf8)) }
            }
            return try NIOSSLPrivateKey(bytes: bytes, format: .pem)
        } catch {
            throw TLSSetupError("\(path) is not a usable PEM private key (encrypted without a password, or not a key)")
        }
    }

    static func readFile(_ path: String) throws(TLSSetupError) -> [UInt8] {
        guard FileManager.default.fileExists(atPath: path) else { throw TLSSetupError("no such file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TLSSetupError("permission denied (or not a regular file)")
        }
        guard data.count <= 16 << 20 else { throw TLSSetupError("larger than 16 MiB: not a certificate or key file") }
        return Array(data)
    }
}
