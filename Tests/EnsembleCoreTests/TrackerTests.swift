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
