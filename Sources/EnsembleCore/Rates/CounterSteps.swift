/// How long a counter lives on the server, which decides which pairs of readings may be subtracted.
public enum CounterLifetime: Hashable, Sendable {
    /// `ServerMetrics` counters and summaries (`zk_cnt_*`, `zk_throttled_ops`, …): they survive elections and
    /// reset at process restarts (and `srst`).
    case process
    /// `ServerStats` counters of one server instance (`zk_auth_failed_count`, packets): they reset at every
    /// election and role change too.
    case instance
}

/// The rise of some counters of one member between two readings of the same process (or instance).
public struct CounterStep: Hashable, Sendable {
    /// The time of the later reading.
    public var time: Double
    /// Seconds between the two readings.
    public var seconds: Double
    /// The rise of each counter, in the order the names were given.
    public var deltas: [Int64]
}

/// The clean steps of `names` over a member's series (oldest first): each pair of consecutive readings that
/// carry every counter, where none went back and no restart happened in between.
///
/// A counter that goes back is a reset, never a negative rise (``counterDelta(previous:current:)``). A counter
/// that went *up* across a restart is not a rise either: the new process counted from zero, so its value says
/// nothing about the interval. Such pairs are found with ``resetEvents(in:)`` (uptime, per-process counters,
/// a refused window between them) and skipped, so an alert on "rising" never fires on a restart. Readings
/// without the counters (down, hung, not serving) between two that carry them keep the pair: a frozen but
/// not restarted JVM's counters continue, and its pause is exactly what some detectors look for.
///
/// `resets` are the member's reset events (``SnapshotHistory/resetEvents(of:)``, folded once per round); nil
/// folds `series` once here. Either gives the events between two readings: the earlier one serves, and a
/// serving snapshot fixes the whole state of the fold, so where the fold began does not matter. Times
/// increase along a series.
public func counterSteps<Series: RandomAccessCollection<MemberSnapshot>>(
    _ series: Series, _ names: [String], lifetime: CounterLifetime = .process, resets: [ResetEvent]? = nil
) -> [CounterStep] {
    var known = resets
    var steps: [CounterStep] = []
    // The values of the reading before and of this one, in two buffers reused for the whole walk: the detectors
    // walk every member's window every round, so no allocation per reading.
    var before: [Int64] = []
    var values: [Int64] = []
    before.reserveCapacity(names.count)
    values.reserveCapacity(names.count)
    var beforeTime: Double?
    // Consecutive readings of a member share a layout: the names are looked up once per layout, not per reading.
    var layout: CounterLayout?
    var positions: [Int?] = []
    for snapshot in series {
        guard snapshot.isServing else { continue }
        let counters = snapshot.counterValues
        if counters.layout !== layout {
            layout = counters.layout
            positions = names.map { counters.layout.index[$0] }
        }
        values.removeAll(keepingCapacity: true)
        for position in positions {
            guard let position else { break }
            values.append(counters.values[position])
        }
        guard values.count == names.count else { continue }
        let time = snapshot.time
        defer {
            swap(&before, &values)
            beforeTime = time
        }
        guard let previousTime = beforeTime else { continue }
        let seconds = time - previousTime
        guard seconds > 0 else { continue }
        var deltas: [Int64] = []
        deltas.reserveCapacity(names.count)
        for position in names.indices {
            guard let delta = counterDelta(previous: before[position], current: values[position]) else {
                break
            }
            deltas.append(delta)
        }
        guard deltas.count == names.count else { continue }
        // Only a rise needs the (costlier) restart check: a healthy ensemble's alert counters stay flat.
        if deltas.contains(where: { $0 > 0 }) {
            let all = known ?? resetEvents(in: Array(series))
            known = all
            let between = all.filter { $0.time > previousTime && $0.time <= time }
            let crossed: Bool
            switch lifetime {
            // A pause is the same process (and instance) frozen: its counters continue.
            case .process: crossed = between.contains { $0.kind == .processRestart || $0.kind == .statsReset }
            case .instance: crossed = between.contains { $0.kind != .pause }
            }
            if crossed { continue }
        }
        steps.append(CounterStep(time: time, seconds: seconds, deltas: deltas))
    }
    return steps
}

/// The total rise of one counter over a member's series, counting clean steps only (see ``counterSteps``).
public func counterRise<Series: RandomAccessCollection<MemberSnapshot>>(
    _ series: Series, _ name: String, lifetime: CounterLifetime = .process, resets: [ResetEvent]? = nil
) -> Int64 {
    counterSteps(series, [name], lifetime: lifetime, resets: resets).reduce(0) { saturatingAdd($0, $1.deltas[0]) }
}
