import Foundation
import Testing

@testable import EnsembleCore

/// A serving snapshot of lab member 1 at `time` whose only metrics are `counters`.
private func reading(_ time: Double, _ counters: [String: Int64], previous: MemberSnapshot? = nil) -> MemberSnapshot {
    var snapshot = MemberSnapshot(endpoint: lab(1), time: time, reachability: .serving)
    snapshot.role = .follower
    snapshot.counterValues = CounterValues(counters, reusing: previous?.counterValues.layout)
    return snapshot
}

/// Rounds 10 s apart, one member, each with the counters `values(round)`.
private func history(rounds: Int, _ values: (Int) -> [String: Int64]) -> SnapshotHistory {
    var history = SnapshotHistory(capacity: 600)
    var previous: MemberSnapshot?
    for round in 0..<rounds {
        let snapshot = reading(Double(round) * 10, values(round), previous: previous)
        history.append(EnsembleSnapshot(time: snapshot.time, members: [snapshot]))
        previous = snapshot
    }
    return history
}

@Suite("Counters in history")
struct CounterHistoryTests {
    @Test func consecutiveReadingsShareOneLayout() {
        let first = reading(0, ["throttled_ops": 1, "cnt_a_read_per_namespace": 4])
        let second = reading(10, ["throttled_ops": 2, "cnt_a_read_per_namespace": 9], previous: first)
        #expect(first.counterValues.layout === second.counterValues.layout)
        #expect(second.counters == ["throttled_ops": 2, "cnt_a_read_per_namespace": 9])
        #expect(second.counter("throttled_ops") == 2 && second.counter("missing") == nil)
        #expect(second.readCount == 9 && second.readsByNamespace == ["a": 9])
        // Other names: a layout of their own.
        let third = reading(20, ["throttled_ops": 2], previous: second)
        #expect(third.counterValues.layout !== second.counterValues.layout)
        #expect(third.readCount == 0)
    }

    @Test func equalCountersAreEqualWhateverTheirLayout() {
        let shared = reading(0, ["x": 1, "y": 2])
        let reused = reading(0, ["x": 1, "y": 2], previous: shared)
        let separate = reading(0, ["y": 2, "x": 1])
        #expect(shared.counterValues.layout !== separate.counterValues.layout)
        #expect(reused == separate && shared.counterValues == separate.counterValues)
        #expect(shared.counterValues.hashValue == separate.counterValues.hashValue)
        #expect(reading(0, ["x": 1, "y": 3]) != separate)
    }

    @Test func namespaceRisesOverOneLayoutOrTwo() throws {
        let before = reading(0, ["cnt_a_write_per_namespace": 5, "cnt_b_write_per_namespace": 1])
        let same = reading(10, ["cnt_a_write_per_namespace": 8, "cnt_b_write_per_namespace": 1], previous: before)
        let rises = try #require(same.counterValues.namespaceRises(.writes, since: before.counterValues))
        #expect(Dictionary(uniqueKeysWithValues: rises.map { ($0.namespace, $0.rise) }) == ["a": 3, "b": 0])
        // A namespace that appears rose from 0; one that went back is a reset.
        let grown = reading(20, ["cnt_a_write_per_namespace": 8, "cnt_c_write_per_namespace": 2], previous: same)
        #expect(grown.counterValues.namespaceRises(.writes, since: same.counterValues) == nil)
        let added = reading(
            20, ["cnt_a_write_per_namespace": 9, "cnt_b_write_per_namespace": 1, "cnt_c_write_per_namespace": 2])
        let risen = try #require(added.counterValues.namespaceRises(.writes, since: same.counterValues))
        #expect(Dictionary(uniqueKeysWithValues: risen.map { ($0.namespace, $0.rise) }) == ["a": 1, "b": 0, "c": 2])
        let back = reading(30, ["cnt_a_write_per_namespace": 2, "cnt_b_write_per_namespace": 1], previous: same)
        #expect(back.counterValues.namespaceRises(.writes, since: same.counterValues) == nil)
    }

    @Test func aCopyChangesAloneAndTheOriginalKeepsItsValues() {
        let original = reading(0, ["x": 1])
        var copy = original
        #expect(copy == original)
        copy.znodes = 42
        copy.counters = ["x": 2]
        #expect(original.znodes == nil && original.counter("x") == 1)
        #expect(copy.znodes == 42 && copy.counter("x") == 2 && copy != original)
    }

    /// The shortcut (no walk when no counter moved within the window) finds the same rise as walking the window,
    /// for every window and every place of the move; and nothing at all once the move left the window.
    @Test func theSkippedWalkFindsWhatTheWalkFinds() {
        for moveAt in [1, 5, 20, 39] {
            let history = history(rounds: 40) { round in
                ["throttled_ops": round >= moveAt ? 7 : 0, "cnt_fsynctime": Int64(round)]
            }
            let address = lab(1).address
            for seconds in [5.0, 10, 60, 150, 300, 390, 1000] {
                let walked = counterSteps(history.series(address, seconds: seconds), ["throttled_ops"])
                let skipped = history.counterSteps(of: address, ["throttled_ops"], seconds: seconds)
                let rise = { (steps: [CounterStep]) in steps.reduce(Int64(0)) { $0 + $1.deltas[0] } }
                #expect(rise(skipped) == rise(walked), "move at \(moveAt), window \(seconds) s")
                // Walked when the move's reading is in the window and the window holds a pair of readings.
                let walks = Double(moveAt) * 10 >= 390 - seconds && seconds >= 10
                #expect(skipped.isEmpty == !walks, "move at \(moveAt), window \(seconds) s")
            }
            // A counter that moves every round is always walked.
            #expect(!history.counterSteps(of: address, ["cnt_fsynctime"], seconds: 60).isEmpty)
        }
    }

    /// The first reading pairs with nothing: counters that stood still since it are not walked, even while it is
    /// in the window (a fleet's first minutes after `serve` starts).
    @Test func theFirstReadingIsNotAMove() {
        let address = lab(1).address
        let steady = history(rounds: 5) { _ in ["throttled_ops": 3, "x": 1] }
        #expect(counterSteps(steady.series(address, seconds: 60), ["throttled_ops"]).count == 4)
        #expect(steady.counterSteps(of: address, ["throttled_ops"], seconds: 60).isEmpty)
        let rising = history(rounds: 5) { round in ["throttled_ops": round == 4 ? 4 : 3, "x": 1] }
        #expect(rising.counterSteps(of: address, ["throttled_ops"], seconds: 60).map(\.deltas) == [[0], [0], [0], [1]])
    }

    @Test func aCounterThatAppearsOrVanishesIsWalked() {
        let address = lab(1).address
        // The counter is there only in the last rounds: the names changed within the window.
        let appeared = history(rounds: 10) { round in round >= 8 ? ["throttled_ops": 0, "x": 1] : ["x": 1] }
        #expect(
            history(rounds: 10, { _ in ["x": 1] }).counterSteps(of: address, ["throttled_ops"], seconds: 60).isEmpty)
        #expect(
            appeared.counterSteps(of: address, ["throttled_ops"], seconds: 60)
                == counterSteps(appeared.series(address, seconds: 60), ["throttled_ops"]))
        let vanished = history(rounds: 10) { round in round < 8 ? ["throttled_ops": Int64(round), "x": 1] : ["x": 1] }
        #expect(
            vanished.counterSteps(of: address, ["throttled_ops"], seconds: 60).map(\.deltas)
                == counterSteps(vanished.series(address, seconds: 60), ["throttled_ops"]).map(\.deltas))
        #expect(!vanished.counterSteps(of: address, ["throttled_ops"], seconds: 60).isEmpty)
    }

    @Test func namespaceRatesAcrossANamespaceThatAppears() {
        // `b` is first read at 20 s: from then on its interval counts from 0, and `a` goes on by position.
        var series: [MemberSnapshot] = []
        for step in 0...4 {
            var counters: [String: Int64] = ["cnt_a_read_per_namespace": Int64(step) * 10]
            if step >= 2 { counters["cnt_b_read_per_namespace"] = Int64(step - 1) * 5 }
            series.append(reading(Double(step) * 10, counters, previous: series.last))
        }
        let rates = RateCalculator.window(series)
        #expect(rates.readsByNamespace == ["a": 1.0, "b": 0.5])
        #expect(rates.readsPerSecond == 55.0 / 40 && !rates.resetSeen)
        // A namespace that goes back is a reset: that interval counts for no namespace.
        let back = reading(50, ["cnt_a_read_per_namespace": 5, "cnt_b_read_per_namespace": 20], previous: series.last)
        let after = RateCalculator.window(series + [back])
        #expect(after.resetSeen && after.readsByNamespace == ["a": 1.0, "b": 0.5])
    }

    @Test func windowsCutToTheHistoryKept() {
        let cut = Thresholds.defaults.windows(atMost: 120)
        #expect(cut.counterWindowSeconds == 120 && cut.eventWindowSeconds == 120 && cut.pauseWindowSeconds == 120)
        #expect(cut.rateWindowSeconds == 60 && cut.fsyncWindowSeconds == 60 && cut.restartWindowSeconds == 120)
        #expect(Thresholds.defaults.windows(atMost: 10_000) == .defaults)
        #expect(Thresholds.defaults.windows(atMost: .nan) == .defaults)
    }

    /// `counterSteps` looks the names up once per layout: a reading with other names (a namespace appeared, a
    /// counter went missing) must still be read by name, and the next layout looked up again.
    @Test func stepsFollowTheNamesAcrossLayouts() {
        let first = reading(0, ["cnt_fsynctime": 1, "sum_fsynctime": 10])
        let second = reading(10, ["cnt_fsynctime": 3, "sum_fsynctime": 30], previous: first)
        let grown = reading(
            20, ["cnt_fsynctime": 4, "sum_fsynctime": 45, "cnt_a_read_per_namespace": 1], previous: second)
        let missing = reading(30, ["cnt_fsynctime": 5], previous: grown)
        let last = reading(40, ["cnt_fsynctime": 7, "sum_fsynctime": 75], previous: missing)
        #expect(second.counterValues.layout === first.counterValues.layout)
        #expect(grown.counterValues.layout !== second.counterValues.layout)
        let steps = counterSteps([first, second, grown, missing, last], ["cnt_fsynctime", "sum_fsynctime"])
        // The reading without `sum_fsynctime` is skipped: the last step spans it.
        #expect(steps.map(\.time) == [10, 20, 40])
        #expect(steps.map(\.deltas) == [[2, 20], [1, 15], [3, 30]])
        #expect(steps.map(\.seconds) == [10, 10, 20])
    }

    /// A round's highest epoch and node count are worked out when its members are set, and again when they change.
    @Test func roundMaximaFollowTheMembers() {
        func member(_ id: Int, epoch: Int64?, znodes: Int64?, serving: Bool = true) -> MemberSnapshot {
            var snapshot = MemberSnapshot(endpoint: lab(id), time: 0, reachability: serving ? .serving : .down)
            snapshot.epoch = epoch
            snapshot.znodes = znodes
            return snapshot
        }
        var round = EnsembleSnapshot(
            time: 0, members: [member(1, epoch: 3, znodes: 10), member(2, epoch: 9, znodes: 99, serving: false)])
        #expect(round.maxEpoch == 3 && round.maxZnodes == 10)
        round.members.append(member(3, epoch: 4, znodes: 12))
        #expect(round.maxEpoch == 4 && round.maxZnodes == 12 && round.member(lab(3).address)?.epoch == 4)
        round.members = [member(2, epoch: 9, znodes: 99, serving: false)]
        #expect(round.maxEpoch == nil && round.maxZnodes == nil)
    }
}
