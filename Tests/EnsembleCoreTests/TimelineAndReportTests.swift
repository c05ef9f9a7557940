import Foundation
import Testing
import ZooKeeperAdmin

@testable import EnsembleCore

@Suite("Timeline and check --json")
struct TimelineAndReportTests {
    @Test("kill-leader: leader change, election and state changes are derived from two states")
    func killLeaderTimeline() throws {
        let after: [(Int, MemberReplies)] = [
            (1, try Capture.replies(srvr: "kill-leader/after-zk1-srvr.txt", mntr: "kill-leader/after-zk1-mntr.txt")),
            (2, try Capture.replies(srvr: "kill-leader/after-zk2-srvr.txt", mntr: "kill-leader/after-zk2-mntr.txt")),
            (3, Capture.down),
        ]
        let h = history([try healthyRound(), after])
        let previous = EnsembleState(snapshot: h.rounds[0], findings: [])
        let raised = Finding(
            code: .memberDown, severity: .warning, members: [lab(3).address], message: "down", remedy: "start it")
        let current = EnsembleState(snapshot: h.rounds[1], findings: [raised])
        let events = Timeline.events(from: previous, to: current)
        #expect(events.contains { $0.kind == .leaderChanged(from: lab(3).address, to: lab(2).address) })
        #expect(events.contains { $0.kind == .election(fromEpoch: 1, toEpoch: 2) })
        #expect(
            events.contains {
                $0.kind == .memberStateChanged(from: .serving, to: .down) && $0.members == [lab(3).address]
            })
        #expect(events.contains { $0.kind == .roleChanged(from: .follower, to: .leader) })
        #expect(events.contains { $0.kind == .findingRaised(raised) })
        let cleared = Timeline.events(from: current, to: EnsembleState(snapshot: h.rounds[1], findings: []))
        #expect(cleared.map(\.kind) == [.findingCleared(raised)])
        // A severity change is the old severity cleared and the new one raised, so --follow never keeps a stale one.
        var worse = raised
        worse.severity = .critical
        let escalated = Timeline.events(from: current, to: EnsembleState(snapshot: h.rounds[1], findings: [worse]))
        #expect(escalated.map(\.kind) == [.findingCleared(raised), .findingRaised(worse)])
        // Nothing changes between identical healthy states.
        let healthy = EnsembleState(snapshot: h.rounds[0], findings: [])
        #expect(Timeline.events(from: healthy, to: healthy).isEmpty)
    }

    @Test func checkJSONHasTheContractKeys() throws {
        var round = try healthyRound()
        round[0] = (1, Capture.down)
        let h = history([try healthyRound(), round, round])
        let findings = detectAll(history: h, configuration: nil)
        let report = CheckReport(history: h, findings: findings)
        #expect(report.exitCode == 1)
        let data = try report.jsonData()
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["members", "findings"])
        let members = try #require(object["members"] as? [[String: Any]])
        #expect(members.count == 3)
        let required: Set<String> = [
            "address", "id", "state", "role", "zxid", "epoch", "znodes", "ephemerals", "sessions", "connections",
            "readsPerSecond", "writesPerSecond", "signals",
        ]
        for member in members { #expect(required.isSubset(of: Set(member.keys))) }
        let leader = try #require(members.first { $0["address"] as? String == lab(3).address })
        #expect(leader["role"] as? String == "leader")
        #expect(leader["zxid"] as? String == "0x100000a78")
        #expect(leader["state"] as? String == "serving")
        #expect((leader["signals"] as? [String]) == ["srvr", "mntr"])
        let down = try #require(members.first { $0["address"] as? String == lab(1).address })
        #expect(down["state"] as? String == "down")
        #expect(down["role"] is NSNull)
        let findingObjects = try #require(object["findings"] as? [[String: Any]])
        #expect(findingObjects.first?["code"] as? String == "member-down")
        #expect(findingObjects.first?["severity"] as? String == "warning")
        #expect(
            Set(findingObjects.first?.keys.map { $0 } ?? []) == [
                "code", "severity", "members", "message", "evidence", "remedy",
            ])
    }

    @Test func exitCodes() {
        let member = MemberSummary(
            latest: MemberSnapshot(endpoint: lab(1), time: 0, reachability: .serving), rates: MemberRates())
        let critical = Finding(code: .quorumLost, severity: .critical, members: [], message: "", remedy: "")
        let info = Finding(code: .memberRestarting, severity: .info, members: [], message: "", remedy: "")
        #expect(CheckReport(members: [member], findings: []).exitCode == 0)
        #expect(CheckReport(members: [member], findings: [info]).exitCode == 0)
        #expect(CheckReport(members: [member], findings: [critical, info]).exitCode == 2)
        #expect(CheckReport(members: [], findings: []).exitCode == 3)
    }

    @Test func everyCodeIsNamedExactly() {
        let names = Set(FindingCode.all.map(\.rawValue))
        for name in [
            "member-down", "member-not-serving", "member-unresponsive", "member-restarting", "signals-missing",
            "quorum-lost", "multiple-leaders", "standalone-member", "even-ensemble", "followers-unsynced",
            "member-sync-loop", "config-mismatch", "config-differs-from-file", "duplicate-server-id",
            "server-id-mismatch", "zxid-lag", "znode-count-divergence", "digest-mismatch", "epoch-jump",
            "znode-count-drop", "content-divergence", "write-heavy", "latency-high", "outstanding-requests",
            "fd-near-limit",
            "connections-near-limit", "znode-count-high", "watch-count-high",
        ] {
            #expect(names.contains(name))
        }
    }
}
