import Foundation
import Testing
import ZooKeeperAdmin
import ZooKeeperTLS

@testable import EnsembleCore

/// `tls-certificate-expiring`, `tls-inconsistent` and `tls-plaintext-open` over hand-made TLS facts, with a
/// fixed "now" (the poll's wall-clock time is an input, never read from a clock).
@Suite struct TLSDetectorTests {
    static let now = Date(timeIntervalSince1970: 1_796_212_800)  // 2026-12-02T12:00:00Z
    static let day = 86_400.0

    static func certificate(
        secondsLeft: Double, subject: String = "CN=zk1", issuer: String = "CN=zkscope lab CA"
    ) -> PeerCertificateSummary {
        PeerCertificateSummary(
            subject: subject, issuer: issuer, subjectAlternativeNames: ["IP:127.0.0.1", "DNS:localhost"],
            notBefore: now.addingTimeInterval(-30 * day), notAfter: now.addingTimeInterval(secondsLeft),
            serialNumber: "0A")
    }

    /// A serving member `n` whose poll saw `tls`.
    static func member(_ n: Int, _ tls: MemberTLS?) throws -> (Int, MemberReplies) {
        var replies = try Capture.replies(srvr: "kill-leader/before-zk\(n)-srvr.txt")
        replies.tls = tls
        return (n, replies)
    }

    static func secure(_ chain: [PeerCertificateSummary], plaintextPort: Int? = nil, answers: Bool? = nil)
        -> MemberTLS
    {
        MemberTLS(secure: true, chain: chain, observedAt: now, plaintextPort: plaintextPort, plaintextAnswers: answers)
    }

    static func expiry(secondsLeft: Double) throws -> [Finding] {
        let round = [try member(1, secure([certificate(secondsLeft: secondsLeft)]))]
        return detectCertificateExpiry(history([round]), nil, .defaults)
    }

    @Test("Boundaries: 30 days is a warning, a second more is nothing; 7 days critical; 0 and past expired")
    func expiryBoundaries() throws {
        #expect(try Self.expiry(secondsLeft: 30 * Self.day + 1).isEmpty)
        #expect(try Self.expiry(secondsLeft: 30 * Self.day).map(\.severity) == [.warning])
        #expect(try Self.expiry(secondsLeft: 7 * Self.day + 1).map(\.severity) == [.warning])
        #expect(try Self.expiry(secondsLeft: 7 * Self.day).map(\.severity) == [.critical])
        #expect(try Self.expiry(secondsLeft: 0).map(\.severity) == [.critical])
        let expired = try #require(try Self.expiry(secondsLeft: -Self.day).first)
        #expect(expired.severity == .critical)
        #expect(expired.message.contains("expired on 2026-12-01T12:00:00Z"))
        #expect(expired.evidence["days_left"] == "-1")
    }

    @Test("A certificate with 2 days left: critical, naming the member, subject, not-after and days left")
    func twoDaysLeft() throws {
        let finding = try #require(try Self.expiry(secondsLeft: 2 * Self.day + 3600).first)
        #expect(finding.code == .tlsCertificateExpiring)
        #expect(finding.severity == .critical)
        #expect(finding.members == [lab(1).address])
        #expect(finding.evidence["subject"] == "CN=zk1")
        #expect(finding.evidence["not_after"] == "2026-12-04T13:00:00Z")
        #expect(finding.evidence["days_left"] == "2")
        #expect(finding.message == "127.0.0.1:2181's certificate CN=zk1 expires in 2 days (2026-12-04T13:00:00Z)")
        #expect(finding.remedy.contains("IP:127.0.0.1, DNS:localhost"))
    }

    @Test("Thresholds are configurable; an intermediate that expires first is the one named")
    func thresholdsAndChain() throws {
        var limits = Thresholds.defaults
        limits.certificateExpiryWarningDays = 60
        let round = [try Self.member(1, Self.secure([Self.certificate(secondsLeft: 45 * Self.day)]))]
        #expect(detectCertificateExpiry(history([round]), nil, limits).map(\.severity) == [.warning])
        #expect(detectCertificateExpiry(history([round]), nil, .defaults).isEmpty)
        let chain = [
            Self.certificate(secondsLeft: 300 * Self.day),
            Self.certificate(secondsLeft: 3 * Self.day, subject: "CN=intermediate", issuer: "CN=root"),
        ]
        let finding = try #require(
            detectCertificateExpiry(history([[try Self.member(1, Self.secure(chain))]]), nil, .defaults).first)
        #expect(finding.evidence["subject"] == "CN=intermediate")
        #expect(finding.message.contains("chain certificate CN=intermediate"))
    }

    @Test("No finding without a chain, without a poll time, or in plaintext")
    func nothingToJudge() throws {
        let noChain = MemberTLS(secure: true, observedAt: Self.now)
        var noTime = Self.secure([Self.certificate(secondsLeft: Self.day)])
        noTime.observedAt = nil
        for tls in [noChain, noTime, MemberTLS(secure: false)] {
            #expect(detectCertificateExpiry(history([[try Self.member(1, tls)]]), nil, .defaults).isEmpty)
        }
        #expect(detectCertificateExpiry(history([[try Self.member(1, nil)]]), nil, .defaults).isEmpty)
    }

    @Test("A chain seen earlier is kept while a later poll saw none, counted from the later poll's time")
    func chainCarriedOver() throws {
        let first = try Self.member(1, Self.secure([Self.certificate(secondsLeft: 10 * Self.day)]))
        let later = try Self.member(
            1, MemberTLS(secure: true, observedAt: Self.now.addingTimeInterval(4 * Self.day)))
        let findings = detectCertificateExpiry(history([[first], [later]]), nil, .defaults)
        #expect(findings.map(\.severity) == [.critical])
        #expect(findings.first?.evidence["days_left"] == "6")
    }

    @Test("Some members TLS, some plaintext: tls-inconsistent names the plaintext ones")
    func mixedTransports() throws {
        let tls = Self.secure([Self.certificate(secondsLeft: 300 * Self.day)])
        let round = [
            try Self.member(1, MemberTLS(secure: false, observedAt: Self.now)), try Self.member(2, tls),
            try Self.member(3, tls),
        ]
        let findings = detectTLSInconsistent(history([round]), nil, .defaults)
        #expect(findings.count == 1)
        let finding = try #require(findings.first)
        #expect(finding.code == .tlsInconsistent)
        #expect(finding.severity == .warning)
        #expect(finding.members == [lab(1).address])
        #expect(finding.message == "127.0.0.1:2181 speaks plaintext while 2 of 3 members speak TLS")
        #expect(finding.evidence["plaintext"] == lab(1).address)
        #expect(finding.evidence["tls"] == "\(lab(2).address), \(lab(3).address)")
        // All alike (all TLS from one CA, or all plaintext): nothing.
        #expect(
            detectTLSInconsistent(history([[try Self.member(1, tls), try Self.member(2, tls)]]), nil, .defaults)
                .isEmpty)
        let plain = MemberTLS(secure: false)
        #expect(
            detectTLSInconsistent(history([[try Self.member(1, plain), try Self.member(2, plain)]]), nil, .defaults)
                .isEmpty)
    }

    @Test("Different issuers: the member outside the majority's issuer is named, every issuer is evidence")
    func differentIssuers() throws {
        let ours = Self.secure([Self.certificate(secondsLeft: 300 * Self.day)])
        let theirs = Self.secure([Self.certificate(secondsLeft: 300 * Self.day, issuer: "CN=other CA")])
        let round = [try Self.member(1, ours), try Self.member(2, theirs), try Self.member(3, ours)]
        let findings = detectTLSInconsistent(history([round]), nil, .defaults)
        #expect(findings.map(\.members) == [[lab(2).address]])
        #expect(findings.first?.evidence[lab(2).address] == "CN=other CA")
        #expect(findings.first?.evidence[lab(1).address] == "CN=zkscope lab CA")
        #expect(findings.first?.message.contains("another issuer than CN=zkscope lab CA (2 of 3 TLS members)") == true)
    }

    @Test("A plaintext port that answers beside TLS is info; one that does not, or was not asked, is nothing")
    func plaintextBeside() throws {
        let cert = [Self.certificate(secondsLeft: 300 * Self.day)]
        let open = [try Self.member(1, Self.secure(cert, plaintextPort: 2281, answers: true))]
        let findings = detectPlaintextBesideTLS(history([open]), nil, .defaults)
        #expect(findings.map(\.code) == [.tlsPlaintextOpen])
        #expect(findings.first?.severity == .info)
        #expect(findings.first?.members == [lab(1).address])
        #expect(findings.first?.evidence["plaintext_port"] == "2281")
        for tls in [Self.secure(cert, plaintextPort: 2281, answers: false), Self.secure(cert)] {
            #expect(detectPlaintextBesideTLS(history([[try Self.member(1, tls)]]), nil, .defaults).isEmpty)
        }
    }

    @Test("detectAll runs the TLS detectors, and check's report carries each member's TLS summary")
    func wiredIn() throws {
        let tls = Self.secure([Self.certificate(secondsLeft: 2 * Self.day)])
        let h = history([[try Self.member(1, tls), try Self.member(2, MemberTLS(secure: false))]])
        let found = codes(detectAll(history: h, configuration: nil))
        #expect(found.isSuperset(of: ["tls-certificate-expiring", "tls-inconsistent"]))
        let report = CheckReport(history: h, findings: [])
        let summary = try #require(report.members.first?.tls)
        #expect(summary.secure)
        #expect(summary.daysLeft == 2)
        #expect(summary.notAfter == "2026-12-04T12:00:00Z")
        #expect(summary.chain.map(\.subject) == ["CN=zk1"])
        #expect(report.members.last?.tls?.secure == false)
    }
}
