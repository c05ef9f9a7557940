import EnsembleCore
import Foundation
import Testing
import ZooKeeperAdmin

@testable import FleetService

@Suite struct FleetStateTests {
    static func reading(_ name: String, _ states: [(String, Reachability)]) -> EnsembleReading {
        EnsembleReading(
            name: name, members: states.map { MemberReading(address: $0.0, state: $0.1) }, findings: [:],
            checkStatus: 0, quorumOK: true, leaders: 1)
    }

    @Test func aRoundReplacesTheEnsemblesReadingAndCountsFailedPolls() {
        var state = FleetState(ensembles: [.init(name: "a", members: ["x:1", "y:1"]), .init(name: "b", members: [])])
        state.record(Self.reading("a", [("x:1", .serving), ("y:1", .down)]))
        state.record(Self.reading("a", [("x:1", .unresponsive), ("y:1", .down)]))
        state.record(Self.reading("a", [("x:1", .notServing), ("y:1", .serving)]))
        #expect(state.rounds["a"] == 3)
        #expect(state.readings["a"]?.members.map(\.state) == [.notServing, .serving])
        // Refused and timed-out polls are errors; an answer saying "not serving" is not.
        #expect(state.pollErrors["a"] == ["x:1": 1, "y:1": 2])
        #expect(state.readings["b"] == nil)
    }

    @Test func aReadingOfAnEnsembleNotServedIsIgnored() {
        var state = FleetState(ensembles: [.init(name: "a", members: ["x:1"])])
        state.record(Self.reading("other-shard", [("x:1", .serving)]))
        #expect(state.readings.isEmpty)
        #expect(state.rounds.isEmpty)
    }

    @Test func oneEnsemblesRoundLeavesTheOthersRowsAlone() {
        var state = FleetState(ensembles: [.init(name: "a", members: ["x:1"]), .init(name: "b", members: ["z:1"])])
        state.record(Self.reading("a", [("x:1", .serving)]))
        let before = state.readings["a"]
        state.record(Self.reading("b", [("z:1", .unresponsive)]))
        #expect(state.readings["a"] == before)
        #expect(state.pollErrors["a"] == ["x:1": 0])
    }

    @Test func aReadingFromARoundTakesLagRoleAndWorstSeverityPerCode() {
        func member(_ port: Int, _ reachability: Reachability, _ role: ServerMode?, _ counter: Int64?) -> MemberSnapshot
        {
            var snapshot = MemberSnapshot(
                endpoint: MemberEndpoint(host: "127.0.0.1", clientPort: port), time: 10, reachability: reachability)
            snapshot.role = role
            snapshot.zxid = counter.map { Zxid(epoch: 2, counter: $0) }
            snapshot.epoch = counter == nil ? nil : 2
            snapshot.latency = LatencyStats(min: 0, avg: 1.5, max: 40)
            snapshot.globalSessions = 4
            return snapshot
        }
        let snapshot = EnsembleSnapshot(
            time: 10,
            members: [
                member(1, .serving, .leader, 100), member(2, .serving, .follower, 90), member(3, .down, nil, nil),
            ])
        let findings = [
            Finding(code: .memberDown, severity: .warning, members: ["127.0.0.1:3"], message: "down", remedy: "start"),
            Finding(code: .zxidLag, severity: .info, members: ["127.0.0.1:2"], message: "lag", remedy: "wait"),
            Finding(code: .zxidLag, severity: .warning, members: ["127.0.0.1:2"], message: "lag", remedy: "wait"),
        ]
        let report = CheckReport(
            members: snapshot.members.map { MemberSummary(latest: $0, rates: MemberRates()) }, findings: findings)
        let reading = EnsembleReading(
            name: "prod", report: report, snapshot: snapshot, roundDuration: .milliseconds(120))
        #expect(reading.members.map(\.role) == ["leader", "follower", "unknown"])
        #expect(reading.members.map(\.lagTransactions) == [0, 10, nil])
        #expect(reading.members[0].latencyMaximumSeconds == 0.04)
        #expect(reading.findings == [.memberDown: .warning, .zxidLag: .warning])
        #expect(reading.checkStatus == 1)
        #expect(reading.quorumOK)
        #expect(reading.leaders == 1)
        #expect(reading.sessions == 4)
        #expect(reading.roundDuration == 0.12)
        #expect(reading.membersUp == 2)
    }

    @Test func quorumIsLostWhenOnlyAMinorityOfVotersServes() {
        var one = MemberSnapshot(
            endpoint: MemberEndpoint(host: "127.0.0.1", clientPort: 1), time: 1, reachability: .serving)
        one.role = .follower
        let others = [2, 3].map {
            MemberSnapshot(endpoint: MemberEndpoint(host: "127.0.0.1", clientPort: $0), time: 1, reachability: .down)
        }
        let snapshot = EnsembleSnapshot(time: 1, members: [one] + others)
        let reading = EnsembleReading(
            name: "p", report: CheckReport(members: [], findings: []), snapshot: snapshot, roundDuration: .zero)
        #expect(!reading.quorumOK)
        #expect(reading.leaders == 0)
    }
}
