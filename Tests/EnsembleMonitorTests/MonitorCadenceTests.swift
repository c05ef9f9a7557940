import EnsembleMonitor
import Foundation
import Synchronization
import Testing

/// The monitor's one poll loop changes cadence while it sleeps: a shorter interval or a poll request wakes it
/// directly (the dashboard's `+`/`-`, `:interval` and demo faults), with no periodic wake-up to check a flag.
/// The member is a refused port on loopback, so a round takes about a millisecond.
@Suite struct MonitorCadenceTests {
    /// Rounds of `monitor.updates()` with the time each arrived and the time the monitor finished it, collected by
    /// a task of its own.
    final class Rounds: Sendable {
        final class Times: Sendable {
            let list = Mutex<[ContinuousClock.Instant]>([])
            let finished = Mutex<[Double]>([])
        }
        let times: Times
        let task: Task<Void, Never>

        init(_ monitor: EnsembleMonitor) {
            let times = Times()
            self.times = times
            task = Task {
                for await update in monitor.updates() {
                    times.finished.withLock { $0.append(update.state.snapshot.time) }
                    times.list.withLock { $0.append(.now) }
                }
            }
        }

        var arrivals: [ContinuousClock.Instant] { times.list.withLock { $0 } }
        /// When the monitor finished each round, in its own seconds: no delay of the consuming task in it.
        var finishTimes: [Double] { times.finished.withLock { $0 } }
        var count: Int { arrivals.count }

        /// Waits until `count` rounds arrived; false after `seconds`.
        func wait(for count: Int, seconds: Double) async -> Bool {
            let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
            while self.count < count {
                guard ContinuousClock.now < deadline else { return false }
                try? await Task.sleep(for: .milliseconds(2))
            }
            return true
        }
    }

    static func monitor(interval: Duration) throws -> EnsembleMonitor {
        var settings = PollSettings(interval: interval)
        settings.useAdminServer = false
        settings.probeTimeout = .milliseconds(100)
        return EnsembleMonitor(
            configuration: try ConfigurationLoader.load(configPath: nil, servers: "127.0.0.1:1"), settings: settings)
    }

    // Waits and bounds are generous (60 s) because every unit suite runs at once on two cores; they still tell
    // a woken loop from one that sleeps its 300 s out.
    @Test func aShorterIntervalWakesTheSleepingLoop() async throws {
        let monitor = try Self.monitor(interval: .seconds(300))
        let rounds = Rounds(monitor)
        defer { rounds.task.cancel() }
        try #require(await rounds.wait(for: 1, seconds: 60))
        let changed = ContinuousClock.now
        monitor.setInterval(.milliseconds(200))
        #expect(monitor.interval == .milliseconds(200))
        // The 300 s wait is over at once (the last round began more than 200 ms ago, or does so shortly).
        try #require(await rounds.wait(for: 2, seconds: 60))
        try #require(await rounds.wait(for: 5, seconds: 60))
        let times = rounds.arrivals
        #expect(times[1] - changed < .seconds(60))
        // Then every 200 ms, not back to back: each round starts 200 ms after the one before started, so three
        // intervals after the first fast round at least 600 ms less that round's own duration (a refused port,
        // bounded by the 100 ms probe deadline) have passed. Read from the monitor's own round times: arrivals
        // are seen by a task that a loaded machine may run late.
        let finished = rounds.finishTimes
        #expect(finished[4] - finished[1] >= 0.4, "\(finished)")
    }

    @Test func aPollRequestStartsARoundAtOnce() async throws {
        let monitor = try Self.monitor(interval: .seconds(300))
        let rounds = Rounds(monitor)
        defer { rounds.task.cancel() }
        try #require(await rounds.wait(for: 1, seconds: 60))
        for round in 2...4 {
            let asked = ContinuousClock.now
            monitor.pollNow()
            try #require(await rounds.wait(for: round, seconds: 60))
            #expect(rounds.arrivals[round - 1] - asked < .seconds(60))
        }
        #expect(monitor.interval == .seconds(300))
    }

    @Test func intervalsOutsideTheRangeAreClamped() throws {
        let monitor = try Self.monitor(interval: .seconds(1))
        monitor.setInterval(.milliseconds(1))
        #expect(monitor.interval == .milliseconds(200))
        monitor.setInterval(.seconds(100_000))
        #expect(monitor.interval == .seconds(300))
    }
}
