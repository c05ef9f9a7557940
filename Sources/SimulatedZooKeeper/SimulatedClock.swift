import Synchronization

/// An ensemble's clock: the time since its members started (their counters and zxid move with it) and the
/// requests they answered.
final class SimulatedClock: Sendable {
    /// The myid that leads.
    let leaderID: Int
    private let start = ContinuousClock.now
    private let served = Atomic<Int64>(0)

    init(leaderID: Int) { self.leaderID = leaderID }

    /// One moment of the ensemble.
    struct Instant {
        /// Milliseconds since the members started.
        var milliseconds: Int64
        /// Requests the ensemble answered so far (this one included).
        var requests: Int64
        /// Whole seconds since the start: counters move once a second.
        var wholeSeconds: Int64 { milliseconds / 1000 }
    }

    /// Now, counting one more request.
    func state() -> Instant {
        let elapsed = ContinuousClock.now - start
        let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        return Instant(milliseconds: milliseconds, requests: served.add(1, ordering: .relaxed).newValue)
    }
}
