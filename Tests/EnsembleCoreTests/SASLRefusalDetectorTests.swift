import Testing

@testable import EnsembleCore

/// `sasl-login-refused` over hand-made session outcomes: named only when other members accept the same login.
@Suite struct SASLRefusalDetectorTests {
    @Test func theMemberThatRefusesIsNamedWithItsEvidence() throws {
        let findings = SASLRefusalDetector.findings(
            outcomes: [
                "127.0.0.1:2181": .authenticated,
                "127.0.0.1:2182": .authenticated,
                "127.0.0.1:2183": .refused(code: -124, detail: "the server refused the SASL credentials"),
            ], mechanism: "GSSAPI", dropCounts: ["127.0.0.1:2183": 3])
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.code == .saslLoginRefused)
        #expect(finding.severity == .critical)
        #expect(finding.members == ["127.0.0.1:2183"])
        #expect(finding.message.contains("127.0.0.1:2183 refused the GSSAPI login"))
        #expect(finding.evidence["accepted_by"] == "127.0.0.1:2181, 127.0.0.1:2182")
        #expect(finding.evidence["127.0.0.1:2183 error"]?.hasPrefix("-124") == true)
        #expect(finding.evidence["127.0.0.1:2183 zk_connection_drop_count"] == "3")
        #expect(finding.remedy.contains("zookeeper/<the host clients connect to>"))
    }

    @Test func everyMemberRefusingIsTheClientsProblemNotAMembers() {
        let refused = SASLRefusalDetector.Outcome.refused(code: -124, detail: "refused")
        #expect(
            SASLRefusalDetector.findings(outcomes: ["a:1": refused, "b:1": refused], mechanism: "GSSAPI").isEmpty)
    }

    @Test func unreachableMembersAreNoEvidence() {
        #expect(
            SASLRefusalDetector.findings(
                outcomes: ["a:1": .authenticated, "b:1": .unknown, "c:1": .authenticated], mechanism: "DIGEST-MD5"
            ).isEmpty)
    }

    @Test func digestRefusalsGetTheDigestRemedy() throws {
        let findings = SASLRefusalDetector.findings(
            outcomes: ["a:1": .authenticated, "b:1": .refused(code: -115, detail: "AuthFailed")],
            mechanism: "DIGEST-MD5")
        #expect(try #require(findings.first).remedy.contains("same users and passwords"))
    }
}
