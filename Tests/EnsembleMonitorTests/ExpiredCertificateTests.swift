import EnsembleCore
import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import Testing
import ZooKeeperAdmin
import ZooKeeperTLS

@testable import EnsembleMonitor

/// A member whose certificate has expired: verifying probes are refused in the TLS layer and see no certificate,
/// so the poller reads it once without verification, and `tls-certificate-expiring` says it has expired.
@Suite struct ExpiredCertificateTests {
    /// A CA and a server certificate for IP:127.0.0.1 that expired yesterday, made with `openssl`.
    final class Files: Sendable {
        static let shared = Files()
        let directory: String

        private init() {
            directory = NSTemporaryDirectory() + "zkscope-monitor-tls-\(getpid())"
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try? "subjectAltName=IP:127.0.0.1\n".write(
                toFile: directory + "/san.ext", atomically: true, encoding: .utf8)
            let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
            let steps: [[String]] = [
                ["req", "-x509"] + ec + ["-keyout", "ca.key", "-out", "ca.pem", "-days", "30", "-subj", "/CN=test CA"],
                ["req"] + ec + ["-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=expired member"],
                [
                    "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                    "-out", "expired.pem", "-days", "-1", "-extfile", "san.ext",
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

    /// Answers every four-letter word over TLS with a follower's `srvr`, then closes.
    final class SrvrHandler: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let text = RoundPlannerTests.wordTexts["srvr"] ?? ""
            var buffer = context.channel.allocator.buffer(capacity: text.utf8.count)
            buffer.writeString(text)
            context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
            context.close(promise: nil)
        }

        /// A failed handshake (the plaintext probe) closes the connection, as ZooKeeper does.
        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }
    }

    @Test func anExpiredCertificateIsReadWithoutVerificationAndReported() async throws {
        let files = Files.shared
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(files.path("expired.pem")).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: files.path("server.key"), format: .pem)))
        let context = try NIOSSLContext(configuration: configuration)
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                    try child.pipeline.syncOperations.addHandler(SrvrHandler())
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(server.localAddress?.port)
        let member = MemberEndpoint(host: "127.0.0.1", clientPort: port)
        var settings = PollSettings(interval: .seconds(1))
        settings.useAdminServer = false
        settings.probeTimeout = .seconds(30)
        settings.tls = TLSSettings(trust: .file(path: files.path("ca.pem"), password: nil))
        let monitor = EnsembleMonitor(
            configuration: EnsembleConfiguration(source: "--servers", members: [member]), settings: settings)
        let clock = ContinuousClock()
        let started = clock.now
        let update = await monitor.poll()
        // A refused certificate is a TLS port: no plaintext word waits there for the 30 s deadline (a round takes
        // ~0.1 s alone, seconds when every unit suite runs at once on two cores).
        #expect(clock.now - started < .seconds(15))
        let snapshot = try #require(update.state.snapshot.members.first)
        // Verification refuses the member: it does not serve as far as zkscope may trust.
        #expect(!snapshot.isServing)
        #expect(snapshot.tls?.secure == true)
        let leaf = try #require(snapshot.tls?.leaf)
        #expect(leaf.subject == "CN=expired member")
        #expect(leaf.notAfter < Date())
        let finding = try #require(
            detectCertificateExpiry(update.tracker.history, nil, .defaults).first)
        #expect(finding.severity == .critical)
        #expect(finding.message.contains("expired on"))
        #expect(finding.evidence["days_left"].flatMap(Int.init).map { $0 < 0 } == true)
        try? await server.close()
    }

    @Test func onlyABrokenOffHandshakeIsTriedInPlaintext() {
        typealias Transport = MemberPoller.Transport
        #expect(Transport.otherTransportMayAnswer(.tls("uncleanShutdown")))
        #expect(Transport.otherTransportMayAnswer(.tls("handshakeFailed(sslError([WRONG_VERSION_NUMBER]))")))
        #expect(!Transport.otherTransportMayAnswer(.tls("handshakeFailed(sslError([CERTIFICATE_VERIFY_FAILED]))")))
        #expect(!Transport.otherTransportMayAnswer(.tls("sslError([SSLV3_ALERT_CERTIFICATE_REQUIRED])")))
        #expect(!Transport.otherTransportMayAnswer(.tls("failedToValidateHostname")))
        #expect(Transport.otherTransportMayAnswer(.notZooKeeper("binary data")))
        #expect(!Transport.otherTransportMayAnswer(.connectionRefused))
        #expect(!Transport.otherTransportMayAnswer(.timedOut))
    }
}
