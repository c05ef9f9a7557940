import Testing

@testable import EnsembleCore

/// The history folds each member's reset detection once per round (``SnapshotHistory/resetEvents(of:)``), and
/// that fold stays equal to a fresh ``resetEvents(in:)`` over the kept series while old rounds drop off.
@Suite struct ResetLogTests {
    /// A small deterministic generator (the same sequences on every run).
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    /// A member's snapshot at `time`: serving with uptime and counters, not serving, down or unresponsive.
    static func snapshot(_ n: Int, time: Double, kind: Int, uptime: Int64, bytes: Int64, looking: Int64)
        -> MemberSnapshot
    {
        let reachability: Reachability = [.serving, .serving, .serving, .notServing, .down, .unresponsive][kind]
        var snapshot = MemberSnapshot(endpoint: lab(n), time: time, reachability: reachability)
        if reachability == .serving {
            snapshot.uptimeMs = uptime
            snapshot.counters = ["bytes_received_count": bytes, "looking_count": looking, "cnt_fsynctime": bytes / 10]
        }
        return snapshot
    }

    @Test func theFoldKeptWithTheHistoryEqualsAFreshFoldOverTheKeptSeries() {
        for seed in UInt64(1)...40 {
            var random = Generator(state: seed)
            var history = SnapshotHistory(capacity: 2 + Int(seed % 9))
            var uptime: [Int64] = [0, 0, 0]
            var bytes: [Int64] = [0, 0, 0]
            var looking: [Int64] = [1, 1, 1]
            for index in 0..<60 {
                let time = 100 + Double(index) * 2
                var members: [MemberSnapshot] = []
                for n in 1...3 {
                    let kind = random.next(6)
                    switch random.next(10) {
                    case 0:
                        uptime[n - 1] = 0  // a new process
                        bytes[n - 1] = 0
                        looking[n - 1] = 1
                    case 1:
                        uptime[n - 1] = 100  // an election
                        looking[n - 1] += 1
                    case 2: bytes[n - 1] = 0  // srst
                    default: break
                    }
                    uptime[n - 1] += 2000
                    bytes[n - 1] += Int64(random.next(500))
                    // Members 1-2 in every round; member 3 now and then only.
                    if n < 3 || random.next(3) == 0 {
                        members.append(
                            Self.snapshot(
                                n, time: time, kind: kind, uptime: uptime[n - 1], bytes: bytes[n - 1],
                                looking: looking[n - 1]))
                    }
                }
                history.append(EnsembleSnapshot(time: time, members: members))
                for address in history.addresses {
                    #expect(
                        history.resetEvents(of: address) == resetEvents(in: history.series(address)),
                        "seed \(seed), round \(index), \(address)")
                }
            }
        }
    }

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
