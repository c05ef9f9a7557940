import BenchSupport
import EnsembleCore
import EnsembleMonitor
import Foundation
import NIOCore
import NIOPosix
import Synchronization
import ZooKeeperAdmin

/// `zkscope-bench fleet --exchanges-only`: the exchanges a fleet's polling sends, and nothing else, so the CPU of
/// the transport alone is known and the rest of `serve`'s CPU is its own work (parsing, rates, detectors, the
/// timeline, the HTTP side).
///
/// The same request mix as a monitor at the default settings, read from ``SignalTable``: every second each member
/// is asked its every-round words (`srvr` first and alone, then `mntr`), and every tenth second (staggered over
/// the members) also its refresh and slow words and AdminServer commands, all over fresh connections, each
/// ensemble's on one of an event loop per core whose thread also runs its tasks, as the monitors' polling threads
/// do. Replies are read whole and dropped: nothing is
/// parsed, kept or compared.
struct FleetExchangeRun {
    let serverLists: [String]

    /// A member's rounds: every tenth also reads the refresh and slow rows, the others only the every-round ones.
    private static let fastRound = batches(slowRound: false)
    private static let slowRound = batches(slowRound: true)

    /// The requests of one member's round: the opening word alone, then the rest at once.
    private static func batches(slowRound: Bool) -> (opening: SignalRequest, rest: [SignalRequest]) {
        let due: (SignalDescriptor) -> Bool = { row in
            switch row.cadence {
            case .everyRound: return true
            case .refresh, .slow: return slowRound
            case .environment, .standIn: return false
            }
        }
        let rest = (SignalTable.words + SignalTable.admin).filter {
            $0.request != SignalTable.opening.request && due($0)
        }
        return (SignalTable.opening.request, rest.map(\.request))
    }

    func measure(warmup: Duration, window: Duration, childPID: Int32?) async throws -> FleetExchangeResult {
        let ensembles = try serverLists.map { try EnsembleConfiguration.parseServerList($0).members }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
        let counts = Counts()
        var loops: [Task<Void, Never>] = []
        for (index, members) in ensembles.enumerated() {
            let eventLoop = group.next()
            // Every job of the ensemble's tasks on the loop of its sockets, as a monitor's pollers run.
            let executor = EventLoopTaskExecutor(eventLoop: eventLoop)
            loops.append(
                Task(executorPreference: executor) {
                    let clock = ContinuousClock()
                    var next = clock.now
                    var round = index
                    while !counts.stop.load(ordering: .relaxed) {
                        let (opening, rest) = round % 10 == 0 ? Self.slowRound : Self.fastRound
                        await withTaskGroup(of: Void.self) { memberTasks in
                            for member in members {
                                memberTasks.addTask {
                                    let sent = await Self.send([opening], to: member, on: eventLoop)
                                    let more =
                                        sent.ok > 0
                                        ? await Self.send(rest, to: member, on: eventLoop) : (ok: 0, failed: 0)
                                    counts.exchanges.add(sent.ok + more.ok, ordering: .relaxed)
                                    counts.failures.add(sent.failed + more.failed, ordering: .relaxed)
                                }
                            }
                        }
                        round += 1
                        next = next.advanced(by: .seconds(1))
                        try? await Task.sleep(until: next, clock: clock)
                    }
                })
            // Spread over one interval, as the monitors start.
            try await Task.sleep(for: .microseconds(1_000_000 / max(1, ensembles.count)))
        }
        try await Task.sleep(for: warmup)
        let clock = ContinuousClock()
        let cpuBefore = ProcessMemory.cpuMilliseconds()
        let childBefore = childPID.flatMap { ProcessMemory.cpuSeconds(pid: $0) }
        let exchangesBefore = counts.exchanges.load(ordering: .relaxed)
        let failuresBefore = counts.failures.load(ordering: .relaxed)
        let started = clock.now
        try await Task.sleep(for: window)
        let elapsed = clock.now - started
        let cpu = Double(ProcessMemory.cpuMilliseconds() - cpuBefore)
        let result = FleetExchangeResult(
            ensembles: ensembles.count, cpuPercent: cpu / elapsed.milliseconds * 100,
            exchangesPerSecond: Double(counts.exchanges.load(ordering: .relaxed) - exchangesBefore) / elapsed.seconds,
            failures: counts.failures.load(ordering: .relaxed) - failuresBefore,
            residentBytes: ProcessMemory.residentBytes(),
            childCPUPercent: ProcessMemory.cpuPercent(pid: childPID, since: childBefore, over: elapsed.seconds))
        counts.stop.store(true, ordering: .relaxed)
        for loop in loops { await loop.value }
        try await group.shutdownGracefully()
        return result
    }

    /// What the ensembles' loops count, and when they stop.
    private final class Counts: Sendable {
        let exchanges = Atomic<Int>(0)
        let failures = Atomic<Int>(0)
        let stop = Atomic<Bool>(false)
    }

    /// Sends `requests` to `member` at once and reads every reply whole; counts the answered and the failed.
    private static func send(_ requests: [SignalRequest], to member: MemberEndpoint, on eventLoop: any EventLoop)
        async -> (ok: Int, failed: Int)
    {
        await withTaskGroup(of: Bool.self) { group in
            for request in requests {
                group.addTask {
                    switch request {
                    case .word(let word):
                        return
                            (try? await FourLetterWordClient.exchange(
                                word, host: member.host, port: member.clientPort, group: eventLoop)) != nil
                    case .admin(let command):
                        guard let port = member.adminPort else { return false }
                        return
                            (try? await AdminServerClient.get(
                                command, host: member.host, port: port, group: eventLoop)) != nil
                    }
                }
            }
            var counts = (ok: 0, failed: 0)
            for await ok in group {
                if ok { counts.ok += 1 } else { counts.failed += 1 }
            }
            return counts
        }
    }
}

/// What one size measured with `--exchanges-only`.
struct FleetExchangeResult {
    var ensembles: Int
    var cpuPercent: Double
    var exchangesPerSecond: Double
    var failures: Int
    var residentBytes: Int
    var childCPUPercent: Double?

    static let header = [
        "| ensembles | exchanges/s | CPU of one core (exchanges only) | RSS | failed | members' CPU |",
        "|---|---|---|---|---|---|",
    ]

    var row: String {
        String(
            format: "| %d | %.0f | %.1f %% | %.0f MiB | %d | %@ |", ensembles, exchangesPerSecond, cpuPercent,
            Double(residentBytes) / 1_048_576, failures, ProcessMemory.percentCell(childCPUPercent))
    }
}
