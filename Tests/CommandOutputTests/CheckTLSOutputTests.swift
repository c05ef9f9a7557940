import EnsembleCore
import EnsembleMonitor
import Foundation
import Testing
import ZooKeeperTLS

@testable import CommandOutput

/// `check`'s TLS output, pinned like the rest of the contract: the `tls` object of `--json` and the TLS note of
/// the text form, for a TLS member with a two-certificate chain and a plaintext member.
@Suite struct CheckTLSOutputTests {
    static let now = Date(timeIntervalSince1970: 1_796_212_800)  // 2026-12-02T12:00:00Z

    static func report() -> CheckReport {
        let leaf = PeerCertificateSummary(
            subject: "CN=zk1", issuer: "CN=lab intermediate", subjectAlternativeNames: ["IP:127.0.0.1"],
            notBefore: now.addingTimeInterval(-86_400), notAfter: now.addingTimeInterval(2 * 86_400 + 60),
            serialNumber: "1F")
        let intermediate = PeerCertificateSummary(
            subject: "CN=lab intermediate", issuer: "CN=lab root", subjectAlternativeNames: [],
            notBefore: now.addingTimeInterval(-86_400), notAfter: now.addingTimeInterval(365 * 86_400),
            serialNumber: "02")
        var secure = MemberSnapshot(
            endpoint: MemberEndpoint(host: "127.0.0.1", clientPort: 2281), time: 1, reachability: .serving)
        secure.tls = MemberTLS(secure: true, chain: [leaf, intermediate], observedAt: now)
        var plain = MemberSnapshot(
            endpoint: MemberEndpoint(host: "127.0.0.1", clientPort: 2182), time: 1, reachability: .serving)
        plain.tls = MemberTLS(secure: false, observedAt: now)
        var waiting = MemberSnapshot(
            endpoint: MemberEndpoint(host: "127.0.0.1", clientPort: 2283), time: 1, reachability: .down)
        waiting.tls = MemberTLS(secure: true, observedAt: now)
        return CheckReport(
            members: [secure, plain, waiting].map { MemberSummary(latest: $0, rates: MemberRates()) }, findings: [])
    }

    static let sources = [
        "127.0.0.1:2281": SourceReport(answered: ["srvr"], blocked: [:], adminServer: "off"),
        "127.0.0.1:2182": SourceReport(answered: ["srvr"], blocked: [:], adminServer: "off"),
        "127.0.0.1:2283": SourceReport(answered: [], blocked: [:], adminServer: "off"),
    ]

    @Test func textNamesCertificateDaysLeftAndChain() {
        let configuration = EnsembleConfiguration(
            source: "--servers",
            members: [
                MemberEndpoint(host: "127.0.0.1", clientPort: 2281),
                MemberEndpoint(host: "127.0.0.1", clientPort: 2182),
                MemberEndpoint(host: "127.0.0.1", clientPort: 2283),
            ])
        let lines = CheckText.render(report: Self.report(), configuration: configuration, sources: Self.sources)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(
            lines.contains(
                "  127.0.0.1:2281: TLS CN=zk1, issuer CN=lab intermediate, expires 2026-12-04T12:01:00Z "
                    + "(2 days left), chain CN=zk1 <- CN=lab intermediate; AdminServer off"))
        #expect(lines.contains("  127.0.0.1:2182: plaintext; AdminServer off"))
        #expect(
            lines.contains(
                "  127.0.0.1:2283: down: connection refused: nothing listens on the port; "
                    + "TLS (no certificate seen yet); AdminServer off"))
    }

    @Test func plaintextOnlyEnsemblesGetNoTLSNote() {
        var report = Self.report()
        report.members = [report.members[1]]
        let text = CheckText.render(
            report: report,
            configuration: EnsembleConfiguration(
                source: "--servers", members: [MemberEndpoint(host: "127.0.0.1", clientPort: 2182)]),
            sources: Self.sources)
        #expect(text.contains("  127.0.0.1:2182: AdminServer off"))
        #expect(!text.contains("plaintext"))
    }

    @Test func jsonTLSObject() throws {
        let json = try CheckJSON.render(Self.report())
        let expected = """
                  "tls" : {
                    "chain" : [
                      {
                        "issuer" : "CN=lab intermediate",
                        "notAfter" : "2026-12-04T12:01:00Z",
                        "notBefore" : "2026-12-01T12:00:00Z",
                        "serialNumber" : "1F",
                        "subject" : "CN=zk1",
                        "subjectAlternativeNames" : [
                          "IP:127.0.0.1"
                        ]
                      },
                      {
                        "issuer" : "CN=lab root",
                        "notAfter" : "2027-12-02T12:00:00Z",
                        "notBefore" : "2026-12-01T12:00:00Z",
                        "serialNumber" : "02",
                        "subject" : "CN=lab intermediate",
                        "subjectAlternativeNames" : [

                        ]
                      }
                    ],
                    "daysLeft" : 2,
                    "issuer" : "CN=lab intermediate",
                    "notAfter" : "2026-12-04T12:01:00Z",
                    "secure" : true,
                    "subject" : "CN=zk1"
                  },
            """
        #expect(json.contains(expected))
        let plaintext = """
                  "tls" : {
                    "chain" : [

                    ],
                    "daysLeft" : null,
                    "issuer" : null,
                    "notAfter" : null,
                    "secure" : false,
                    "subject" : null
                  },
            """
        #expect(json.contains(plaintext))
        // And it reads back.
        let decoded = try JSONDecoder().decode(CheckReport.self, from: Data(json.utf8))
        #expect(decoded.members.map { $0.tls?.secure } == [true, false, true])
        #expect(decoded.members[0].tls?.chain.count == 2)
    }
}
