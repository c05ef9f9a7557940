import EnsembleCore
import EnsembleMonitor
import Foundation
import Testing
import ZooKeeperLab

/// Freezes, restarts by every path, and partitions, against real ensembles driven by the real
/// `EnsembleMonitor`: a freeze is a pause (never a restart), every process restart counts exactly once
/// (timeline, findings, `check --json` counts and the Rst column all read the tracker's events), and a
/// LOOKING member cut off from its peers is said to be cut off.
@Suite(.serialized)
struct RestartTruthTests {
    /// Restarts and pauses stay in the windows for the whole test.
    static var thresholds: Thresholds {
        var thresholds = MonitorHarness.thresholds
        thresholds.restartWindowSeconds = 600
        thresholds.restartQuietSeconds = 600
        thresholds.pauseWindowSeconds = 600
        return thresholds
    }

    static func restarts(_ events: [TimelineEvent], _ address: String) -> [TimelineEvent] {
        events.filter { event in
            guard case .memberRestarted = event.kind else { return false }
            return event.members == [address]
        }
    }

    static func pauses(_ events: [TimelineEvent], _ address: String) -> [Double] {
        events.compactMap { event in
            guard case .memberPaused(let seconds) = event.kind, event.members == [address] else { return nil }
            return seconds
        }
    }

    /// The restart count every view shows for `address`: the tracker's, the report's and the findings' agree.
    static func restartCount(_ harness: MonitorHarness, _ address: String) throws -> Int {
        let update = try #require(harness.latest)
        let tracked = update.tracker.restartCounts[address, default: 0]
        let reported = update.tracker.report.members.first { $0.address == address }?.restarts
        #expect(reported == tracked, "check --json says \(String(describing: reported)), the tracker \(tracked)")
        #expect(restarts(harness.events, address).count == tracked, "timeline and count differ for \(address)")
        let finding = MonitorHarness.finding(.memberRestarting, member: address, in: update)
        #expect(finding?.evidence["restarts"] == (tracked == 0 ? nil : String(tracked)))
        return tracked
    }

    /// `zkscope check --follow` (the real binary) on the lab, every 0.5 s, until `finish`.
    static func follow(_ lab: LabEnsemble) throws -> WitnessProcess {
        let servers = lab.members.map { "\($0.host):\($0.clientPort)@\($0.adminPort)" }.joined(separator: ",")
        guard FileManager.default.isExecutableFile(atPath: ZKScopeBinary.path) else {
            throw LabError("\(ZKScopeBinary.path) is missing: run `swift build --build-tests` first")
        }
        return try WitnessRunner.start(
            executable: ZKScopeBinary.path,
            arguments: ["check", "--servers", servers, "--follow", "--interval", "0.5"],
            workDirectory: try WitnessRunner.makeWorkDirectory(prefix: "zkscope-follow"))
    }

    /// The `kind` lines `check --follow` printed for `address`.
    static func followLines(_ result: WitnessResult, kind: String, address: String) -> [[String: Any]] {
        result.lines.compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                object["kind"] as? String == kind, object["members"] as? [String] == [address]
            else { return nil }
            return object
        }
    }

    // MARK: - Freezes

    /// A follower frozen (SIGSTOP) for 1.5, 4 and 8 s: three pauses of about those lengths, no restart;
    /// the first is info, the second makes `member-paused` a warning with the remedy.
    @Test func freezesOfSeveralLengthsArePausesNotRestarts() async throws {
        var options = LabOptions(members: 3)
        options.extraConfigLines = ["jvm.pause.monitor=true"]
        try await LabEnsemble.with(options) { lab in
            let harness = MonitorHarness(lab: lab, thresholds: Self.thresholds)
            try await harness.waitFor("all members serving") { $0.members.allSatisfy(\.isServing) }
            let leader = try #require(await lab.leaderID())
            let victim = try #require(lab.ids.first { $0 != leader })
            let address = harness.address(victim)
            let follower = try Self.follow(lab)
            // It prints only events: give its first rounds time to pass (it needs no JVM, so ~0.1 s to start).
            try await harness.advance(4)
            #expect(follower.isRunning, "check --follow exited: \(follower.stderr)")
            let clock = ContinuousClock()
            for (index, seconds) in [1.5, 4.0, 8.0].enumerated() {
                try await harness.advance(2)
                let frozeAt = clock.now
                try lab.pause(victim)
                do {
                    // A freeze is two timed-out polls in a row at least; on a loaded machine that can take
                    // longer than the nominal length, which then only makes the freeze longer.
                    try await harness.waitFor("\(address) unresponsive twice") { update in
                        update.tracker.history.rounds.suffix(2).allSatisfy {
                            $0.member(address)?.reachability == .unresponsive
                        }
                    }
                    let left = Duration.seconds(seconds) - (clock.now - frozeAt)
                    if left > .zero { try await Task.sleep(for: left) }
                } catch {
                    try? lab.resume(victim)
                    throw error
                }
                try lab.resume(victim)
                let resumedAt = clock.now
                let frozen = (resumedAt - frozeAt) / .seconds(1)
                let seen = try await harness.waitFor("pause \(index + 1) of \(address)") {
                    _ in Self.pauses(harness.events, address).count == index + 1
                }
                let measured = try #require(Self.pauses(harness.events, address).last)
                print(
                    "freeze \(seconds) s (really \(frozen) s): member-paused about \(measured) s, reported \(resumedAt.duration(to: clock.now)) "
                        + "after SIGCONT; finding \(MonitorHarness.finding(.memberPaused, member: address, in: seen).map { "\($0.severity)" } ?? "none")"
                )
                #expect(abs(measured - frozen) <= 1.5, "a \(frozen) s freeze was reported as \(measured) s")
                let finding = try #require(MonitorHarness.finding(.memberPaused, member: address, in: seen))
                #expect(finding.severity == (index == 0 ? .info : .warning), "\(finding)")
                if index > 0 { #expect(finding.remedy.contains("GC") && finding.remedy.contains("swap")) }
                #expect(try Self.restartCount(harness, address) == 0, "a freeze was counted as a restart")
            }
            let pause = try #require(
                harness.events.last { if case .memberPaused = $0.kind { return true } else { return false } })
            print("last pause evidence: \(pause.evidence ?? [:])")
            // With jvm.pause.monitor=true the server measured the 8 s freeze itself, and zkscope reads it. Not
            // necessarily in the pause's evidence: the server's pause monitor wakes every 500 ms, so the round that
            // saw the member answer again can come before it recorded the freeze.
            let measured = try await harness.waitFor("\(address)'s own zk_max_jvm_pause_time_ms of the 8 s freeze") {
                (MonitorHarness.member(address, in: $0)?.counter("max_jvm_pause_time_ms") ?? 0) >= 5000
            }
            print(
                "server-measured longest pause: "
                    + "\(MonitorHarness.member(address, in: measured)?.counter("max_jvm_pause_time_ms") ?? 0) ms")
            for id in lab.ids { #expect(try Self.restartCount(harness, harness.address(id)) == 0) }
            // check --follow, polling on its own, told the same story.
            try await harness.advance(2)
            let followed = await follower.stop()
            #expect(Self.followLines(followed, kind: "member-paused", address: address).count == 3, "\(followed)")
            #expect(Self.followLines(followed, kind: "member-restarted", address: address).isEmpty, "\(followed)")
        }
    }

    // MARK: - Restarts

    /// Rolling restarts (SIGTERM, start, next once all serve) in three orders: followers then leader,
    /// leader first, and with SIGKILL. Every member counted exactly once per restart, whatever path it
    /// took back (down → serving, down → LOOKING → serving); the elections they cause count for nobody.
    @Test func rollingRestartsCountEveryMemberOnce() async throws {
        try await LabEnsemble.with(LabOptions(members: 3)) { lab in
            let harness = MonitorHarness(lab: lab, thresholds: Self.thresholds)
            try await harness.waitFor("all members serving") { $0.members.allSatisfy(\.isServing) }
            try await harness.advance(2)
            let follower = try Self.follow(lab)
            var expected: [String: Int] = [:]
            var paths: [String] = []
            for (name, leaderFirst, kill) in [
                ("followers first, SIGTERM", false, false), ("leader first, SIGTERM", true, false),
                ("followers first, SIGKILL", false, true),
            ] {
                let leader = try #require(await lab.leaderID())
                let followers = lab.ids.filter { $0 != leader }
                let order = leaderFirst ? [leader] + followers : followers + [leader]
                let clock = ContinuousClock()
                for id in order {
                    let address = harness.address(id)
                    let eventsBefore = harness.events.count
                    let roundBefore = try #require(harness.latest?.round)
                    if kill { try await lab.kill(id) } else { try await lab.stop(id) }
                    let stoppedAt = clock.now
                    try await lab.start(id)
                    expected[address, default: 0] += 1
                    let counted = try await harness.waitFor("\(address) restart counted (\(name))") {
                        $0.tracker.restartCounts[address, default: 0] == expected[address]
                    }
                    let took = stoppedAt.duration(to: clock.now)
                    try await harness.waitFor("all serving after \(address)") { $0.members.allSatisfy(\.isServing) }
                    let states = counted.tracker.history.rounds.suffix(counted.round - roundBefore).compactMap {
                        $0.member(address)?.reachability.rawValue
                    }
                    let path = states.reduce(into: [String]()) { if $0.last != $1 { $0.append($1) } }
                    paths.append("\(name) \(id == leader ? "leader" : "follower"): \(path.joined(separator: "→"))")
                    print("\(name): \(address) restart counted \(took) after the stop; path \(path)")
                    let new = harness.events.dropFirst(eventsBefore)
                    #expect(Self.restarts(Array(new), address).count == 1)
                }
                try await harness.advance(3)
                for id in lab.ids {
                    let address = harness.address(id)
                    #expect(try Self.restartCount(harness, address) == expected[address], "\(name): \(address)")
                }
            }
            print("paths: \(paths)")
            let pauses = harness.events.filter { if case .memberPaused = $0.kind { return true } else { return false } }
            #expect(
                pauses.isEmpty, "restarts reported as freezes: \(pauses.map { "\($0.message) \($0.evidence ?? [:])" })")
            // check --follow, polling on its own, counted the same restarts.
            try await harness.advance(4)
            let followed = await follower.stop()
            for (address, count) in expected {
                #expect(
                    Self.followLines(followed, kind: "member-restarted", address: address).count == count,
                    "check --follow for \(address): \(followed.lines.filter { $0.contains("member-restarted") })")
            }
        }
    }

    /// A member killed and started again between two polls (8 s apart): no refused window is seen, the
    /// restart shows only in uptime and counters, and counts once.
    @Test func restartFasterThanOnePollCountsOnce() async throws {
        try await LabEnsemble.with(LabOptions(members: 3)) { lab in
            let harness = MonitorHarness(lab: lab, thresholds: Self.thresholds, interval: .seconds(8))
            try await harness.waitFor("all members serving", timeout: .seconds(120)) {
                $0.members.allSatisfy(\.isServing)
            }
            let leader = try #require(await lab.leaderID())
            let victim = try #require(lab.ids.first { $0 != leader })
            let address = harness.address(victim)
            var unseen = 0
            for attempt in 1...3 where unseen == 0 {
                let polled = try await harness.next()
                let roundBefore = polled.round
                try await lab.kill(victim)
                try await lab.start(victim)
                let counted = try await harness.waitFor("restart \(attempt) counted", timeout: .seconds(120)) {
                    $0.tracker.restartCounts[address, default: 0] == attempt
                }
                let states = counted.tracker.history.rounds.suffix(counted.round - roundBefore).compactMap {
                    $0.member(address)?.reachability
                }
                let event = try #require(Self.restarts(harness.events, address).last)
                print("restart \(attempt): polled states \(states.map(\.rawValue)); evidence \(event.evidence ?? [:])")
                if states.allSatisfy({ $0 == .serving }) {
                    unseen += 1
                    #expect(event.evidence?["refused_window"] == nil)
                    #expect(event.evidence?["uptime_ms"] != nil)
                }
                try await harness.advance(1)
                #expect(try Self.restartCount(harness, address) == attempt)
            }
            #expect(unseen >= 1, "every restart was slower than one 8 s poll")
        }
    }

    // MARK: - Partitions

    /// A follower, then the leader, cut off from their peers with iptables (client ports still
    /// answer): LOOKING, and `member-not-serving` says it cannot join the quorum (partition or server
    /// list), with the leader serving without it; healed, it serves again without any restart counted.
    @Test func partitionedMemberIsSaidToBeCutOff() async throws {
        #expect(LabEnsemble.canPartition, "needs root, a cgroup v2 mount and iptables")
        var options = LabOptions(members: 3, tickTimeMilliseconds: 500)
        options.ownCgroups = true
        try await LabEnsemble.with(options) { lab in
            let harness = MonitorHarness(lab: lab, thresholds: Self.thresholds)
            try await harness.waitFor("all members serving") { $0.members.allSatisfy(\.isServing) }
            let leader = try #require(await lab.leaderID())
            let follower = try #require(lab.ids.first { $0 != leader })
            let clock = ContinuousClock()
            for (role, id) in [("follower", follower), ("leader", leader)] {
                let address = harness.address(id)
                try await harness.waitFor("all serving before cutting the \(role)") {
                    $0.members.allSatisfy(\.isServing)
                }
                try lab.partition(id)
                let cutAt = clock.now
                do {
                    let finding = try await harness.expectFlagged(
                        .memberNotServing, member: address, visible: "\(address) not serving", maxRounds: 3
                    ) {
                        MonitorHarness.member(address, in: $0)?.reachability == .notServing
                            && $0.state.snapshot.leaders.contains { $0.address != address }
                    }
                    print(
                        "partitioned \(role): \(finding.message) — \(cutAt.duration(to: clock.now)) after the cut; "
                            + "evidence \(finding.evidence)")
                    #expect(finding.message.contains("cannot join the quorum"), "\(finding.message)")
                    #expect(finding.message.contains("partition"))
                    #expect(finding.evidence["peers_serving"] == "2 of 2")
                    #expect(finding.evidence["leader"] != nil && finding.evidence["leader"] != address)
                    // Its client port answers: never down.
                    #expect(
                        harness.events.allSatisfy { event in
                            guard case .memberStateChanged(_, let to) = event.kind, event.members == [address] else {
                                return true
                            }
                            return to != .down
                        })
                } catch {
                    try? lab.heal(id)
                    throw error
                }
                try lab.heal(id)
                let healedAt = clock.now
                try await harness.expectCleared(.memberNotServing, member: address)
                try await harness.waitFor("\(address) serving again") {
                    MonitorHarness.member(address, in: $0)?.isServing == true
                }
                print("healed \(role): serving again \(healedAt.duration(to: clock.now)) after the rules went")
                #expect(try Self.restartCount(harness, address) == 0, "a partition was counted as a restart")
            }
        }
        // Every rule is gone (heal and shutdown).
        #expect(try LabEnsemble.partitionRulesInPlace().isEmpty)
    }
}
