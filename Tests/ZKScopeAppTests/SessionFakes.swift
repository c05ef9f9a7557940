import EnsembleCore
import EnsembleMonitor
import Synchronization
import TUIKit
import ZKScopeApp
import ZooKeeperAdmin
import ZooKeeperJute

/// Poll rounds scripted by a test: it hands the session trackers and records the cadence the session asks for.
final class ScriptedRounds: EnsembleUpdateSource {
    private let stream: AsyncStream<MonitorUpdate>
    private let sink: AsyncStream<MonitorUpdate>.Continuation
    private let state = Mutex(State())

    struct State {
        var intervals: [Duration] = []
        var pollRequests = 0
        var round = 0
        var ended = false
    }

    init() {
        (stream, sink) = AsyncStream<MonitorUpdate>.makeStream(bufferingPolicy: .unbounded)
        sink.onTermination = { [weak self] _ in self?.state.withLock { $0.ended = true } }
    }

    func updates(bufferingNewest: Int) -> AsyncStream<MonitorUpdate> { stream }
    func setInterval(_ interval: Duration) { state.withLock { $0.intervals.append(interval) } }
    func pollNow() { state.withLock { $0.pollRequests += 1 } }

    /// Delivers a round holding `tracker`.
    func deliver(_ tracker: EnsembleTracker) {
        let round = state.withLock {
            $0.round += 1
            return $0.round
        }
        guard let snapshot = tracker.history.latest else { return }
        sink.yield(
            MonitorUpdate(
                round: round, state: tracker.state ?? EnsembleState(snapshot: snapshot, findings: []), events: [],
                tracker: tracker, sources: [:], roundDuration: .zero))
    }

    /// Intervals the session asked for, in order.
    var intervals: [Duration] { state.withLock { $0.intervals } }
    /// Rounds asked for at once.
    var pollRequests: Int { state.withLock { $0.pollRequests } }
    /// Whether the session stopped listening (it quit).
    var ended: Bool { state.withLock { $0.ended } }
}

/// The cluster's znodes as a test answers them: requests and writes are recorded, answers are handed in.
final class ScriptedNodes: ZNodeAccess {
    let results: AsyncStream<ZNodeResult>
    private let sink: AsyncStream<ZNodeResult>.Continuation
    private let state = Mutex(State())

    struct State {
        var tree: [TreeRequest] = []
        var compare: [CompareRequest] = []
        var writes: [WriteRequest] = []
        var closed = false
    }

    init() {
        (results, sink) = AsyncStream<ZNodeResult>.makeStream(bufferingPolicy: .unbounded)
    }

    func tree(_ request: TreeRequest) { state.withLock { $0.tree.append(request) } }
    func compare(_ request: CompareRequest) { state.withLock { $0.compare.append(request) } }
    func write(_ request: WriteRequest) async -> StatusMessage {
        state.withLock { $0.writes.append(request) }
        return StatusMessage(text: "wrote \(request)")
    }
    func close() async {
        state.withLock { $0.closed = true }
        sink.finish()
    }

    /// Answers a tree request.
    func answer(_ update: TreeUpdate) { sink.yield(.tree(update)) }

    var treeRequests: [TreeRequest] { state.withLock { $0.tree } }
    var compareRequests: [CompareRequest] { state.withLock { $0.compare } }
    var writes: [WriteRequest] { state.withLock { $0.writes } }
    var closed: Bool { state.withLock { $0.closed } }
}

/// A session on a headless terminal and scripted rounds and znodes, running in a task of its own.
struct SessionRig {
    let terminal: HeadlessTerminal
    let rounds = ScriptedRounds()
    let nodes = ScriptedNodes()
    let session: DashboardSession
    let task: Task<Void, Never>

    init(
        writes: Bool = false, demo: DashboardSession.DemoHandler? = nil, width: Int = 120, height: Int = 40,
        ensembleName: String? = nil, clockOffset: Double = 0, persisted: (any PersistedTimelineSource)? = nil,
        persistedRefresh: Duration = .seconds(30)
    ) {
        terminal = HeadlessTerminal(width: width, height: height)
        session = DashboardSession(
            model: DashboardModel(
                options: .init(
                    allowWrites: writes, demo: demo != nil, clockOffset: clockOffset, source: "test",
                    ensembleName: ensembleName), interval: 1),
            terminal: terminal, rounds: rounds, nodes: nodes, demo: demo, persisted: persisted,
            persistedRefresh: persistedRefresh)
        task = Task { [session] in await session.run() }
    }

    /// The first frame (after `after` frames) whose text contains every one of `words`; nil after 60 s (the
    /// wait ends as soon as the frame is there: the margin is for a machine whose suites all run at once).
    func frame(after: Int = 0, showing words: String...) async -> String? {
        await terminal.frame(after: after, within: .seconds(60)) { screen in
            let text = screen.text()
            return words.allSatisfy { text.contains($0) }
        }?.text()
    }

    /// Presses the keys of `text` one by one.
    func type(_ text: String) { terminal.type(text) }

    /// Waits (bounded, 60 s) until `condition` holds; for effects that leave no frame of their own.
    func until(_ condition: () async -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(1))
        }
        return false
    }

    /// Quits and waits until the session has ended.
    func quit() async {
        terminal.press(.char("q"))
        await task.value
    }
}

/// A value shared between a test and the closures it hands out.
final class Shared<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) { mutex = Mutex(value) }

    var value: Value { mutex.withLock { $0 } }

    func update(_ body: (inout Value) -> Void) { mutex.withLock { body(&$0) } }
}

/// Hand-made poll rounds for the session tests (no network, no clock).
enum SessionFixtures {
    static let addresses = ["10.0.0.1:2181", "10.0.0.2:2181", "10.0.0.3:2181"]

    static var configuration: EnsembleConfiguration {
        EnsembleConfiguration(
            source: "test",
            members: addresses.indices.map {
                MemberEndpoint(host: "10.0.0.\($0 + 1)", clientPort: 2181, expectedID: $0 + 1)
            })
    }

    /// A member serving with `role`, or down.
    static func member(_ index: Int, time: Double, role: ServerMode?) -> MemberSnapshot {
        let endpoint = MemberEndpoint(host: "10.0.0.\(index + 1)", clientPort: 2181, expectedID: index + 1)
        guard let role else {
            var down = MemberSnapshot(endpoint: endpoint, time: time, reachability: .down)
            down.sources = [.srvr: .connectionRefused, .mntr: .connectionRefused]
            return down
        }
        var snapshot = MemberSnapshot(endpoint: endpoint, time: time, reachability: .serving)
        snapshot.role = role
        snapshot.serverID = index + 1
        snapshot.zxid = Zxid(epoch: 3, counter: 100)
        snapshot.epoch = 3
        snapshot.latency = LatencyStats(min: 0, avg: 0.4, max: 12)
        snapshot.connections = 4
        snapshot.znodes = 42
        if role == .leader {
            snapshot.syncedFollowers = 2
            snapshot.quorumSize = 3
        }
        snapshot.sources = [.srvr: .answered, .mntr: .answered]
        return snapshot
    }

    /// Rounds at 0, 1, 2 … s; member 2 leads; `downFrom` on, member 3 is down.
    static func tracker(rounds: Int, downFrom: Int? = nil) -> EnsembleTracker {
        var tracker = EnsembleTracker(configuration: configuration)
        for round in 0..<rounds {
            let time = Double(round)
            let third: ServerMode? = downFrom.map { round >= $0 } == true ? nil : .follower
            tracker.record(
                EnsembleSnapshot(
                    time: time,
                    members: [
                        member(0, time: time, role: .follower), member(1, time: time, role: .leader),
                        member(2, time: time, role: third),
                    ]))
        }
        return tracker
    }

    static func stat(children: Int32 = 0) -> Stat {
        Stat(czxid: 1, mzxid: 1, ctime: 1_700_000_000_000, mtime: 1_700_000_000_000, numChildren: children)
    }
}

/// The persisted timeline as a test writes it: events handed out per ensemble, reads counted, failures scripted.
final class FakePersistedTimeline: PersistedTimelineSource {
    private let state: Mutex<State>

    struct State {
        var events: [String: [TimelineEvent]]
        var reads: [String] = []
        var failure: String?
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init(_ events: [String: [TimelineEvent]] = [:]) { state = Mutex(State(events: events)) }

    func events(ensemble: String) async throws -> [TimelineEvent] {
        let (events, failure) = state.withLock { state in
            state.reads.append(ensemble)
            return (state.events[ensemble] ?? [], state.failure)
        }
        if let failure { throw Failure(description: failure) }
        return events
    }

    /// Replaces what the next reads return.
    func set(_ ensemble: String, _ events: [TimelineEvent]) { state.withLock { $0.events[ensemble] = events } }
    /// Makes the next reads fail with `text` (nil: succeed again).
    func fail(_ text: String?) { state.withLock { $0.failure = text } }
    /// The ensembles read, one entry per read.
    var reads: [String] { state.withLock { $0.reads } }
}
