import EnsembleCore
import Foundation
import Synchronization
import ZooKeeperAdmin

/// A small poller that feeds an ``EnsembleTracker`` from four-letter words, so the dashboard runs before the
/// full `EnsembleMonitor` poller is available.
///
/// Every round asks each member `srvr`, `mntr`, `conf` and `isro` concurrently (one deadline per word); `cons`
/// and `dump` every 5th round (they are larger replies). Each round is recorded in the tracker
/// and the new tracker value is yielded. It never sends a resetting word.
public final class InterimPoller: Sendable {
    /// Members and the expected server list.
    public let configuration: EnsembleConfiguration
    private let state: Mutex<PollSettings>
    private let start = ContinuousClock.now

    private struct PollSettings {
        var interval: Double
        var wake = false
        var stopped = false
    }

    /// Creates a poller; nothing happens until ``updates()`` is iterated.
    public init(configuration: EnsembleConfiguration, interval: Double) {
        self.configuration = configuration
        self.state = Mutex(PollSettings(interval: max(0.2, interval)))
    }

    /// The current interval in seconds.
    public var interval: Double { state.withLock { $0.interval } }

    /// Changes the interval; takes effect after the current wait.
    public func setInterval(_ seconds: Double) {
        state.withLock {
            $0.interval = max(0.2, min(300, seconds))
            $0.wake = true
        }
    }

    /// Starts the next round now (after a fault was injected, say).
    public func pollNow() { state.withLock { $0.wake = true } }

    /// Stops the loop after the current round.
    public func stop() { state.withLock { $0.stopped = true } }

    /// Seconds since the poller was created: the tracker's time scale.
    public func now() -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// Poll rounds as tracker values (newest state after each round). Ends when the consumer stops iterating or
    /// ``stop()`` is called.
    public func updates() -> AsyncStream<EnsembleTracker> {
        let (stream, continuation) = AsyncStream<EnsembleTracker>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let task = Task { [self] in
            var tracker = EnsembleTracker(configuration: configuration)
            var round = 0
            while !Task.isCancelled && !state.withLock({ $0.stopped }) {
                let snapshot = await pollRound(round: round, tracker: tracker)
                tracker.record(snapshot)
                continuation.yield(tracker)
                round += 1
                await waitForNextRound()
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    private func waitForNextRound() async {
        let deadline = now() + interval
        while now() < deadline && !Task.isCancelled {
            let woken = state.withLock { settings -> Bool in
                defer { settings.wake = false }
                return settings.wake || settings.stopped
            }
            if woken { return }
            try? await Task.sleep(for: .milliseconds(100))
        }
    }

    private func pollRound(round: Int, tracker: EnsembleTracker) async -> EnsembleSnapshot {
        let slow = round % 5 == 0
        let timeout = Duration.milliseconds(Int64(min(2, max(0.5, interval)) * 1000))
        let members = configuration.members
        let snapshots = await withTaskGroup(of: (Int, MemberSnapshot).self) { group in
            for (index, endpoint) in members.enumerated() {
                let previous = tracker.latestSnapshot(of: endpoint.address)
                group.addTask { [self] in
                    let replies = await Self.poll(endpoint, slow: slow, timeout: timeout)
                    return (
                        index,
                        MemberSnapshot.assemble(endpoint: endpoint, time: now(), replies: replies, previous: previous)
                    )
                }
            }
            var out: [(Int, MemberSnapshot)] = []
            for await item in group { out.append(item) }
            return out.sorted { $0.0 < $1.0 }.map(\.1)
        }
        return EnsembleSnapshot(time: now(), members: snapshots)
    }

    private static func poll(_ endpoint: MemberEndpoint, slow: Bool, timeout: Duration) async -> MemberReplies {
        func ask(_ word: FourLetterWord) async -> Result<String, FourLetterWordError> {
            do {
                return .success(
                    try await FourLetterWordClient.send(
                        word, host: endpoint.host, port: endpoint.clientPort, timeout: timeout))
            } catch {
                return .failure(error)
            }
        }
        async let srvr = ask(.srvr)
        async let mntr = ask(.mntr)
        async let isro = ask(.isro)
        async let conf = ask(.conf)
        var replies = MemberReplies()
        replies.srvr = .fourLetterWord(await srvr, parse: ServerStatsReply.parse)
        replies.mntr = .fourLetterWord(await mntr, parse: MonitorReply.parse)
        replies.isro = .fourLetterWord(await isro, parse: ReadOnlyReply.parse)
        replies.conf = .fourLetterWord(await conf, parse: ConfReply.parse)
        // A down member refuses every word: do not ask the slow ones then.
        if slow, replies.srvr?.value != nil || replies.mntr?.value != nil {
            async let cons = ask(.cons)
            async let dump = ask(.dump)
            replies.cons = .fourLetterWord(await cons, parse: ConsReply.parse)
            replies.dump = .fourLetterWord(await dump, parse: DumpReply.parse)
        }
        return replies
    }
}
