import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import TestSupport
import Testing
import ZooKeeperClient

/// The client against an in-process TLS server (swift-nio-ssl) whose certificate is expired, or unknown: the
/// connect fails at once with the typed cause, well inside its timeout, instead of retrying until it runs out.
@Suite struct TLSHandshakeFailureTests {
    /// A TLS server presenting `certificate` (a ``TestPKI`` file) that completes handshakes and ignores the rest.
    func withTLSServer(certificate: String, _ body: (Int) async throws -> Void) async throws {
        let server = try await FakeTLSServer(certificate: certificate)
        do {
            try await body(server.port)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    func connectFailure(port: Int, trust: String) async throws -> ZooKeeperError? {
        var configuration = try ZooKeeperConfiguration(connectString: "127.0.0.1:\(port)")
        configuration.tls = TLSSettings(trust: .file(path: TestPKI.shared.path(trust), password: nil))
        do {
            let client = try await ZooKeeperClient.connect(configuration, timeout: .seconds(30))
            await client.close()
            return nil
        } catch {
            return error
        }
    }

    @Test func anExpiredCertificateIsNamedAsExpired() async throws {
        try await withTLSServer(certificate: "expired.pem") { port in
            let clock = ContinuousClock()
            let started = clock.now
            let error = try #require(try await connectFailure(port: port, trust: "ca.pem"))
            #expect(clock.now - started < .seconds(15), "\(error)")
            #expect(error.code == .connectionLoss, "\(error)")
            #expect(error.connectFailure?.tlsFailure == .certificateExpired, "\(error)")
            #expect(error.message.contains("TLS: the server's certificate has expired; fix: renew"), "\(error)")
        }
    }

    @Test func anUnknownCAIsNamedWithTheTrustGiven() async throws {
        try await withTLSServer(certificate: "server.pem") { port in
            let error = try #require(try await connectFailure(port: port, trust: "other.pem"))
            #expect(
                error.connectFailure?.tlsFailure
                    == .untrustedCertificate(trust: "--tls-ca \(TestPKI.shared.path("other.pem"))"),
                "\(error)")
        }
    }

    /// The same server with the right CA passes the TLS handshake: the failures above are the certificates'.
    @Test func theRightCAGetsPastTLS() async throws {
        try await withTLSServer(certificate: "server.pem") { port in
            var configuration = try ZooKeeperConfiguration(connectString: "127.0.0.1:\(port)")
            configuration.tls = TLSSettings(trust: .file(path: TestPKI.shared.path("ca.pem"), password: nil))
            configuration.connectTimeout = .milliseconds(500)
            let client = try ZooKeeperClient(configuration: configuration)
            // The server never answers the session handshake: the client waits, with no TLS failure recorded.
            let error = await #expect(throws: ZooKeeperError.self) {
                try await client.waitUntilConnected(timeout: .seconds(2))
            }
            #expect(error?.code == .operationTimeout)
            #expect(client.lastConnectFailure?.tlsFailure == nil, "\(String(describing: client.lastConnectFailure))")
            await client.close()
        }
    }
}
