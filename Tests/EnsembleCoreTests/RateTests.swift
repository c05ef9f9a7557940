import Testing
import ZooKeeperAdmin

@testable import EnsembleCore

@Suite("Rates and counter resets")
struct RateTests {
    private func snapshot(_ time: Double, reads: Int64, writes: Int64, nsWrites: Int64 = 0) -> MemberSnapshot {
        var snapshot = MemberSnapshot(endpoint: lab(1), time: time, reachability: .serving)
        snapshot.role = .follower
        snapshot.counters = [
            "cnt_tree_read_per_namespace": reads, "cnt_updatelatency": writes, "cnt_tree_write_per_namespace": nsWrites,
        ]
        return snapshot
    }

    @Test func plainRates() {
        let rates = RateCalculator.window([snapshot(0, reads: 100, writes: 10), snapshot(10, reads: 1100, writes: 60)])
        #expect(rates.readsPerSecond == 100)
        #expect(rates.writesPerSecond == 5)
        #expect(rates.readWriteRatio == 20)
        #expect(!rates.resetSeen)
    }

    @Test func resetIntervalIsSkippedNeverNegative() {
        let series = [
            snapshot(0, reads: 1000, writes: 100), snapshot(10, reads: 2000, writes: 200),
            snapshot(20, reads: 5, writes: 1),  // srst or restart
            snapshot(30, reads: 1005, writes: 101),
        ]
        let rates = RateCalculator.window(series)
        #expect(rates.resetSeen)
        #expect(rates.readsPerSecond == 100)
        #expect(rates.writesPerSecond == 10)
        #expect(rates.coveredSeconds == 20)
        #expect(counterRate(previous: 10, current: 5, seconds: 1) == nil)
        #expect(counterRate(previous: 10, current: 20, seconds: 0) == nil)
    }

    @Test("srst capture: the rate over the reset is unknown, not negative")
    func srstCapture() throws {
        let before = MemberSnapshot.assemble(
            endpoint: lab(2), time: 0, replies: try Capture.replies(mntr: "srst/srst-before-zk2-mntr.txt"))
        let after = MemberSnapshot.assemble(
            endpoint: lab(2), time: 0.061, replies: try Capture.replies(mntr: "srst/srst-after-zk2-mntr.txt"))
        let rates = RateCalculator.rates(from: before, to: after)
        #expect(rates.readsPerSecond == nil)
        #expect(rates.writesPerSecond == nil)
        #expect(rates.resetSeen)
        #expect(rates.writesByNamespace.isEmpty)
        let events = resetEvents(in: [before, after])
        #expect(events.map(\.kind) == [.statsReset])
    }

    @Test func namespacesAppearingLaterStartAtZero() {
        var first = snapshot(0, reads: 0, writes: 0)
        first.counters["cnt_app_write_per_namespace"] = nil
        var second = snapshot(10, reads: 0, writes: 50, nsWrites: 0)
        second.counters["cnt_app_write_per_namespace"] = 40
        let rates = RateCalculator.window([first, second])
        #expect(rates.writesByNamespace["app"] == 4)
    }

    @Test func ensembleRatesAndHottestPaths() {
        var rounds = SnapshotHistory()
        for (index, time) in [0.0, 10.0].enumerated() {
            var a = snapshot(time, reads: Int64(index) * 100, writes: Int64(index) * 50, nsWrites: Int64(index) * 60)
            a.counters["cnt_app_write_per_namespace"] = Int64(index) * 10
            var b = MemberSnapshot(endpoint: lab(2), time: time, reachability: .serving)
            b.counters = ["cnt_tree_read_per_namespace": Int64(index) * 300, "cnt_updatelatency": Int64(index) * 20]
            rounds.append(EnsembleSnapshot(time: time, members: [a, b]))
        }
        let rates = EnsembleRates.compute(history: rounds, seconds: 60)
        #expect(rates.readsPerSecond == 40)
        #expect(rates.writesPerSecond == 7)
        #expect(rates.hottestWritePaths.map(\.path) == ["/tree", "/app"])
    }
}

@Suite("Hostile numbers never trap")
struct HostileNumberTests {
    @Test func extremeCountersAndEpochs() {
        #expect(counterDelta(previous: .min, current: .max) == nil)
        #expect(counterDelta(previous: -5, current: 5) == 10)
        #expect(saturatingAdd(.max, 1) == .max)
        var h = SnapshotHistory()
        for (index, value) in [Int64.min, .max, -1, .max].enumerated() {
            var member = MemberSnapshot(endpoint: lab(1), time: Double(index), reachability: .serving)
            member.role = .leader
            member.epoch = value
            member.znodes = value
            member.syncedFollowers = value
            member.quorumSize = value
            member.counters = [
                "cnt_a_read_per_namespace": value, "cnt_b_read_per_namespace": value, "cnt_updatelatency": value,
                "cnt_a_write_per_namespace": value, "cnt_socket_closing_time": value,
            ]
            h.append(EnsembleSnapshot(time: Double(index), members: [member]))
        }
        let findings = detectAll(history: h, configuration: nil)
        #expect(findings.allSatisfy { !$0.code.rawValue.isEmpty })
        let rates = RateCalculator.window(h.series(lab(1).address))
        #expect((rates.readsPerSecond ?? 0) >= 0)
        #expect((rates.writesPerSecond ?? 0) >= 0)
    }
}

@Suite("Rates on a fresh member")
struct FreshMemberRateTests {
    @Test("no read families yet means 0 reads/s, not unknown")
    func freshMember() throws {
        var a = MemberSnapshot(endpoint: lab(1), time: 0, reachability: .serving)
        a.counters = ["cnt_updatelatency": 0]
        var b = a
        b.time = 5
        #expect(a.readCount == 0)
        #expect(RateCalculator.window([a, b]).readsPerSecond == 0)
        #expect(MemberSnapshot(endpoint: lab(1), time: 0, reachability: .down).readCount == nil)
    }
}

@Suite("Per-path rates across an outage")
struct NamespaceOutageTests {
    @Test("a reading without metrics in between never turns a whole counter into a burst")
    func outage() {
        var up = MemberSnapshot(endpoint: lab(1), time: 0, reachability: .serving)
        up.counters = ["cnt_updatelatency": 10, "cnt_hot_write_per_namespace": 10]
        let down = MemberSnapshot(endpoint: lab(1), time: 2, reachability: .down)
        var back = MemberSnapshot(endpoint: lab(1), time: 4, reachability: .serving)
        back.counters = [
            "cnt_updatelatency": 5, "cnt_zookeeper_write_per_namespace": 5000, "cnt_hot_write_per_namespace": 4,
        ]
        var later = back
        later.time = 6
        later.counters["cnt_hot_write_per_namespace"] = 24
        later.counters["cnt_updatelatency"] = 25
        let rates = RateCalculator.window([up, down, back, later])
        #expect(rates.writesByNamespace["zookeeper"] == 0)
        #expect(rates.writesByNamespace["hot"] == 10)
        #expect(rates.writesPerSecond == 10)
    }
}
