import Testing
import ZooKeeperAdmin

@testable import EnsembleCore

@Suite("EnsembleTracker drives detectors and the timeline")
struct TrackerTests {
    @Test("a member goes down and comes back: raised within two polls, cleared when it is back")
    func raiseAndClear() throws {
        var tracker = EnsembleTracker(configuration: nil)
        func record(_ rounds: [[(Int, MemberReplies)]]) {
            for round in rounds {
                let time = Double(tracker.history.rounds.count) * 2
                let members = round.map { n, replies in
                    MemberSnapshot.assemble(
                        endpoint: lab(n), time: time, replies: replies,
                        previous: tracker.latestSnapshot(of: lab(n).address))
                }
                tracker.record(EnsembleSnapshot(time: time, members: members))
            }
        }
        var downRound = try healthyRound()
        downRound[0] = (1, Capture.down)
        record([try healthyRound(), downRound])
        #expect(!codes(tracker.findings).contains("member-down"))
        record([downRound])
        #expect(codes(tracker.findings).contains("member-down"))
        #expect(
            tracker.events.contains {
                if case .findingRaised(let f) = $0.kind { return f.code == .memberDown } else { return false }
            })
        #expect(tracker.report.exitCode == 1)
        record([try healthyRound()])
        #expect(!codes(tracker.findings).contains("member-down"))
        #expect(
            tracker.events.contains {
                if case .findingCleared(let f) = $0.kind { return f.code == .memberDown } else { return false }
            })
        #expect(tracker.events.contains { $0.kind == .memberRestarted(.processRestart) })
        #expect(codes(tracker.findings, atLeast: .warning).isEmpty)
    }

    @Test func probeResultsFromTransportOutcomes() throws {
        let refused = ProbeResult<ServerStatsReply>.fourLetterWord(
            .failure(.connectionRefused), parse: ServerStatsReply.parse)
        #expect(refused == .unreachable(.connectionRefused))
        let text = try Capture.text("healthy/leader-srvr.txt")
        let ok = ProbeResult<ServerStatsReply>.fourLetterWord(.success(text), parse: ServerStatsReply.parse)
        #expect(ok.value?.mode == .leader)
        let blocked = ProbeResult<MonitorReply>.fourLetterWord(
            .success("mntr is not executed because it is not in the whitelist.\n"), parse: MonitorReply.parse)
        #expect(blocked.status == .notWhitelisted)
        let looking = ProbeResult<MonitorReply>.adminServer(
            .success(AdminHTTPResponse(status: 500, headers: [], body: "<html>")), parse: MonitorReply.parseAdmin)
        #expect(looking == .unusable(.httpStatus(500)))
        let timeout = ProbeResult<MonitorReply>.adminServer(.failure(.timedOut), parse: MonitorReply.parseAdmin)
        #expect(timeout.status == .timedOut)
    }
}

@Suite("A clean leader election under load")
struct CleanElectionTests {
    @Test("kill the leader, it is back within one poll: nothing above info, and the timeline tells the story")
    func cleanElection() throws {
        var tracker = EnsembleTracker(configuration: nil)
        var time = 0.0
        func record(_ round: [(Int, MemberReplies)]) {
            time += 2
            let members = round.map { n, replies in
                MemberSnapshot.assemble(
                    endpoint: lab(n), time: time, replies: replies, previous: tracker.latestSnapshot(of: lab(n).address)
                )
            }
            tracker.record(EnsembleSnapshot(time: time, members: members))
        }
        for _ in 0..<3 { record(try healthyRound()) }
        // The kill: zk3 refuses, the survivors are LOOKING for one poll.
        record([(1, Capture.looking), (2, Capture.looking), (3, Capture.down)])
        // zk2 leads at epoch 2; zk3 restarted and rejoined as a follower (its counters start over).
        let leaderMntr = try edited(
            "kill-leader/after-zk2-mntr.txt", "zk_synced_followers\t1", "zk_synced_followers\t2")
        let rejoined = try edited("kill-leader/before-zk3-srvr.txt", "Mode: leader", "Mode: follower")
        var zk3 = try Capture.replies(srvrText: rejoined)
        zk3.mntr = ProbeResult { try MonitorReply.parse(try Capture.text("restart-loop/zk1-mntr-after-restart1.txt")) }
        let after: [(Int, MemberReplies)] = [
            (1, try Capture.replies(srvr: "kill-leader/after-zk1-srvr.txt", mntr: "kill-leader/after-zk1-mntr.txt")),
            (2, try Capture.replies(srvr: "kill-leader/after-zk2-srvr.txt", mntrText: leaderMntr)),
            (3, zk3),
        ]
        for _ in 0..<3 { record(after) }
        #expect(codes(tracker.findings, atLeast: .warning).isEmpty, "\(tracker.findings.map(\.code))")
        // The restart of zk3 and the one election the survivors held, both info.
        #expect(Set(tracker.findings.map(\.code)) == [.memberRestarting, .leaderElections])
        #expect(tracker.findings.allSatisfy { $0.severity == .info })
        #expect(tracker.findings.first { $0.code == .leaderElections }?.members == [lab(1).address, lab(2).address])
        #expect(tracker.events.contains { $0.kind == .leaderChanged(from: lab(3).address, to: nil) })
        #expect(tracker.events.contains { $0.kind == .leaderChanged(from: nil, to: lab(2).address) })
        #expect(tracker.events.contains { $0.kind == .election(fromEpoch: 1, toEpoch: 2) })
        #expect(tracker.report.exitCode == 0)
    }
}
