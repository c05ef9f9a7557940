import EnsembleCore
import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import TestSupport
import Testing
import ZooKeeperAdmin
import ZooKeeperTLS

@testable import EnsembleMonitor

/// A member whose certificate has expired: verifying probes are refused in the TLS layer and see no certificate,
/// so the poller reads it once without verification, and `tls-certificate-expiring` says it has expired.
@Suite struct ExpiredCertificateTests {
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
        let files = TestPKI.shared
        let server = try await FakeTLSServer(certificate: "expired.pem", makeHandlers: { [SrvrHandler()] })
        let port = server.port
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
        #expect(leaf.subject == "CN=zk-test,O=zkscope tests")
        #expect(leaf.notAfter < Date())
        let finding = try #require(
            detectCertificateExpiry(update.tracker.history, nil, .defaults).first)
        #expect(finding.severity == .critical)
        #expect(finding.message.contains("expired on"))
        #expect(finding.evidence["days_left"].flatMap(Int.init).map { $0 < 0 } == true)
        await server.stop()
    }

    @Test func onlyABrokenOffHandshakeIsTriedInPlaintext() {
        typealias Transport = MemberPoller.Transport
        #expect(Transport.otherTransportMayAnswer(.tls(.closedDuringHandshake)))
        #expect(Transport.otherTransportMayAnswer(.tls(.notTLS)))
        #expect(!Transport.otherTransportMayAnswer(.tls(.untrustedCertificate(trust: "--tls-ca ca.pem"))))
        #expect(!Transport.otherTransportMayAnswer(.tls(.certificateExpired)))
        #expect(!Transport.otherTransportMayAnswer(.tls(.clientCertificateRequired)))
        #expect(!Transport.otherTransportMayAnswer(.tls(.hostnameMismatch(name: "zk1"))))
        #expect(Transport.otherTransportMayAnswer(.notZooKeeper("binary data")))
        #expect(!Transport.otherTransportMayAnswer(.connectionRefused))
        #expect(!Transport.otherTransportMayAnswer(.timedOut))
    }
}
