import EnsembleCore
import EnsembleMonitor
import Foundation
import Testing
import ZooKeeperClient
import ZooKeeperLab

/// Fault acceptance for data faults: leftover data with a higher epoch (the time bomb of facts §7d)
/// and three standalone servers listed as one ensemble (with `check --deep` naming the divergent paths).
@Suite(.serialized)
struct MonitorDataFaultTests {
    /// A member started on leftover data from a quorum with a higher epoch loops between FOLLOWING and
    /// LOOKING: `member-sync-loop` (critical) while the leader is still alive; cleared once its data is
    /// wiped and it restarts.
    @Test func leftoverHigherEpochDataIsFlaggedWhileTheLeaderLives() async throws {
        try await LeftoverEpochSeed.with { seed, _ in

            try await LabEnsemble.with(LabOptions(members: 3, tickTimeMilliseconds: 500)) { lab in
                let harness = MonitorHarness(lab: lab)
                try await harness.waitFor("all serving") { $0.members.allSatisfy(\.isServing) }
                let leader = try #require(await lab.leaderID())
                let victim = try #require(lab.ids.last { $0 != leader })
                let address = harness.address(victim)
                try await lab.stop(victim)
                try await lab.start(victim, config: LabMemberConfig(seedDataDirectory: seed, expectServing: false))
                // Visible: the member is up but not serving, and the leader is closing learner sockets
                // (the loop has started; a JVM still loading its data is not in it yet).
                let leaderAddress = harness.address(leader)
                let finding = try await harness.expectFlagged(
                    .memberSyncLoop, member: address, visible: "\(address) not serving while the leader drops learners"
                ) { update in
                    guard MonitorHarness.member(address, in: update)?.reachability == .notServing,
                        let previous = update.tracker.history.previous?.member(leaderAddress),
                        let before = previous.counter("cnt_socket_closing_time"),
                        let after = MonitorHarness.member(leaderAddress, in: update)?.counter("cnt_socket_closing_time")
                    else { return false }
                    return after > before
                }
                #expect(finding.severity == .critical)
                #expect(finding.evidence["leader"] == harness.address(leader))
                let flagged = try #require(harness.latest)
                #expect(flagged.state.snapshot.leaders.map(\.address) == [harness.address(leader)])

                try await lab.stop(victim)
                let dataDir = try #require(lab.member(victim)).dataDir
                try FileManager.default.removeItem(atPath: dataDir + "/version-2")
                try await lab.start(victim, config: .healthy)
                try await harness.expectCleared(.memberSyncLoop, member: nil)
                try await harness.waitFor("\(address) serving") {
                    MonitorHarness.member(address, in: $0)?.isServing == true
                }
            }
        }
    }

    /// Three standalone servers given as one ensemble: each is `standalone-member` (critical) within
    /// two rounds; `zkscope check --deep --json` exits 2 and names the path only one of them has.
    @Test func threeStandalonesListedAsOneEnsemble() async throws {
        try await LabEnsemble.with(LabOptions(members: 3, topology: .independentStandalones)) { lab in
            let harness = MonitorHarness(lab: lab)
            for id in lab.ids {
                let address = harness.address(id)
                let finding = try await harness.expectFlagged(
                    .standaloneMember, member: address, visible: "\(address) standalone"
                ) { MonitorHarness.member(address, in: $0)?.role == .standalone }
                #expect(finding.severity == .critical)
            }
            let first = try #require(lab.member(1))
            try await ZooKeeperClient.withClient(
                ZooKeeperConfiguration(connectString: "\(first.host):\(first.clientPort)")
            ) { client in
                _ = try await client.create("/only-on-one", data: Array("x".utf8))
            }
            let servers = lab.members.map { "\($0.host):\($0.clientPort)@\($0.adminPort)" }.joined(separator: ",")
            let result = try await ZKScopeBinary.run([
                "check", "--servers", servers, "--json", "--deep", "--interval", "0.5", "--window", "1",
            ])
            #expect(result.exitCode == 2, "\(result)")
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let findings = try #require(object["findings"] as? [[String: Any]])
            let codes = findings.compactMap { $0["code"] as? String }
            #expect(codes.filter { $0 == "standalone-member" }.count == 3)
            let divergence = try #require(findings.first { $0["code"] as? String == "content-divergence" })
            let evidence = try #require(divergence["evidence"] as? [String: String])
            #expect(evidence["paths"]?.contains("/only-on-one") == true, "\(divergence)")
            #expect(divergence["severity"] as? String == "critical")

            // `check --follow`: one JSON line per event, as they happen.
            let work = try WitnessRunner.makeWorkDirectory(prefix: "zkscope-follow")
            let follow = try WitnessRunner.start(
                executable: ZKScopeBinary.path,
                arguments: ["check", "--follow", "--servers", servers, "--interval", "0.5"],
                workDirectory: work)
            do {
                try await follow.waitForOutput("standalone-member", timeout: .seconds(30))
                try await lab.stop(3)
                try await follow.waitForOutput("\"to\":\"down\"", timeout: .seconds(30))
            } catch {
                await follow.stop()
                throw error
            }
            let lines = await follow.stop().stdout.split(separator: "\n")
            let objects = lines.compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
            #expect(objects.count == lines.count, "every line is one JSON object")
            #expect(objects.allSatisfy { $0["time"] is String && $0["kind"] is String && $0["message"] is String })
            let raised = objects.filter { $0["kind"] as? String == "finding-raised" }
            #expect(raised.filter { $0["code"] as? String == "standalone-member" }.count == 3)
            let down = try #require(
                objects.first { $0["kind"] as? String == "member-state-changed" && $0["to"] as? String == "down" })
            #expect(down["members"] as? [String] == [harness.address(3)])
        }
    }
}
