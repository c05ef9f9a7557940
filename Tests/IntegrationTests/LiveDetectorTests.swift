import Foundation
import Testing
import ZooKeeperAdmin
import ZooKeeperClient

@testable import EnsembleCore
@testable import ZooKeeperLab

/// Detectors over live polls of a real lab (restart evidence is the riskiest inference).
@Suite(.serialized)
struct LiveRestartDetectionTests {
    @Test("a follower restarted twice is member-restarting (one seen down, one only through counters)")
    func restartsAreToldApartFromElections() async throws {
        try await LabEnsemble.with(LabOptions(members: 3)) { lab in
            try await lab.waitUntilServing(timeout: .seconds(60))
            var tracker = EnsembleTracker(configuration: nil)
            // Real time, as a poller records it: restart evidence compares uptime with the gap. Members are
            // polled one after another here (a second or more each on a loaded machine), so each snapshot gets
            // the time its own poll finished; one time for the round would skew a young member's aging by that.
            let clock = ContinuousClock()
            let start = clock.now
            func round() async {
                var members: [MemberSnapshot] = []
                for member in lab.members {
                    let address = "\(member.host):\(member.clientPort)"
                    var snapshot = await AdminParsersLiveTests.poll(
                        member, time: 0, previous: tracker.latestSnapshot(of: address))
                    snapshot.time = (clock.now - start) / .seconds(1)
                    members.append(snapshot)
                }
                tracker.record(EnsembleSnapshot(time: (clock.now - start) / .seconds(1), members: members))
            }
            await round()
            await round()
            let leader = try #require(await lab.leaderID())
            let follower = try #require(lab.ids.first { $0 != leader })
            let address = try #require(lab.member(follower)).clientAddress
            // Restart 1: a poll sees it down.
            try await lab.stop(follower)
            await round()
            try await lab.start(follower)
            try await lab.waitUntilServing(timeout: .seconds(60))
            await round()
            let afterOne = tracker.findings.filter { $0.code == .memberRestarting }
            #expect(afterOne.map(\.members) == [[address]])
            #expect(afterOne.first?.severity == .info)
            // Restart 2: no poll in between; uptime and per-process counters reveal it.
            try await lab.stop(follower)
            try await lab.start(follower)
            try await lab.waitUntilServing(timeout: .seconds(60))
            await round()
            let afterTwo = tracker.findings.filter { $0.code == .memberRestarting }
            #expect(afterTwo.map(\.members) == [[address]])
            #expect(afterTwo.first?.severity == .warning)
            #expect(afterTwo.first?.evidence["restarts"] == "2")
            #expect(!tracker.findings.contains { $0.code == .epochJump || $0.code == .quorumLost })
        }
    }
}

/// The time bomb goes off (facts §7d, d2b): the leader dies while a member with leftover
/// higher-epoch data loops; that member wins the election and overwrites the ensemble.
@Suite(.serialized)
struct LiveTimeBombTests {
    @Test func takeoverByLeftoverDataIsEpochJumpAndZnodeDrop() async throws {
        try await LeftoverEpochSeed.with { seed, _ in

            try await LabEnsemble.with(LabOptions(members: 3, tickTimeMilliseconds: 500)) { lab in
                try await lab.waitUntilServing(timeout: .seconds(60))
                let client = try await ZooKeeperClient.connect(ZooKeeperConfiguration(connectString: lab.connectString))
                _ = try await client.create("/real")
                for index in 0..<200 { _ = try await client.create("/real/n\(index)") }
                await client.close()

                var tracker = EnsembleTracker(configuration: nil)
                let clock = ContinuousClock()
                let start = clock.now
                func round() async {
                    let time = (clock.now - start) / .seconds(1)
                    var members: [MemberSnapshot] = []
                    for member in lab.members {
                        members.append(
                            await AdminParsersLiveTests.poll(
                                member, time: time, previous: tracker.latestSnapshot(of: member.clientAddress)))
                    }
                    tracker.record(EnsembleSnapshot(time: time, members: members))
                }
                for _ in 0..<2 { await round() }
                #expect((tracker.history.latest?.maxZnodes ?? 0) > 200)

                let leader = try #require(await lab.leaderID())
                let victim = try #require(lab.ids.last { $0 != leader })
                try await lab.stop(victim)
                try await lab.start(victim, config: LabMemberConfig(seedDataDirectory: seed, expectServing: false))
                await round()
                try await lab.kill(leader)
                var codes: Set<FindingCode> = []
                for _ in 0..<20 where !(codes.contains(.epochJump) && codes.contains(.znodeCountDrop)) {
                    try await Task.sleep(for: .milliseconds(500))
                    await round()
                    codes.formUnion(tracker.findings.map(\.code))
                }
                #expect(codes.contains(.epochJump), "\(tracker.findings)")
                #expect(codes.contains(.znodeCountDrop), "\(tracker.findings)")
                let drop = tracker.findings.first { $0.code == .znodeCountDrop }
                #expect(drop?.severity == .critical)
                #expect(tracker.events.contains { if case .election = $0.kind { return true } else { return false } })
            }
        }
    }
}
