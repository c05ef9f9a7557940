import Testing
import ZooKeeperAdmin

@testable import EnsembleCore

/// Freezes, restarts by every path and partitions, on real captures edited where a number must move.
@Suite("Process identity: freezes are not restarts, every restart counts once")
struct ContinuityTests {
    /// zk1 before the restart loop, its uptime aged by `seconds`.
    func aged(by seconds: Int) throws -> MemberReplies {
        let text = try edited(
            "restart-loop/zk1-mntr-before.txt", "zk_uptime\t76080", "zk_uptime\t\(76080 + seconds * 1000)")
        return try Capture.replies(mntrText: text)
    }

    func before() throws -> MemberReplies { try Capture.replies(mntr: "restart-loop/zk1-mntr-before.txt") }

    func restarted() throws -> MemberReplies {
        try Capture.replies(
            srvr: "restart-loop/zk1-srvr-after-restart1.txt", mntr: "restart-loop/zk1-mntr-after-restart1.txt")
    }

    /// Records rounds of member 1 alone into a tracker, 2 s apart.
    func track(_ rounds: [MemberReplies], interval: Double = 2) -> EnsembleTracker {
        var tracker = EnsembleTracker(configuration: nil)
        for (index, replies) in rounds.enumerated() {
            let time = 100 + Double(index) * interval
            let member = MemberSnapshot.assemble(
                endpoint: lab(1), time: time, replies: replies, previous: tracker.latestSnapshot(of: lab(1).address))
            tracker.record(EnsembleSnapshot(time: time, members: [member]))
        }
        return tracker
    }

    func restartEvents(_ tracker: EnsembleTracker) -> [TimelineEvent] {
        tracker.events.filter { if case .memberRestarted = $0.kind { return true } else { return false } }
    }

    func pauseEvents(_ tracker: EnsembleTracker) -> [TimelineEvent] {
        tracker.events.filter { if case .memberPaused = $0.kind { return true } else { return false } }
    }

    @Test("a 4 s freeze (timed out, then uptime = old + elapsed) is a pause, not a restart")
    func freezeIsAPause() throws {
        let tracker = track([try before(), Capture.hung, Capture.hung, try aged(by: 6)])
        let series = tracker.history.series(lab(1).address)
        let events = resetEvents(in: series)
        #expect(events.map(\.kind) == [.pause])
        // Timed-out polls at 102 and 104 prove ≥ 2 s; answers at 100 and 106 bound it by 6 s.
        #expect(events.first?.pauseSeconds == 4)
        #expect(events.first?.evidence["unresponsive_polls"] == "2")
        #expect(restartEvents(tracker).isEmpty, "\(tracker.events.map(\.message))")
        #expect(pauseEvents(tracker).count == 1)
        #expect(tracker.restartCounts[lab(1).address, default: 0] == 0)
        #expect(tracker.pauseCounts[lab(1).address] == 1)
        let finding = try #require(tracker.findings.first { $0.code == .memberPaused })
        #expect(finding.severity == .info)
        #expect(!tracker.findings.contains { $0.code == .memberRestarting })
        #expect(tracker.report.members.first?.restarts == 0)
        #expect(tracker.report.members.first?.pauses == 1)
    }

    @Test("freezes of several lengths: each one pause with its length; two make a warning with the remedy")
    func repeatedFreezes() throws {
        // 2 timed-out polls, then 5: about 4 s ((2 + 6) / 2) and 10 s ((8 + 12) / 2).
        let rounds: [MemberReplies] = [
            try before(), Capture.hung, Capture.hung, try aged(by: 6), Capture.hung, Capture.hung, Capture.hung,
            Capture.hung, Capture.hung, try aged(by: 18),
        ]
        let tracker = track(rounds)
        let pauses = resetEvents(in: tracker.history.series(lab(1).address)).filter { $0.kind == .pause }
        #expect(pauses.map(\.pauseSeconds) == [4, 10])
        #expect(restartEvents(tracker).isEmpty)
        let finding = try #require(tracker.findings.first { $0.code == .memberPaused })
        #expect(finding.severity == .warning)
        #expect(finding.evidence["pauses"] == "2")
        #expect(finding.remedy.contains("GC") && finding.remedy.contains("swap") && finding.remedy.contains("disk"))
    }

    @Test("one timed-out poll is a slow answer, not a freeze")
    func singleTimeoutIsNoPause() throws {
        let tracker = track([try before(), Capture.hung, try aged(by: 4)])
        #expect(pauseEvents(tracker).isEmpty && restartEvents(tracker).isEmpty)
        #expect(!tracker.findings.contains { $0.code == .memberPaused })
    }

    @Test("the JVM pause monitor's numbers are evidence of a freeze when the server reports them")
    func jvmPauseEvidence() throws {
        var text = try edited("restart-loop/zk1-mntr-before.txt", "zk_uptime\t76080", "zk_uptime\t82080")
        text = text.replacingOccurrences(of: "zk_max_jvm_pause_time_ms\t0", with: "zk_max_jvm_pause_time_ms\t4012")
        text = text.replacingOccurrences(of: "zk_cnt_jvm_pause_time_ms\t0", with: "zk_cnt_jvm_pause_time_ms\t1")
        let tracker = track([try before(), Capture.hung, Capture.hung, try Capture.replies(mntrText: text)])
        let pause = try #require(pauseEvents(tracker).first)
        #expect(pause.evidence?["zk_max_jvm_pause_time_ms"] == "0 -> 4012")
        #expect(pause.evidence?["zk_cnt_jvm_pause_time_ms"] == "0 -> 1")
    }

    @Test("a freeze seen through srvr alone (no uptime) is still no restart")
    func freezeWithoutUptime() throws {
        let srvr = try Capture.replies(srvr: "restart-loop/zk1-srvr-after-restart1.txt")
        let tracker = track([srvr, Capture.hung, Capture.hung, srvr])
        #expect(restartEvents(tracker).isEmpty)
        #expect(pauseEvents(tracker).count == 1)
    }

    @Test("restart through LOOKING: down → not serving → serving counts once, when it answers again")
    func restartThroughLooking() throws {
        let tracker = track([
            try before(), Capture.down, Capture.down, Capture.looking, Capture.looking, try restarted(),
        ])
        let restarts = restartEvents(tracker)
        #expect(restarts.count == 1, "\(tracker.events.map(\.message))")
        #expect(restarts.first?.time == 106)
        #expect(restarts.first?.evidence?["refused_window"] == "2 refused polls")
        #expect(tracker.restartCounts[lab(1).address] == 1)
        #expect(
            resetEvents(in: tracker.history.series(lab(1).address)).filter { $0.kind == .processRestart }.count == 1)
        #expect(tracker.findings.first { $0.code == .memberRestarting }?.evidence["restarts"] == "1")
        #expect(tracker.report.members.first?.restarts == 1)
        #expect(pauseEvents(tracker).isEmpty)
    }

    @Test("restart by every path counts exactly once each: down → serving, via LOOKING, faster than a poll")
    func everyPathOnce() throws {
        let second = try Capture.replies(mntr: "restart-loop/zk1-mntr-after-restart2.txt")
        let third = try Capture.replies(mntr: "restart-loop/zk1-mntr-after-restart3.txt")
        let tracker = track(
            [
                try before(), Capture.down, try restarted(),  // down → serving
                Capture.down, Capture.looking, second,  // down → not serving → serving
                third,  // faster than one poll: uptime and counters started over
            ], interval: 7)
        #expect(restartEvents(tracker).count == 3, "\(tracker.events.map(\.message))")
        #expect(tracker.restartCounts[lab(1).address] == 3)
        let series = tracker.history.series(lab(1).address)
        #expect(resetEvents(in: series).filter { $0.kind == .processRestart }.count == 3)
        let finding = try #require(tracker.findings.first { $0.code == .memberRestarting })
        #expect(finding.evidence["restarts"] == "3" && finding.severity == .warning)
    }

    @Test("a crash loop that never serves counts each refused window once")
    func crashLoopWhileLooking() throws {
        let tracker = track([
            try before(), Capture.down, Capture.looking, Capture.down, Capture.looking, Capture.looking,
        ])
        #expect(tracker.restartCounts[lab(1).address] == 2)
        #expect(restartEvents(tracker).count == 2)
    }

    @Test("an election alone is never a restart, with or without LOOKING polls in between")
    func electionAlone() throws {
        let beforeElection = try Capture.replies(
            srvr: "kill-leader/before-zk1-srvr.txt", mntr: "kill-leader/before-zk1-mntr.txt")
        let afterElection = try Capture.replies(
            srvr: "kill-leader/after-zk1-srvr.txt", mntr: "kill-leader/after-zk1-mntr.txt")
        for rounds in [[beforeElection, afterElection], [beforeElection, Capture.looking, afterElection]] {
            let tracker = track(rounds)
            #expect(restartEvents(tracker).isEmpty)
            #expect(tracker.restartCounts.isEmpty)
            #expect(
                resetEvents(in: tracker.history.series(lab(1).address)).map(\.kind) == [.electionRestart])
        }
    }

    @Test("a refused window whose next answer continues the old uptime and counters is not a restart")
    func refusedButSameProcess() throws {
        let tracker = track([try before(), Capture.down, try aged(by: 4)])
        #expect(tracker.restartCounts.isEmpty)
        // The same window with the process younger than the gap is one.
        #expect(track([try before(), Capture.down, try restarted()]).restartCounts[lab(1).address] == 1)
    }

    @Test("a young instance read late in one round and early in the next is not a restart (seen live)")
    func youngInstanceWithTimingSkew() throws {
        // Round times 4.32 s apart, but the two readings were closer in real time: 2337 -> 5321 ms.
        let first = try edited("restart-loop/zk1-mntr-after-restart1.txt", "zk_uptime\t3180", "zk_uptime\t2337")
        let second = try edited("restart-loop/zk1-mntr-after-restart1.txt", "zk_uptime\t3180", "zk_uptime\t5321")
        let h = history(
            [[(1, try Capture.replies(mntrText: first))], [(1, try Capture.replies(mntrText: second))]],
            interval: 4.32)
        #expect(!resetEvents(in: h.series(lab(1).address)).contains { $0.kind == .processRestart })
        // A new process read 6.7 s after a 272 ms-old one, its counters already past the old ones: it fell
        // 5.5 s short of the gap, and its looking_count did not rise.
        let young = try edited("restart-loop/zk1-mntr-after-restart1.txt", "zk_uptime\t3180", "zk_uptime\t272")
        let next = try edited("restart-loop/zk1-mntr-after-restart2.txt", "zk_uptime\t3155", "zk_uptime\t1500")
            .replacingOccurrences(of: "zk_bytes_received_count\t268", with: "zk_bytes_received_count\t400")
        let restarted = history(
            [[(1, try Capture.replies(mntrText: young))], [(1, try Capture.replies(mntrText: next))]], interval: 6.7)
        #expect(resetEvents(in: restarted.series(lab(1).address)).map(\.kind) == [.processRestart])
    }

    @Test("a LOOKING member whose peers serve without it: cannot join — partition or server list")
    func partitionedMember() throws {
        var rounds: [[(Int, MemberReplies)]] = [try healthyRound()]
        var cut = try healthyRound()
        cut[0] = (1, Capture.looking)
        rounds += [cut, cut, cut]
        let h = history(rounds)
        let finding = try #require(
            detectMemberAvailability(h, nil, .defaults).first { $0.code == .memberNotServing })
        #expect(finding.message.contains("cannot join the quorum"), "\(finding.message)")
        #expect(finding.message.contains("partition") && finding.message.contains("server list"))
        #expect(finding.evidence["leader"] == lab(3).address)
        #expect(finding.evidence["peers_serving"] == "2 of 2")
        #expect(finding.evidence["looking_seconds"] == "4")
        #expect(finding.evidence["last_served_zxid"] == "0x100000a78")
    }

    @Test("a LOOKING member whose peers are down: no quorum, not a partition")
    func lookingWithoutQuorum() throws {
        var rounds: [[(Int, MemberReplies)]] = [try healthyRound()]
        let lost: [(Int, MemberReplies)] = [(1, Capture.looking), (2, Capture.down), (3, Capture.down)]
        rounds += [lost, lost, lost]
        let finding = try #require(
            detectMemberAvailability(history(rounds), nil, .defaults).first { $0.code == .memberNotServing })
        #expect(finding.message.contains("no quorum"), "\(finding.message)")
        #expect(!finding.message.contains("partition"))
        #expect(finding.evidence["peers_down"] == "\(lab(2).address), \(lab(3).address)")
    }
}
