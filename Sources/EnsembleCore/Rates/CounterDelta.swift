/// The increase of a monotonic counter between two readings, or nil when it cannot be trusted.
///
/// ZooKeeper counters fall back to zero at elections (per-instance ones), process restarts and
/// `srst`. A decrease is therefore a reset, never a negative rate: the interval is skipped.
public func counterDelta(previous: Int64?, current: Int64?) -> Int64? {
    guard let previous, let current, current >= previous else { return nil }
    let (delta, overflow) = current.subtractingReportingOverflow(previous)
    return overflow ? nil : delta
}

/// Per-second rate of a counter, nil on a reset or a non-positive interval.
public func counterRate(previous: Int64?, current: Int64?, seconds: Double) -> Double? {
    guard seconds > 0, let delta = counterDelta(previous: previous, current: current) else { return nil }
    return Double(delta) / seconds
}

/// Addition that sticks at the bounds instead of trapping: counters come from the network.
func saturatingAdd(_ lhs: Int64, _ rhs: Int64) -> Int64 {
    let (sum, overflow) = lhs.addingReportingOverflow(rhs)
    if !overflow { return sum }
    return rhs > 0 ? .max : .min
}
