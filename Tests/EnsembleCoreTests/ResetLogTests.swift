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
}
