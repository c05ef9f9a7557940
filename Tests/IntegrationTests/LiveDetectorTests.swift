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
            // Real time, as a poller records it: restart evidence compares uptime with the gap.
            let clock = ContinuousClock()
            let start = clock.now
            func round() async {
                let time = (clock.now - start) / .seconds(1)
                var members: [MemberSnapshot] = []
                for member in lab.members {
                    let address = "\(member.host):\(member.clientPort)"
                    members.append(
                        await AdminParsersLiveTests.poll(
                            member, time: time, previous: tracker.latestSnapshot(of: address)))
                }
                tracker.record(EnsembleSnapshot(time: time, members: members))
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

/// The leftover-data time bomb of facts §7d, live: a member seeded with a higher-epoch data dir
/// loops between FOLLOWING and LOOKING; the leader's socket-close counter gives it away.
@Suite(.serialized)
struct LiveSyncLoopTests {
    @Test func leftoverHigherEpochDataIsFlaggedAndClearsAfterTheWipe() async throws {
        var throwawayOptions = LabOptions(members: 1, topology: .quorum, tickTimeMilliseconds: 500)
        throwawayOptions.adminServer = false
        try await LabEnsemble.with(throwawayOptions) { throwaway in
            for _ in 0..<3 {
                try await throwaway.stop(1)
                try await throwaway.start(1)
            }
            try await throwaway.stop(1)
            let seed = URL(fileURLWithPath: try #require(throwaway.member(1)).dataDir)

            try await LabEnsemble.with(LabOptions(members: 3, tickTimeMilliseconds: 500)) { lab in
                try await lab.waitUntilServing(timeout: .seconds(60))
                let leader = try #require(await lab.leaderID())
                let victim = try #require(lab.ids.last { $0 != leader })
                let address = try #require(lab.member(victim)).clientAddress
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
                for _ in 0..<3 { await round() }
                #expect(!tracker.findings.contains { $0.code == .memberSyncLoop })

                try await lab.stop(victim)
                try await lab.start(victim, config: LabMemberConfig(seedDataDirectory: seed, expectServing: false))
                var flagged: Finding?
                for _ in 0..<12 where flagged == nil {
                    try await Task.sleep(for: .milliseconds(500))
                    await round()
                    flagged = tracker.findings.first { $0.code == .memberSyncLoop }
                }
                let finding = try #require(flagged, "no member-sync-loop: \(tracker.findings)")
                #expect(finding.members == [address])
                #expect(finding.severity == .critical)
                #expect(tracker.findings.contains { $0.code == .memberNotServing && $0.members == [address] })

                // The remedy: stop it, wipe its data but keep myid, start it again.
                try await lab.stop(victim)
                let dataDir = try #require(lab.member(victim)).dataDir
                try FileManager.default.removeItem(atPath: dataDir + "/version-2")
                #expect(FileManager.default.fileExists(atPath: dataDir + "/myid"))
                try await lab.start(victim, config: .healthy)
                try await lab.waitUntilServing(timeout: .seconds(60))
                for _ in 0..<4 {
                    try await Task.sleep(for: .milliseconds(500))
                    await round()
                }
                #expect(!tracker.findings.contains { $0.code == .memberSyncLoop }, "\(tracker.findings)")
                #expect(!tracker.findings.contains { $0.severity >= .warning && $0.code != .memberRestarting })
            }
        }
    }
}

/// The time bomb goes off (facts §7d, d2b): the leader dies while a member with leftover
/// higher-epoch data loops; that member wins the election and overwrites the ensemble.
@Suite(.serialized)
struct LiveTimeBombTests {
    @Test func takeoverByLeftoverDataIsEpochJumpAndZnodeDrop() async throws {
        var throwawayOptions = LabOptions(members: 1, topology: .quorum, tickTimeMilliseconds: 500)
        throwawayOptions.adminServer = false
        try await LabEnsemble.with(throwawayOptions) { throwaway in
            for _ in 0..<3 {
                try await throwaway.stop(1)
                try await throwaway.start(1)
            }
            try await throwaway.stop(1)
            let seed = URL(fileURLWithPath: try #require(throwaway.member(1)).dataDir)

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
