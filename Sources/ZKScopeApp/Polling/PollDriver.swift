import EnsembleCore
import EnsembleMonitor
import Foundation
import Synchronization

/// Drives an ``EnsembleMonitor`` for the dashboard: one round every `interval`, where the interval can change
/// while running (`+`/`-`, `:interval`) and a round can be asked for at once (after a demo fault).
///
/// The monitor's own `updates()` loop has a fixed interval; the dashboard calls `poll()` itself instead.
public final class PollDriver: Sendable {
    /// The monitor that does the polling.
    public let monitor: EnsembleMonitor
    private let state: Mutex<Settings>
    private let start = ContinuousClock.now

    private struct Settings {
        var interval: Double
        var wake = false
        var stopped = false
    }

    /// Creates a driver; nothing is polled until ``updates()`` is iterated.
    public init(monitor: EnsembleMonitor, interval: Double) {
        self.monitor = monitor
        self.state = Mutex(Settings(interval: Self.clamp(interval)))
    }

    /// `seconds` inside ``PollSettings/intervalRange`` (the one range every way of setting it shares).
    static func clamp(_ seconds: Double) -> Double {
        let range = PollSettings.intervalRange
        return seconds.isFinite ? min(range.upperBound, max(range.lowerBound, seconds)) : range.lowerBound
    }

    /// The current interval in seconds.
    public var interval: Double { state.withLock { $0.interval } }

    /// Changes the interval; takes effect at once (the current wait ends).
    public func setInterval(_ seconds: Double) {
        state.withLock {
            $0.interval = Self.clamp(seconds)
            $0.wake = true
        }
    }

    /// Starts the next round now.
    public func pollNow() { state.withLock { $0.wake = true } }

    /// Stops the loop after the current round.
    public func stop() { state.withLock { $0.stopped = true } }

    /// Seconds since the driver was created: the round timer's clock.
    private func now() -> Double { (ContinuousClock.now - start).seconds }

    /// One update per round. Ends when the consumer stops iterating or ``stop()`` is called.
    public func updates() -> AsyncStream<MonitorUpdate> {
        let (stream, continuation) = AsyncStream<MonitorUpdate>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let task = Task { [self] in
            while !Task.isCancelled && !state.withLock({ $0.stopped }) {
                let began = now()
                let update = await monitor.poll()
                continuation.yield(update)
                await waitUntil(began + interval)
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// Sleeps until `deadline` in short steps, returning early when woken; bounded by the deadline.
    private func waitUntil(_ deadline: Double) async {
        while now() < deadline && !Task.isCancelled {
            let woken = state.withLock { settings -> Bool in
                defer { settings.wake = false }
                return settings.wake || settings.stopped
            }
            if woken { return }
            let remaining = deadline - now()
            try? await Task.sleep(for: .milliseconds(Int64(max(1, min(100, remaining * 1000)))))
        }
    }
}
