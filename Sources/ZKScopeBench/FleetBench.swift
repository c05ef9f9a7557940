import ArgumentParser
import BenchSupport
import EnsembleCore
import EnsembleMonitor
import Foundation
import Synchronization
import ZooKeeperLab

/// `zkscope-bench fleet`: what polling a fleet costs zkscope — N ensembles of three simulated members, one
/// `EnsembleMonitor` each, polling every second, as `zkscope serve` will.
///
/// The members run in a child process (`zkscope-bench simulate`), so the CPU and memory measured here are the
/// monitors' alone. For each size: start the members, start the monitors, let them settle, then measure this
/// process's CPU (% of one core) and RSS over the window, the rounds each monitor finished, the CPU per
/// ensemble round (CPU time over rounds finished: times N it is the CPU at one round a second, even when a
/// loaded machine slows the rounds down), and whether every ensemble is seen healthy (one leader, two
/// followers, no `signals-missing`). Every ``FleetProbe`` runs once a
/// second during the window and its durations are reported as p50/p99: scraping `serve`'s `/metrics` is one
/// more probe.
struct FleetBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fleet", abstract: "CPU and memory of polling N ensembles × 3 simulated members every second.")

    @Option(name: .long, help: "Fleet sizes to measure, in ensembles (comma-separated).")
    var ensembles = "10,100,300"
    @Option(name: .long, help: "Seconds measured per size.")
    var seconds = 30
    @Option(name: .long, help: "Seconds of polling before the measurement starts.")
    var warmup = 10
    @Flag(name: .long, help: "Measure the real `zkscope serve` (its CPU, RSS, /metrics p50/p99) instead of monitors.")
    var serve = false
    @Flag(
        name: .long,
        help:
            "Measure only the exchanges a fleet's polling sends (the same requests, nothing parsed): the transport's share."
    )
    var exchangesOnly = false

    func validate() throws {
        guard !sizes.isEmpty, sizes.allSatisfy({ (1...2_000).contains($0) }) else {
            throw ValidationError("--ensembles takes sizes from 1 to 2000, comma-separated (10,100,300)")
        }
        guard seconds >= 5, warmup >= 0 else { throw ValidationError("--seconds must be at least 5") }
        guard !(serve && exchangesOnly) else {
            throw ValidationError("--serve and --exchanges-only measure different things: give one of them")
        }
    }

    private var sizes: [Int] {
        ensembles.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }

    func run() async throws {
        FileDescriptorLimit.raise()
        say(
            "zkscope-bench fleet: \(seconds) s measured per size after \(warmup) s of polling; members in a child process"
        )
        let (header, measure) = mode
        for line in header { say(line) }
        for size in sizes {
            do {
                let simulator = try await SimulatorProcess.start(ensembles: size)
                do {
                    let row = try await measure(simulator)
                    await simulator.stop()
                    say(row)
                } catch {
                    await simulator.stop()
                    throw error
                }
            } catch {
                say("| \(size) | failed: \(error) |")
            }
        }
    }

    /// The table's header and how one size is measured against its simulated members, by the flags given.
    private var mode: (header: [String], measure: (SimulatorProcess) async throws -> String) {
        let warmup = Duration.seconds(warmup)
        let window = Duration.seconds(seconds)
        if exchangesOnly {
            return (
                FleetExchangeResult.header,
                { simulator in
                    try await FleetExchangeRun(serverLists: simulator.serverLists).measure(
                        warmup: warmup, window: window, childPID: simulator.process.pid
                    ).row
                }
            )
        }
        if serve {
            return (
                FleetServeResult.header,
                { simulator in
                    try await FleetServeRun(serverLists: simulator.serverLists).measure(
                        warmup: warmup, window: window, childPID: simulator.process.pid
                    ).row
                }
            )
        }
        return (
            FleetResult.header,
            { simulator in
                try await FleetRun(serverLists: simulator.serverLists).measure(
                    warmup: warmup, window: window, probes: FleetProbe.standard, childPID: simulator.process.pid
                ).row
            }
        )
    }

    private func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
}

/// A per-second measurement taken while the fleet is polled: its durations are reported as p50/p99.
///
/// `zkscope serve`'s scrape goes here: a probe that GETs `/metrics` from the service polling the same monitors.
struct FleetProbe: Sendable {
    /// The name in the report.
    var name: String
    /// One measurement; thrown errors are counted as failures.
    var run: @Sendable (FleetRun.Latest) async throws -> Void

    /// The probes every run takes: reading every monitor's newest state (what a scrape of `serve` reads).
    static let standard: [FleetProbe] = [
        FleetProbe(name: "read latest states") { latest in
            let updates = latest.all()
            var leaders = 0
            for update in updates { leaders += update.members.filter { $0.role == .leader }.count }
            guard leaders >= 0 else { throw CancellationError() }
        }
    ]
}

/// What one size measured.
struct FleetResult {
    var ensembles: Int
    var cpuPercent: Double
    var residentBytes: Int
    var roundsPerSecond: Double
    var cpuMillisecondsPerRound: Double
    var roundP50Milliseconds: Double
    var roundP99Milliseconds: Double
    var healthy: Int
    var probes: [(name: String, p50: Double, p99: Double, failures: Int)]
    var childCPUPercent: Double?

    static let header = [
        "| ensembles | members | CPU of one core (monitors) | RSS | rounds/s per ensemble | CPU per ensemble round "
            + "| round p50 / p99 | healthy | probes | responders' CPU |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]

    var row: String {
        let probeText = probes.map {
            String(
                format: "%@ p50 %.2f ms, p99 %.2f ms%@", $0.name, $0.p50, $0.p99,
                $0.failures > 0 ? " (\($0.failures) failed)" : "")
        }.joined(separator: "; ")
        return String(
            format: "| %d | %d | %.1f %% | %.0f MiB | %.2f | %.2f ms | %.0f / %.0f ms | %d of %d | %@ | %@ |",
            ensembles,
            ensembles * 3, cpuPercent, Double(residentBytes) / 1_048_576, roundsPerSecond, cpuMillisecondsPerRound,
            roundP50Milliseconds, roundP99Milliseconds,
            healthy, ensembles,
            probeText, ProcessMemory.percentCell(childCPUPercent))
    }
}

/// N monitors polling their ensembles every second, with the newest update of each kept for the probes.
struct FleetRun {
    let serverLists: [String]

    /// The newest update of every monitor (a scrape reads these).
    final class Latest: Sendable {
        private let updates: Mutex<[Int: MonitorUpdate]> = Mutex([:])
        private let roundDurations: Mutex<[Double]> = Mutex([])
        private let rounds: Mutex<Int> = Mutex(0)

        func record(_ index: Int, _ update: MonitorUpdate) {
            updates.withLock { $0[index] = update }
            roundDurations.withLock { $0.append(update.roundDuration.milliseconds) }
            rounds.withLock { $0 += 1 }
        }

        /// Every monitor's newest update.
        func all() -> [MonitorUpdate] { updates.withLock { Array($0.values) } }

        /// Rounds finished so far, and forgets the durations (a window starts).
        func resetWindow() -> Int {
            roundDurations.withLock { $0 = [] }
            return rounds.withLock { $0 }
        }

        /// Rounds finished so far and the round durations since the last reset.
        func window() -> (rounds: Int, durations: [Double]) {
            (rounds.withLock { $0 }, roundDurations.withLock { $0 })
        }
    }

    func measure(warmup: Duration, window: Duration, probes: [FleetProbe], childPID: Int32?) async throws
        -> FleetResult
    {
        var monitors: [EnsembleMonitor] = []
        for list in serverLists {
            let configuration = try EnsembleConfiguration.parseServerList(list)
            monitors.append(
                EnsembleMonitor(configuration: configuration, settings: PollSettings(interval: .seconds(1))))
        }
        let latest = Latest()
        // Monitors start spread over one interval, as a long-running service's rounds drift apart: not every
        // member of the fleet probed in the same millisecond.
        var consumers: [Task<Void, Never>] = []
        for (index, monitor) in monitors.enumerated() {
            consumers.append(
                Task {
                    for await update in monitor.updates() { latest.record(index, update) }
                })
            try await Task.sleep(for: .microseconds(1_000_000 / max(1, monitors.count)))
        }
        defer { for consumer in consumers { consumer.cancel() } }
        try await Task.sleep(for: warmup)

        let clock = ContinuousClock()
        let roundsBefore = latest.resetWindow()
        let cpuBefore = ProcessMemory.cpuMilliseconds()
        let childBefore = childPID.flatMap { ProcessMemory.cpuSeconds(pid: $0) }
        let started = clock.now
        var probeTimes = probes.map { _ in [Double]() }
        var probeFailures = probes.map { _ in 0 }
        var next = started
        while clock.now - started < window {
            for (index, probe) in probes.enumerated() {
                let begin = clock.now
                do {
                    try await probe.run(latest)
                    probeTimes[index].append((clock.now - begin).milliseconds)
                } catch {
                    probeFailures[index] += 1
                }
            }
            next = next.advanced(by: .seconds(1))
            try await Task.sleep(until: next, clock: clock)
        }
        let elapsed = clock.now - started
        let cpu = Double(ProcessMemory.cpuMilliseconds() - cpuBefore)
        let (roundsAfter, durations) = latest.window()
        let updates = latest.all()
        let healthy = updates.filter { update in
            update.members.filter { $0.role == .leader }.count == 1
                && update.members.filter { $0.role == .follower }.count == 2
                && !update.findings.contains { $0.code == .signalsMissing }
        }.count
        return FleetResult(
            ensembles: serverLists.count, cpuPercent: cpu / elapsed.milliseconds * 100,
            residentBytes: ProcessMemory.residentBytes(),
            roundsPerSecond: Double(roundsAfter - roundsBefore) / elapsed.seconds / Double(max(1, serverLists.count)),
            cpuMillisecondsPerRound: cpu / Double(max(1, roundsAfter - roundsBefore)),
            roundP50Milliseconds: Double(DashboardBench.percentile(durations, 50)) ?? 0,
            roundP99Milliseconds: Double(DashboardBench.percentile(durations, 99)) ?? 0, healthy: healthy,
            probes: probes.enumerated().map { index, probe in
                (
                    probe.name, Double(DashboardBench.percentile(probeTimes[index], 50)) ?? 0,
                    Double(DashboardBench.percentile(probeTimes[index], 99)) ?? 0, probeFailures[index]
                )
            }, childCPUPercent: ProcessMemory.cpuPercent(pid: childPID, since: childBefore, over: elapsed.seconds))
    }
}
