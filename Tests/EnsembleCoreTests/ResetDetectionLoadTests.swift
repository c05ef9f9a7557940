import Testing

@testable import EnsembleCore

/// Reset detection's cost at full history, counted (and timed, printed only): CPU-heavy, so it runs in the
/// one-at-a-time lane with the other `…LoadTests`.
@Suite struct ResetDetectionLoadTests {
    /// The counted work of reset detection while a monitor runs at full history (600 rounds of 3 members): the
    /// history folds each new snapshot once; the detectors and counter steps read the fold. Before, `restarts`
    /// and `pauses` each folded every member's whole series every round, and every rising counter step folded
    /// its slice again. The timing is printed, never asserted (a loaded machine must not fail a test).
    @Test func resetDetectionCostsOneObservationPerSnapshotPerRound() throws {
        let round = try healthyRound()
        var tracker = EnsembleTracker(configuration: nil, capacity: 600)
        var last: [Int: MemberSnapshot] = [:]
        func record(_ index: Int) {
            let time = Double(index)
            var members: [MemberSnapshot] = []
            for (n, replies) in round {
                var snapshot = MemberSnapshot.assemble(
                    endpoint: lab(n), time: time, replies: replies, previous: last[n])
                // Counters and uptime move on every round, as on a busy ensemble (fsync, reads, writes).
                var counters = snapshot.counters
                for key in ["cnt_fsynctime", "sum_fsynctime", "bytes_received_count", "cnt_updatelatency"] {
                    counters[key] = (counters[key] ?? 0) + Int64(index) * 7
                }
                snapshot.counters = counters
                snapshot.uptimeMs = (snapshot.uptimeMs ?? 0) + Int64(index) * 1000
                last[n] = snapshot
                members.append(snapshot)
            }
            tracker.record(EnsembleSnapshot(time: time, members: members))
        }
        for index in 0..<600 { record(index) }
        let before = tracker.history.resetObservations
        let clock = ContinuousClock()
        let rounds = 200
        let elapsed = clock.measure {
            for index in 600..<(600 + rounds) { record(index) }
        }
        let observations = tracker.history.resetObservations - before
        // One fold step for the new snapshot, one for the member's oldest kept snapshot that became the start of
        // the fold: two per member per round, whatever the history's length.
        #expect(observations == rounds * 3 * 2)
        // What the old scheme folded per round at this history length, counted the same way: restarts and pauses
        // each folded the whole series (600 snapshots) of each member, and fsync-slow folded a two-snapshot slice
        // for each of its rising steps in its 60 s window.
        let fsyncSteps = counterSteps(
            tracker.history.series(lab(1).address, seconds: Thresholds.defaults.fsyncWindowSeconds),
            ["cnt_fsynctime", "sum_fsynctime"]
        ).count
        let oldPerRound = 3 * (2 * 600 + 2 * fsyncSteps)
        // The folds the detectors no longer do, timed on the same history: restarts' and pauses' whole-series
        // folds and fsync-slow's slice per rising step.
        let history = tracker.history
        var found = 0
        let oldFolds = clock.measure {
            for _ in 0..<rounds {
                for address in history.addresses {
                    found += resetEvents(in: history.series(address)).count
                    found += resetEvents(in: history.series(address)).count
                    let recent = history.series(address, seconds: Thresholds.defaults.fsyncWindowSeconds)
                    for index in recent.indices.dropFirst() {
                        found += resetEvents(in: Array(recent[(index - 1)...index])).count
                    }
                }
            }
        }
        #expect(found == 0, "a healthy ensemble: no resets")
        print(
            "reset detection at 600 rounds x 3 members: \(observations / rounds) continuity steps per round "
                + "(the per-detector folds did \(oldPerRound), which took \(oldFolds / rounds) per round on "
                + "this history); tracker.record now takes \(elapsed / rounds) per round")
    }
}
