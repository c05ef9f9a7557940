import EnsembleCore
import EnsembleMonitor
import Foundation
import Testing
import ZooKeeperAdmin
import ZooKeeperClient
import ZooKeeperLab

/// Fault acceptance against real ensembles: each test starts its own lab, drives the real
/// `EnsembleMonitor` at a 500 ms interval, and checks each fault is flagged within two poll rounds
/// of becoming visible and clears when undone. Scenarios share a lab only when each is undone
/// before the next starts.
@Suite(.serialized)
struct MonitorFaultTests {
    /// Healthy baseline, the `check --json` binary, SIGSTOP, the default whitelist, a write-heavy
    /// load and a killed leader, on one lab (each scenario is undone before the next).
    @Test func healthyBinaryPauseWhitelistWritesAndLeaderKill() async throws {
        try await LabEnsemble.with(LabOptions(members: 3, tickTimeMilliseconds: 500)) { lab in
            try await checkBinaryOnHealthyEnsemble(lab)
            let harness = MonitorHarness(lab: lab)
            try await healthyBaseline(harness)
            try await pausedMember(harness)
            try await defaultWhitelistMember(harness)
            try await writeHeavyWorkload(harness)
            try await killedLeader(harness)
        }
    }

    /// A member whose server list has an extra server (stays LOOKING), one with another client port
    /// for a peer (serves; its `conf` differs), and a member restarted in a loop.
    @Test func serverListFaultsAndRestartLoop() async throws {
        try await LabEnsemble.with(LabOptions(members: 3, tickTimeMilliseconds: 500)) { lab in
            let harness = MonitorHarness(lab: lab)
            try await healthyBaseline(harness)
            try await extraServerInList(harness)
            try await wrongClientPortForPeer(harness)
            try await restartLoop(harness)
        }
    }

    // MARK: - Scenarios

    /// `zkscope check --json` (the real binary) on a healthy ensemble: exit 0 and the JSON contract.
    func checkBinaryOnHealthyEnsemble(_ lab: LabEnsemble) async throws {
        let servers = lab.members.map { "\($0.host):\($0.clientPort)@\($0.adminPort)" }.joined(separator: ",")
        let result = try await ZKScopeBinary.run(["check", "--servers", servers, "--json", "--interval", "0.5"])
        #expect(result.exitCode == 0, "\(result)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["members", "findings"])
        let members = try #require(object["members"] as? [[String: Any]])
        #expect(members.count == 3)
        let keys: Set<String> = [
            "address", "id", "state", "role", "zxid", "epoch", "znodes", "ephemerals", "sessions", "connections",
            "readsPerSecond", "writesPerSecond", "signals",
        ]
        for member in members {
            #expect(keys.isSubset(of: Set(member.keys)), "missing keys in \(member)")
            #expect(member["state"] as? String == "serving")
            let signals = member["signals"] as? [String] ?? []
            #expect(signals.contains("srvr") && signals.contains("mntr") && signals.contains("admin:zabstate"))
        }
        #expect((members.compactMap { $0["role"] as? String }).sorted() == ["follower", "follower", "leader"])
        #expect(Set(members.compactMap { $0["id"] as? Int }) == [1, 2, 3])
    }

    /// A healthy ensemble: every member serving, a leader, nothing above info for several rounds.
    func healthyBaseline(_ harness: MonitorHarness) async throws {
        try await harness.waitFor("all members serving") { update in
            update.members.allSatisfy(\.isServing) && update.state.snapshot.leaders.count == 1
        }
        try await harness.advance(4)
        #expect(harness.seriousFindings.isEmpty, "healthy ensemble raised \(harness.seriousFindings)")
        let member = try #require(harness.latest?.members.first)
        #expect(member.serverID != nil && member.znodes != nil && member.globalSessions != nil)
        #expect(member.sources[.mntr] == .answered)
        let answered = harness.latest?.sources[member.address]?.answered ?? []
        #expect(answered.contains("admin:leader") && answered.contains("conf"), "\(answered)")
    }

    /// SIGSTOP: `member-unresponsive` within two rounds; rounds stay bounded; clears on SIGCONT.
    func pausedMember(_ harness: MonitorHarness) async throws {
        let lab = harness.lab
        let leader = try #require(await lab.leaderID())
        let victim = try #require(lab.ids.first { $0 != leader })
        let address = harness.address(victim)
        try lab.pause(victim)
        do {
            try await harness.expectFlagged(.memberUnresponsive, member: address, visible: "\(address) unresponsive") {
                MonitorHarness.member(address, in: $0)?.reachability == .unresponsive
            }
            // The hung member does not hold up the others or the rounds.
            try await harness.advance(2)
            let update = try #require(harness.latest)
            #expect(update.members.filter(\.isServing).count == 2)
            // Bounded by the probe deadline (450 ms) plus scheduling on a loaded machine.
            #expect(update.roundDuration < .seconds(1), "round took \(update.roundDuration)")
        } catch {
            try? lab.resume(victim)
            throw error
        }
        try lab.resume(victim)
        try await harness.expectCleared(.memberUnresponsive, member: address)
        #expect(harness.longestRound < .milliseconds(1500), "longest round \(harness.longestRound)")
    }

    /// A member on ZooKeeper's default whitelist: `mntr`, `conf`... blocked and recorded as such,
    /// the AdminServer fills the gap (`signals-missing` info), and the member is still fully read.
    func defaultWhitelistMember(_ harness: MonitorHarness) async throws {
        let lab = harness.lab
        let leader = try #require(await lab.leaderID())
        let victim = try #require(lab.ids.last { $0 != leader })
        let address = harness.address(victim)
        try await lab.stop(victim)
        try await lab.start(victim, config: LabMemberConfig(whitelist: .serverDefault))
        let finding = try await harness.expectFlagged(
            .signalsMissing, member: address, visible: "\(address) refusing mntr (whitelist)"
        ) { update in
            MonitorHarness.member(address, in: update)?.sources[.mntr] == .notWhitelisted
        }
        #expect(
            finding.severity == .info,
            "the AdminServer fills the gap: \(finding) \(String(describing: harness.latest.flatMap { MonitorHarness.member(address, in: $0)?.sources }))"
        )
        #expect(finding.evidence[address]?.contains("mntr") == true)
        let update = try await harness.waitFor("\(address) read through the AdminServer") {
            MonitorHarness.member(address, in: $0)?.sources[.adminMonitor] == .answered
        }
        let member = try #require(MonitorHarness.member(address, in: update))
        #expect(member.isServing && member.sources[.srvr] == .answered)
        #expect(member.globalSessions != nil && member.ephemerals != nil && member.membership != nil)
        let report = try #require(update.sources[address])
        #expect(report.blocked.keys.contains("mntr") && report.blocked.keys.contains("conf"))

        try await lab.stop(victim)
        try await lab.start(victim, config: .healthy)
        try await harness.expectCleared(.signalsMissing, member: address)
    }

    /// Writes only, ~40/s: `write-heavy` while they run, cleared once the rate window has passed.
    func writeHeavyWorkload(_ harness: MonitorHarness) async throws {
        let lab = harness.lab
        let client = try await ZooKeeperClient.connect(ZooKeeperConfiguration(connectString: lab.connectString))
        _ = try? await client.create("/hot", data: [])
        let writer = Task {
            var count = 0
            while !Task.isCancelled && count < 5000 {
                _ = try? await client.setData("/hot", data: Array("value \(count)".utf8))
                count += 1
                try? await Task.sleep(for: .milliseconds(25))
            }
        }
        do {
            let finding = try await harness.expectFlagged(
                .writeHeavy, member: nil, visible: "writes without reads", maxRounds: 2
            ) { update in
                let rates = update.tracker.ensembleRates
                guard let writes = rates.writesPerSecond, writes >= 1 else { return false }
                return (rates.readsPerSecond ?? 0) / writes < 10
            }
            #expect(finding.evidence["hottest_paths"]?.contains("/hot") == true, "\(finding)")
        } catch {
            writer.cancel()
            await client.close()
            throw error
        }
        writer.cancel()
        _ = await writer.value
        await client.close()
        try await harness.expectCleared(.writeHeavy, member: nil)
    }

    /// kill -9 the leader: `member-down` within two rounds, a leader change, cleared after restart.
    func killedLeader(_ harness: MonitorHarness) async throws {
        let lab = harness.lab
        try await harness.waitFor("a serving leader") { $0.state.snapshot.leaders.count == 1 }
        let leader = try #require(await lab.leaderID())
        let address = harness.address(leader)
        let eventsBefore = harness.events.count
        try await lab.kill(leader)
        try await harness.expectFlagged(.memberDown, member: address, visible: "\(address) down") {
            MonitorHarness.member(address, in: $0)?.reachability == .down
        }
        let elected = try await harness.waitFor("a new leader") { update in
            update.state.snapshot.leaders.count == 1 && update.state.snapshot.leaders.first?.address != address
        }
        #expect(elected.findings.allSatisfy { $0.code != .quorumLost })
        let newEvents = harness.events.dropFirst(eventsBefore)
        #expect(newEvents.contains { if case .leaderChanged = $0.kind { return true } else { return false } })
        try await lab.start(leader)
        try await harness.expectCleared(.memberDown, member: address)
        try await harness.waitFor("\(address) serving again") {
            MonitorHarness.member(address, in: $0)?.isServing == true
        }
    }

    /// `server.4` added to one member's list: it stays LOOKING (`member-not-serving`); cleared on a
    /// healthy restart.
    func extraServerInList(_ harness: MonitorHarness) async throws {
        let lab = harness.lab
        let leader = try #require(await lab.leaderID())
        let victim = try #require(lab.ids.last { $0 != leader })
        let address = harness.address(victim)
        try await lab.stop(victim)
        try await lab.start(
            victim, config: LabMemberConfig(serverListChanges: [.addServer(id: 4)], expectServing: false))
        // Visible once the new process answers "not currently serving" (LOOKING): the old one's empty
        // replies while it shut down are not-serving too, but they are not the fault.
        try await harness.expectFlagged(.memberNotServing, member: address, visible: "\(address) not serving") {
            let member = MonitorHarness.member(address, in: $0)
            return member?.reachability == .notServing && member?.sources[.srvr] == .notServing
        }
        try await lab.stop(victim)
        try await lab.start(victim, config: .healthy)
        try await harness.expectCleared(.memberNotServing, member: address)
    }

    /// Another client port for a peer in one member's list: it serves, its `conf` differs
    /// (`config-mismatch`, naming the line); cleared on a healthy restart.
    func wrongClientPortForPeer(_ harness: MonitorHarness) async throws {
        let lab = harness.lab
        let leader = try #require(await lab.leaderID())
        let victim = try #require(lab.ids.last { $0 != leader })
        let peer = try #require(lab.ids.first { $0 != victim })
        let address = harness.address(victim)
        try await lab.stop(victim)
        try await lab.start(
            victim, config: LabMemberConfig(serverListChanges: [.clientPort(ofServer: peer, port: 2999)]))
        let finding = try await harness.expectFlagged(
            .configMismatch, member: address, visible: "\(address) serving with its own list"
        ) { update in
            guard let member = MonitorHarness.member(address, in: update), member.isServing,
                let list = member.membership
            else { return false }
            return list.contains { $0.id == peer && $0.clientPort == 2999 }
        }
        #expect(finding.evidence[address]?.contains("2999") == true, "\(finding)")
        #expect(finding.severity == .warning)
        try await lab.stop(victim)
        try await lab.start(victim, config: .healthy)
        try await harness.expectCleared(.configMismatch, member: nil)
    }

    /// A follower stopped and started repeatedly: `member-restarting` (warning) within three restarts,
    /// cleared once the restart window has passed.
    func restartLoop(_ harness: MonitorHarness) async throws {
        let lab = harness.lab
        let leader = try #require(await lab.leaderID())
        let victim = try #require(lab.ids.first { $0 != leader })
        let address = harness.address(victim)
        func isLoop(_ update: MonitorUpdate) -> Bool {
            MonitorHarness.finding(.memberRestarting, member: address, in: update)?.severity == .warning
        }
        var restarts = 0
        var flaggedAfter: Int?
        while restarts < 3, flaggedAfter == nil {
            try await lab.stop(victim)
            try await harness.waitFor("\(address) down") {
                MonitorHarness.member(address, in: $0)?.reachability == .down
            }
            try await lab.start(victim)
            restarts += 1
            let back = try await harness.waitFor("\(address) serving after restart \(restarts)") {
                MonitorHarness.member(address, in: $0)?.isServing == true
            }
            try await harness.advance(2)
            if isLoop(back) || harness.latest.map(isLoop) == true { flaggedAfter = restarts }
        }
        let flagged = try #require(flaggedAfter, "no member-restarting warning after \(restarts) restarts")
        #expect(flagged <= 3)
        try await harness.expectCleared(.memberRestarting, member: address, timeout: .seconds(120))
    }
}

/// Runs the built `zkscope` executable.
enum ZKScopeBinary {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static var path: String { root.appendingPathComponent(".build/debug/zkscope").path }

    static func run(_ arguments: [String], timeout: Duration = .seconds(60)) async throws -> WitnessResult {
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw LabError("\(path) is missing: run `swift build --build-tests` first")
        }
        let work = try WitnessRunner.makeWorkDirectory(prefix: "zkscope-check")
        return try await WitnessRunner.start(executable: path, arguments: arguments, workDirectory: work)
            .wait(timeout: timeout)
    }
}
