import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import Testing
import ZooKeeperClient

/// The client against an in-process TLS server (swift-nio-ssl) whose certificate is expired, or unknown: the
/// connect fails at once with the typed cause, well inside its timeout, instead of retrying until it runs out.
@Suite struct TLSHandshakeFailureTests {
    /// A CA and two server certificates for IP:127.0.0.1, one expired yesterday, made with `openssl`.
    final class Files: Sendable {
        static let shared = Files()
        let directory: String

        private init() {
            directory = NSTemporaryDirectory() + "zkscope-client-tls-\(getpid())"
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try? "subjectAltName=IP:127.0.0.1\n".write(
                toFile: directory + "/san.ext", atomically: true, encoding: .utf8)
            let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
            let steps: [[String]] = [
                ["req", "-x509"] + ec + ["-keyout", "ca.key", "-out", "ca.pem", "-days", "30", "-subj", "/CN=test CA"],
                ["req"] + ec + ["-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=server"],
                [
                    "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                    "-out", "expired.pem", "-days", "-1", "-extfile", "san.ext",
                ],
                [
                    "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                    "-out", "valid.pem", "-days", "2", "-extfile", "san.ext",
                ],
                ["req", "-x509"] + ec + [
                    "-keyout", "other.key", "-out", "other.pem", "-days", "30", "-subj", "/CN=other",
                ],
            ]
            for step in steps {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
                process.arguments = step
                process.currentDirectoryURL = URL(fileURLWithPath: directory)
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try? process.run()
                process.waitUntilExit()
            }
        }

        func path(_ name: String) -> String { directory + "/" + name }
    }

    /// A TLS server that completes handshakes and then ignores what it reads.
    func withTLSServer(certificate: String, _ body: (Int) async throws -> Void) async throws {
        let files = Files.shared
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(files.path(certificate)).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: files.path("server.key"), format: .pem)))
        configuration.minimumTLSVersion = .tlsv12
        let context = try NIOSSLContext(configuration: configuration)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        do {
            try await body(channel.localAddress?.port ?? 0)
        } catch {
            try? await channel.close()
            throw error
        }
        try? await channel.close()
    }

    func connectFailure(port: Int, trust: String) async throws -> ZooKeeperError? {
        var configuration = try ZooKeeperConfiguration(connectString: "127.0.0.1:\(port)")
        configuration.tls = TLSSettings(trust: .file(path: Files.shared.path(trust), password: nil))
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
        try await withTLSServer(certificate: "valid.pem") { port in
            let error = try #require(try await connectFailure(port: port, trust: "other.pem"))
            #expect(
                error.connectFailure?.tlsFailure
                    == .untrustedCertificate(trust: "--tls-ca \(Files.shared.path("other.pem"))"),
                "\(error)")
        }
    }

    /// The same server with the right CA passes the TLS handshake: the failures above are the certificates'.
    @Test func theRightCAGetsPastTLS() async throws {
        try await withTLSServer(certificate: "valid.pem") { port in
            var configuration = try ZooKeeperConfiguration(connectString: "127.0.0.1:\(port)")
            configuration.tls = TLSSettings(trust: .file(path: Files.shared.path("ca.pem"), password: nil))
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
