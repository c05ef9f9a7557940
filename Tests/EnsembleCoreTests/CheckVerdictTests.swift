import Testing

@testable import EnsembleCore

/// `check`'s own verdicts: an ensemble where nothing serves is CRITICAL with a finding that says so, and a
/// `ZOOCFGDIR` that names no usable zoo.cfg is an error, never a silent fallback.
@Suite("check verdicts")
struct CheckVerdictTests {
    private func report(_ rounds: [[(Int, MemberReplies)]]) -> CheckReport {
        let history = history(rounds)
        return CheckReport(history: history, findings: detectAll(history: history, configuration: nil))
    }

    @Test func aDownStandaloneIsCritical() {
        let report = report([[(1, Capture.down)], [(1, Capture.down)], [(1, Capture.down)]])
        let outage = report.findings.first { $0.code == .noMemberServing }
        #expect(outage?.severity == .critical)
        #expect(outage?.message == "The only member, 127.0.0.1:2181, is down: clients can neither read nor write")
        #expect(outage?.members == ["127.0.0.1:2181"])
        #expect(report.findings.first?.code == .noMemberServing, "most severe first")
        #expect(report.exitCode == 2)
        #expect(report.members.first?.reason?.hasPrefix("connection refused") == true, "the probe's own words")
    }

    @Test func onlyMembersThatDoNotServeHaveAReason() throws {
        let serving = try Capture.replies(
            srvr: "kill-leader/before-zk1-srvr.txt", mntr: "kill-leader/before-zk1-mntr.txt")
        let report = report([[(1, serving), (2, Capture.hung)]])
        #expect(report.members[0].reason == nil)
        #expect(report.members[1].state == .unresponsive)
        #expect(report.members[1].reason == "no answer within the deadline")
    }

    @Test func oneRoundIsNotYetAVerdict() {
        let report = report([[(1, Capture.down)]])
        #expect(!report.findings.contains { $0.code == .noMemberServing })
        #expect(report.exitCode == 3)
    }

    @Test func aStandaloneThatCameBackIsNotAnOutage() throws {
        let serving = try Capture.replies(
            srvr: "kill-leader/before-zk1-srvr.txt", mntr: "kill-leader/before-zk1-mntr.txt")
        let report = report([[(1, Capture.down)], [(1, Capture.down)], [(1, serving)]])
        #expect(!report.findings.contains { $0.code == .noMemberServing })
    }

    @Test func mixedOutagesAreCountedAndQuorumLostIsNotRepeated() {
        let round: [(Int, MemberReplies)] = [(1, Capture.down), (2, Capture.hung), (3, Capture.looking)]
        let report = report([round, round, round])
        #expect(report.findings.contains { $0.code == .quorumLost && $0.severity == .critical })
        #expect(!report.findings.contains { $0.code == .noMemberServing }, "quorum-lost already says it")
        #expect(report.exitCode == 2)

        let two = CheckReport.outageFinding(history: history([round, round]), findings: [], thresholds: .defaults)
        #expect(
            two?.message == "None of the 3 members serves (1 down, 1 unresponsive, 1 not-serving): "
                + "clients can neither read nor write")
        #expect(two?.evidence == ["members": "3", "down": "1", "unresponsive": "1", "not-serving": "1"])
    }

    private let files = [
        "/etc/zookeeper/conf/zoo.cfg": "clientPort=2181\nserver.1=a:2888:3888\nserver.2=b:2888:3888\n",
        "/opt/bad/zoo.cfg": "clientPort=2181\nnot a setting\n",
    ]

    private func resolve(_ environment: [String: String]) throws(ConfigError) -> EnsembleConfiguration {
        try EnsembleConfiguration.resolve(configPath: nil, servers: nil, environment: environment) { files[$0] }
    }

    @Test func aZooCfgDirWithoutZooCfgIsAnErrorNamingTheVariable() {
        do {
            let used = try resolve(["ZOOCFGDIR": "/opt/empty"])
            Issue.record("fell back to \(used.source)")
        } catch {
            #expect(error.file == "/opt/empty/zoo.cfg")
            #expect(error.message.contains("ZOOCFGDIR=/opt/empty"))
            #expect(error.message.contains("--config or --servers"))
        }
    }

    @Test func aMalformedZooCfgDirFileKeepsItsLineAndNamesTheVariable() {
        do {
            let used = try resolve(["ZOOCFGDIR": "/opt/bad/"])
            Issue.record("fell back to \(used.source)")
        } catch {
            #expect(error.file == "/opt/bad/zoo.cfg")
            #expect(error.line == 2)
            #expect(
                error.message.hasSuffix(
                    "(ZOOCFGDIR=/opt/bad/ names this file; fix or unset ZOOCFGDIR, or name "
                        + "the members with --config or --servers)"))
        }
    }

    @Test func anEmptyZooCfgDirIsUnset() throws {
        #expect(try resolve(["ZOOCFGDIR": ""]).source == "/etc/zookeeper/conf/zoo.cfg")
        #expect(try resolve([:]).source == "/etc/zookeeper/conf/zoo.cfg")
    }
}
