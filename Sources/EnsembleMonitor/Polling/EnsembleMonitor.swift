import EnsembleCore
import Logging
import ZooKeeperAdmin

/// Polls every member of an ensemble on a clock and turns each round into findings and events.
///
/// Usage (the dashboard and `zkscope check` both do this):
/// ```swift
/// let monitor = EnsembleMonitor(configuration: config, settings: PollSettings(interval: .seconds(1)))
/// for await update in monitor.updates() {   // one MonitorUpdate per round
///     render(update.state, update.events)     // cancel the consuming task to stop polling
/// }
/// ```
/// Members are polled concurrently; each probe has a deadline shorter than the interval, so a hung
/// (SIGSTOPped) member is reported `unresponsive` in the round without delaying it past the deadline.
/// Rounds start every `interval` on a monotonic clock (a late round does not cause a burst of catch-up
/// rounds). Memory is bounded by `historyCapacity` rounds. Cancelling the consumer (or breaking out of
/// the loop) stops polling within one probe deadline.
public actor EnsembleMonitor {
    /// What the ensemble should look like (members to poll, expected server list).
    public nonisolated let configuration: EnsembleConfiguration
    /// Cadence and deadlines.
    public nonisolated let settings: PollSettings
    private var tracker: EnsembleTracker
    private let pollers: [MemberPoller]
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private var rounds = 0
    private var streaming = false
    private let logger: Logger

    /// A monitor for `configuration`; nothing is polled until `updates()` is iterated or `poll()` is called.
    /// Every timeline event (leader change, restart, finding raised or cleared) is logged through `logger`.
    public init(
        configuration: EnsembleConfiguration, settings: PollSettings = PollSettings(),
        thresholds: Thresholds = .defaults,
        logger: Logger = Logger(label: "zkscope.monitor", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.logger = logger
        self.configuration = configuration
        self.settings = settings
        self.tracker = EnsembleTracker(
            configuration: configuration, thresholds: thresholds, capacity: settings.historyCapacity)
        let ports = AdminPortPolicy.resolve(configuration.members, enabled: settings.useAdminServer)
        self.pollers = zip(configuration.members, ports).map { member, port in
            MemberPoller(endpoint: member, adminPort: port.port, adminDisabledReason: port.reason, settings: settings)
        }
        self.start = ContinuousClock().now
    }

    /// The tracker as it stands (history, findings, events, report).
    public var current: EnsembleTracker { tracker }

    /// Polls every member once, now, and records the round.
    public func poll() async -> MonitorUpdate {
        let began = clock.now
        let now = (began - start).seconds
        let pollers = self.pollers
        let replies = await withTaskGroup(of: (Int, MemberReplies).self) { group in
            for (index, poller) in pollers.enumerated() {
                group.addTask { (index, await poller.poll(now: now)) }
            }
            var collected = [MemberReplies](repeating: MemberReplies(), count: pollers.count)
            for await (index, reply) in group { collected[index] = reply }
            return collected
        }
        let finished = (clock.now - start).seconds
        var snapshots: [MemberSnapshot] = []
        for (member, reply) in zip(configuration.members, replies) {
            snapshots.append(
                MemberSnapshot.assemble(
                    endpoint: member, time: finished, replies: reply,
                    previous: tracker.latestSnapshot(of: member.address)))
        }
        let events = tracker.record(EnsembleSnapshot(time: finished, members: snapshots))
        rounds += 1
        for event in events { log(event) }
        var sources: [String: SourceReport] = [:]
        for (member, poller) in zip(configuration.members, pollers) {
            sources[member.address] = await poller.report
        }
        let state =
            tracker.state ?? EnsembleState(snapshot: EnsembleSnapshot(time: finished, members: snapshots), findings: [])
        return MonitorUpdate(
            round: rounds, state: state, events: events, tracker: tracker, sources: sources,
            roundDuration: clock.now - began)
    }

    /// Starts polling every `settings.interval` and yields one update per round.
    ///
    /// One stream per monitor: a second call while a stream is live returns a stream that ends at
    /// once (two loops would double every probe). The stream keeps the newest `bufferingNewest`
    /// updates when the consumer is slow; older ones are dropped (each carries the whole tracker).
    public nonisolated func updates(bufferingNewest: Int = 4) -> AsyncStream<MonitorUpdate> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: MonitorUpdate.self, bufferingPolicy: .bufferingNewest(max(1, bufferingNewest)))
        let task = Task { [weak self] in
            guard let self else {
                continuation.finish()
                return
            }
            await self.run(continuation)
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    private func run(_ continuation: AsyncStream<MonitorUpdate>.Continuation) async {
        guard !streaming else {
            continuation.finish()
            return
        }
        streaming = true
        defer {
            streaming = false
            continuation.finish()
        }
        var next = clock.now
        while !Task.isCancelled {
            let update = await poll()
            guard !Task.isCancelled else { return }
            continuation.yield(update)
            next = next.advanced(by: settings.interval)
            // A late round (a slow machine) starts the schedule again from now instead of bursting.
            if next < clock.now { next = clock.now }
            do {
                try await Task.sleep(until: next, clock: clock)
            } catch {
                return
            }
        }
    }
}

extension EnsembleMonitor {
    /// One line per timeline event: findings that need attention as warnings, the rest as information.
    private func log(_ event: TimelineEvent) {
        var level = Logger.Level.info
        if case .findingRaised(let finding) = event.kind, finding.severity != .info { level = .warning }
        logger.log(level: level, "\(event.message)", metadata: ["members": "\(event.members.joined(separator: ","))"])
    }
}
