import Foundation
import NIOSSL
import TestSupport
import Testing
import ZooKeeperTLS

@Suite struct PeerCertificateSummaryTests {
    @Test func summarizesNamesSANsAndDates() throws {
        let certificates = TestPKI.shared
        let loaded = try NIOSSLCertificate.fromPEMFile(certificates.path("server.pem"))
        let summary = try PeerCertificateSummary(try #require(loaded.first))
        #expect(summary.subject == "CN=zk-test,O=zkscope tests")
        #expect(summary.issuer == "CN=zkscope test CA,O=zkscope tests")
        #expect(summary.subjectAlternativeNames == ["DNS:localhost", "IP:127.0.0.1"])
        #expect(summary.daysLeft(at: Date()) == 1)
        #expect(summary.notBefore <= Date())
        #expect(!summary.serialNumber.isEmpty)
        #expect(summary.serialNumber.allSatisfy { $0.isHexDigit })
    }

    @Test func rejectsBytesThatAreNoCertificate() {
        #expect(throws: (any Error).self) { try PeerCertificateSummary(derEncoded: [0x30, 0x03, 0x02, 0x01, 0x01]) }
    }

    @Test func coversNamesByDNSAndIPSANsOnly() {
        let summary = PeerCertificateSummary(
            subject: "CN=zk", issuer: "CN=ca",
            subjectAlternativeNames: ["DNS:localhost", "DNS:*.zk.example", "IP:127.0.0.1"],
            notBefore: Date(), notAfter: Date(), serialNumber: "01")
        #expect(summary.covers(name: "localhost"))
        #expect(summary.covers(name: "LOCALHOST."))
        #expect(summary.covers(name: "zk1.zk.example"))
        #expect(summary.covers(name: "127.0.0.1"))
        #expect(!summary.covers(name: "wrong.example"))
        #expect(!summary.covers(name: "a.b.zk.example"))
        #expect(!summary.covers(name: "zk.example"))
        #expect(!summary.covers(name: "127.0.0.2"))
    }
}
