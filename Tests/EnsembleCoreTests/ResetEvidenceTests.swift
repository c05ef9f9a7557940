import Testing
import ZooKeeperAdmin

@testable import EnsembleCore

@Suite("Restarts told apart from elections (real captures)")
struct ResetEvidenceTests {
    @Test("restart loop: refused window + uptime and per-process counters reset")
    func restartLoop() throws {
        let h = history([
            [(1, try Capture.replies(mntr: "restart-loop/zk1-mntr-before.txt"))],
            [(1, Capture.down)],
            [
                (
                    1,
                    try Capture.replies(
                        srvr: "restart-loop/zk1-srvr-after-restart1.txt",
                        mntr: "restart-loop/zk1-mntr-after-restart1.txt")
                )
            ],
        ])
        let events = resetEvents(in: h.series(lab(1).address))
        #expect(events.map(\.kind) == [.processRestart])
        #expect(events.first?.evidence["uptime_ms"] == "76080 -> 3180")
        #expect(events.first?.evidence["bytes_received_count"] == "770680 -> 272")
    }

    @Test("restart seen only through counters (poll missed the refused window)")
    func restartWithoutDownWindow() throws {
        let h = history([
            [(1, try Capture.replies(mntr: "restart-loop/zk1-mntr-before.txt"))],
            [(1, try Capture.replies(mntr: "restart-loop/zk1-mntr-after-restart1.txt"))],
        ])
        #expect(resetEvents(in: h.series(lab(1).address)).map(\.kind) == [.processRestart])
    }

    @Test("a restart soon after a restart: uptime younger than the poll gap, looking_count did not rise")
    func restartSoonAfterRestart() throws {
        let h = history(
            [
                [(1, try Capture.replies(mntr: "restart-loop/zk1-mntr-after-restart1.txt"))],
                [(1, try Capture.replies(mntr: "restart-loop/zk1-mntr-after-restart2.txt"))],
            ], interval: 7)
        let events = resetEvents(in: h.series(lab(1).address))
        #expect(events.map(\.kind) == [.processRestart])
        #expect(events.first?.evidence["looking_count"] == "1 -> 1")
        // The same gap with an uptime that covers it is no restart.
        let grown = try edited("restart-loop/zk1-mntr-after-restart2.txt", "zk_uptime\t3155", "zk_uptime\t10400")
        let steady = history(
            [
                [(1, try Capture.replies(mntr: "restart-loop/zk1-mntr-after-restart1.txt"))],
                [(1, try Capture.replies(mntrText: grown))],
            ], interval: 7)
        // (Its counters differ only because the two captures come from different processes.)
        #expect(!resetEvents(in: steady.series(lab(1).address)).contains { $0.kind == .processRestart })
    }

    @Test("a quick restart right after a restart: both uptimes small, but the instance did not age by the gap")
    func quickRestartSoonAfterRestart() throws {
        // Polled 0.5 s after the first restart served, then again 1.7 s later, 0.7 s after the second one served:
        // the new uptime is neither below the old one nor far below the gap, only below old + gap.
        let first = try edited("restart-loop/zk1-mntr-after-restart1.txt", "zk_uptime\t3180", "zk_uptime\t500")
        let second = try edited("restart-loop/zk1-mntr-after-restart2.txt", "zk_uptime\t3155", "zk_uptime\t700")
        let h = history(
            [[(1, try Capture.replies(mntrText: first))], [(1, try Capture.replies(mntrText: second))]],
            interval: 1.7)
        let events = resetEvents(in: h.series(lab(1).address))
        #expect(events.map(\.kind) == [.processRestart])
        #expect(events.first?.evidence["uptime_ms"] == "500 -> 700")
        // The same readings from an instance that kept running would have aged by the gap.
        let aged = try edited("restart-loop/zk1-mntr-after-restart1.txt", "zk_uptime\t3180", "zk_uptime\t2150")
        let steady = history(
            [[(1, try Capture.replies(mntrText: first))], [(1, try Capture.replies(mntrText: aged))]], interval: 1.7)
        #expect(!resetEvents(in: steady.series(lab(1).address)).contains { $0.kind == .processRestart })
    }

    @Test("election: uptime resets, per-process counters keep growing")
    func election() throws {
        let h = history([
            [
                (
                    1,
                    try Capture.replies(
                        srvr: "kill-leader/before-zk1-srvr.txt", mntr: "kill-leader/before-zk1-mntr.txt")
                )
            ],
            [(1, try Capture.replies(srvr: "kill-leader/after-zk1-srvr.txt", mntr: "kill-leader/after-zk1-mntr.txt"))],
        ])
        #expect(resetEvents(in: h.series(lab(1).address)).map(\.kind) == [.electionRestart])
    }

    @Test func steadyMemberHasNoResets() throws {
        let h = history([try healthyRound(), try healthyRound()])
        for n in 1...3 { #expect(resetEvents(in: h.series(lab(n).address)).isEmpty) }
    }
}
