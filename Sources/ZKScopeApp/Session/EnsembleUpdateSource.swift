import EnsembleMonitor

/// Where a ``DashboardSession`` gets its poll rounds: one update per round, a cadence that can change while
/// running, and a round on request.
///
/// ``EnsembleMonitor`` is the real one (its own loop, woken directly by an interval change or a poll request);
/// tests script rounds with a fake.
public protocol EnsembleUpdateSource: Sendable {
    /// One update per round until the consumer stops iterating; only the newest `bufferingNewest` are kept for a
    /// slow consumer.
    func updates(bufferingNewest: Int) -> AsyncStream<MonitorUpdate>
    /// Polls every `interval` from now on.
    func setInterval(_ interval: Duration)
    /// Starts a round now.
    func pollNow()
}

extension EnsembleMonitor: EnsembleUpdateSource {}
