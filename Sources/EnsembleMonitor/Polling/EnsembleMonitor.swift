import EnsembleCore
import Logging
import NIOCore
import NIOPosix
import Synchronization
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
/// rounds); ``setInterval(_:)`` changes the cadence and ``pollNow()`` starts a round at once, both waking
/// the sleeping loop directly (no periodic wake-up to check a flag). Memory is bounded by
/// `historyCapacity` rounds. Cancelling the consumer (or breaking out of the loop) stops polling within
/// one probe deadline.
///
/// A monitor, its members' pollers and their sockets share one event loop of ``pollingThreads``: the monitor and
/// the pollers are actors on it and the members' tasks prefer it, so a round's replies, parsing and assembly never
/// wake another thread (a hop per exchange was most of a large fleet's thread switches).
public actor EnsembleMonitor {
    /// The threads every monitor polls on, apart from NIO's shared loops: a round's parsing and detectors run on
    /// them, and must not delay the ZooKeeper sessions, tree walks and HTTP connections that use the shared loops.
    static let pollingThreads = MultiThreadedEventLoopGroup(numberOfThreads: max(1, System.coreCount))

    /// This monitor's loop (its pollers' and their connections' too), which the members' tasks prefer.
    private nonisolated let executor: EventLoopTaskExecutor
    /// What the ensemble should look like (members to poll, expected server list).
    public nonisolated let configuration: EnsembleConfiguration
    /// Cadence and deadlines as configured (the interval may change later: ``interval``).
    public nonisolated let settings: PollSettings
    /// The loop's cadence and its sleeper, changed from any thread without waiting for the actor.
    private nonisolated let control: Mutex<LoopControl>
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
        let eventLoop = Self.pollingThreads.next()
        self.executor = EventLoopTaskExecutor(eventLoop: eventLoop)
        self.logger = logger
        self.configuration = configuration
        self.settings = settings
        self.tracker = EnsembleTracker(
            configuration: configuration, thresholds: thresholds, capacity: settings.historyCapacity)
        let ports = AdminPortPolicy.resolve(configuration.members, enabled: settings.useAdminServer)
        let adminHTTPS = TLSPortPolicy.adminOverHTTPS(configuration: configuration, settings: settings)
        self.pollers = zip(configuration.members, ports).map { member, port in
            MemberPoller(
                endpoint: member, adminPort: port.port, adminDisabledReason: port.reason, settings: settings,
                plaintextPort: TLSPortPolicy.plaintextPort(
                    for: member, configuration: configuration, settings: settings),
                adminHTTPS: adminHTTPS, eventLoop: eventLoop)
        }
        self.start = ContinuousClock().now
        self.control = Mutex(LoopControl(interval: settings.interval))
    }

    /// The actor's jobs run on the monitor's loop.
    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        executor.eventLoop.executor.asUnownedSerialExecutor()
    }

    /// What ``updates(bufferingNewest:)``'s loop waits on between rounds.
    private struct LoopControl {
        var interval: Duration
        /// Set by ``pollNow()``: the next round starts without waiting.
        var wake = false
        /// The sleep between two rounds; cancelled to wake the loop early.
        var sleeper: Task<Void, Never>?
    }

    /// The time between the starts of two rounds of ``updates(bufferingNewest:)`` now.
    public nonisolated var interval: Duration { control.withLock { $0.interval } }

    /// Changes the time between rounds from now on (the dashboard's `+`/`-` and `:interval`). Takes effect
    /// at once: the current wait is measured again from the last round's start, so a shorter interval that
    /// is already over starts the next round now. Clamped to ``PollSettings/intervalRange``; the probe
    /// deadline stays as configured.
    public nonisolated func setInterval(_ interval: Duration) {
        let range = PollSettings.intervalRange
        let seconds = interval.seconds
        let clamped = seconds.isFinite ? min(range.upperBound, max(range.lowerBound, seconds)) : range.lowerBound
        let sleeper = control.withLock { control -> Task<Void, Never>? in
            control.interval = .milliseconds(Int64((clamped * 1000).rounded()))
            return control.sleeper
        }
        sleeper?.cancel()
    }

    /// Starts the next round of ``updates(bufferingNewest:)`` now (after a demo fault, say) instead of at
    /// the end of the interval.
    public nonisolated func pollNow() {
        let sleeper = control.withLock { control -> Task<Void, Never>? in
            control.wake = true
            return control.sleeper
        }
        sleeper?.cancel()
    }

    /// The tracker as it stands (history, findings, events, report).
    public var current: EnsembleTracker { tracker }

    /// Polls every member once, now, and records the round.
    public func poll() async -> MonitorUpdate {
        let began = clock.now
        let now = (began - start).seconds
        let pollers = self.pollers
        // Every member's task returns, so the replies come back one per member, put in the members' order.
        let polled = await withTaskGroup(of: (index: Int, replies: MemberReplies, report: SourceReport).self) {
            group in
            for (index, poller) in pollers.enumerated() {
                group.addTask(executorPreference: executor) {
                    let (replies, report) = await poller.poll(now: now)
                    return (index, replies, report)
                }
            }
            var collected: [(index: Int, replies: MemberReplies, report: SourceReport)] = []
            collected.reserveCapacity(pollers.count)
            for await result in group { collected.append(result) }
            return collected.sorted { $0.index < $1.index }
        }
        let finished = (clock.now - start).seconds
        var snapshots: [MemberSnapshot] = []
        var sources: [String: SourceReport] = [:]
        for (member, result) in zip(configuration.members, polled) {
            snapshots.append(
                MemberSnapshot.assemble(
                    endpoint: member, time: finished, replies: result.replies,
                    previous: tracker.latestSnapshot(of: member.address)))
            sources[member.address] = result.report
        }
        let events = tracker.record(EnsembleSnapshot(time: finished, members: snapshots))
        rounds += 1
        for event in events { log(event) }
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
        while !Task.isCancelled {
            let began = clock.now
            control.withLock { $0.wake = false }
            let update = await poll()
            guard !Task.isCancelled else { return }
            continuation.yield(update)
            await sleepUntilNextRound(after: began)
        }
    }

    /// Sleeps until `began + interval`, where the interval is read again whenever ``setInterval(_:)`` or
    /// ``pollNow()`` cancels the sleep; returns at once when a round was asked for or the loop is cancelled.
    /// A late round (a slow machine) starts the next one now instead of bursting.
    private func sleepUntilNextRound(after began: ContinuousClock.Instant) async {
        // Each pass either returns or sleeps until it is woken; a wake-up comes from a change of the
        // interval or a poll request, so the passes are bounded by those calls.
        while !Task.isCancelled {
            let clock = self.clock
            let sleeper = control.withLock { control -> Task<Void, Never>? in
                guard !control.wake, clock.now < began.advanced(by: control.interval) else { return nil }
                let deadline = began.advanced(by: control.interval)
                let task = Task { _ = try? await Task.sleep(until: deadline, clock: clock) }
                control.sleeper = task
                return task
            }
            guard let sleeper else { return }
            await withTaskCancellationHandler {
                await sleeper.value
            } onCancel: {
                sleeper.cancel()
            }
            control.withLock { control in
                if control.sleeper == sleeper { control.sleeper = nil }
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
