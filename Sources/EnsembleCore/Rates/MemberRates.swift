/// Read and write rates of one member over an interval or a window.
///
/// Reads are `Δ Σ zk_cnt_*_read_per_namespace` (reads this member served, pings excluded);
/// writes are `Δ zk_cnt_updatelatency` (writes clients sent to this member, session create and
/// close included). Per-path write rates come from the replicated `*_write_per_namespace`
/// families, so any member shows the ensemble's hottest paths.
public struct MemberRates: Hashable, Sendable, Codable {
    /// Reads served per second (null until two polls with counters).
    public var readsPerSecond: Double?
    /// Writes sent to this member per second.
    public var writesPerSecond: Double?
    /// Reads per top-level path on this member.
    public var readsByNamespace: [String: Double]
    /// Writes applied per top-level path (the ensemble's writes, replicated).
    public var writesByNamespace: [String: Double]
    /// Seconds of clean (reset-free) intervals the rates cover.
    public var coveredSeconds: Double
    /// True when at least one interval was skipped because a counter went down.
    public var resetSeen: Bool

    /// Builds a value.
    public init(
        readsPerSecond: Double? = nil, writesPerSecond: Double? = nil, readsByNamespace: [String: Double] = [:],
        writesByNamespace: [String: Double] = [:], coveredSeconds: Double = 0, resetSeen: Bool = false
    ) {
        self.readsPerSecond = readsPerSecond
        self.writesPerSecond = writesPerSecond
        self.readsByNamespace = readsByNamespace
        self.writesByNamespace = writesByNamespace
        self.coveredSeconds = coveredSeconds
        self.resetSeen = resetSeen
    }

    /// Reads per write; nil without writes (an all-read load has no finite ratio).
    public var readWriteRatio: Double? {
        guard let reads = readsPerSecond, let writes = writesPerSecond, writes > 0 else { return nil }
        return reads / writes
    }
}

/// Computes rates from snapshots, skipping intervals in which a counter was reset.
public enum RateCalculator {
    /// Rates between two snapshots of one member (nil rates when a counter went down or data is missing).
    public static func rates(from previous: MemberSnapshot, to current: MemberSnapshot) -> MemberRates {
        window([previous, current])
    }

    /// Rates over a member's series: the sum of clean deltas divided by the time those intervals
    /// cover. An interval where the counter went down (reset) contributes neither count nor time.
    ///
    /// Called for every member every round (the report, `write-heavy`): consecutive readings of a serving member
    /// share one ``CounterLayout``, so the per-namespace sums are added position by position, with no lookup by
    /// name and no allocation per interval.
    public static func window<Series: RandomAccessCollection<MemberSnapshot>>(_ series: Series) -> MemberRates
    where Series.Index == Int {
        var result = MemberRates()
        guard series.count >= 2 else { return result }
        var readTotal: Int64 = 0
        var readSeconds = 0.0
        var writeTotal: Int64 = 0
        var writeSeconds = 0.0
        var readNamespaces = NamespaceTotals(family: .reads)
        var writeNamespaces = NamespaceTotals(family: .writes)
        for index in series.indices.dropFirst() {
            let before = series[index - 1]
            let after = series[index]
            let seconds = after.time - before.time
            guard seconds > 0 else { continue }
            let old = before.counterValues
            let new = after.counterValues
            // Only between two readings with metrics: after a down or not-serving reading, a family
            // "appearing" is the whole count since the process started, not new traffic.
            if !old.isEmpty, !new.isEmpty {
                let readsClean = !new.familyWentDown(.reads, since: old)
                if let delta = counterDelta(previous: old.readTotal, current: new.readTotal), readsClean {
                    readTotal = saturatingAdd(readTotal, delta)
                    readSeconds += seconds
                } else {
                    result.resetSeen = true
                }
                if readsClean { readNamespaces.add(from: old, to: new, seconds: seconds) }
                if !new.familyWentDown(.writes, since: old) {
                    writeNamespaces.add(from: old, to: new, seconds: seconds)
                }
            }
            if before.writeCount != nil, after.writeCount != nil {
                if let delta = counterDelta(previous: before.writeCount, current: after.writeCount) {
                    writeTotal = saturatingAdd(writeTotal, delta)
                    writeSeconds += seconds
                } else {
                    result.resetSeen = true
                }
            }
        }
        if readSeconds > 0 { result.readsPerSecond = Double(readTotal) / readSeconds }
        if writeSeconds > 0 { result.writesPerSecond = Double(writeTotal) / writeSeconds }
        result.coveredSeconds = max(readSeconds, writeSeconds)
        result.readsByNamespace = readNamespaces.perSecond()
        result.writesByNamespace = writeNamespaces.perSecond()
        return result
    }
}

/// One per-namespace family's rises and the seconds they cover, per namespace, over the clean intervals of a
/// window. Intervals between readings of one layout are summed by position; the sums are settled by name when
/// the layout changes (a member restarted, a namespace appeared) and at the end.
private struct NamespaceTotals {
    let family: CounterValues.Family
    private var layout: CounterLayout?
    private var sums: [Int64] = []
    private var seconds = 0.0
    private var settled: [String: (rise: Int64, seconds: Double)] = [:]

    init(family: CounterValues.Family) { self.family = family }

    /// Adds the interval from `old` to `new` (no counter of the family went down in it).
    mutating func add(from old: CounterValues, to new: CounterValues, seconds: Double) {
        guard old.layout === new.layout else {
            for (namespace, rise) in new.namespaceRises(family, since: old) ?? [] {
                let current = settled[namespace] ?? (0, 0)
                settled[namespace] = (saturatingAdd(current.rise, rise), current.seconds + seconds)
            }
            return
        }
        let members = new.layout.members(of: family)
        if layout !== new.layout {
            settle()
            layout = new.layout
            sums = Array(repeating: 0, count: members.count)
            self.seconds = 0
        }
        for (position, member) in members.enumerated() {
            let rise = counterDelta(previous: old.values[member.index], current: new.values[member.index]) ?? 0
            sums[position] = saturatingAdd(sums[position], rise)
        }
        self.seconds += seconds
    }

    /// Moves the sums of the current layout to the by-name totals.
    private mutating func settle() {
        guard let layout else { return }
        for (position, member) in layout.members(of: family).enumerated() {
            let current = settled[member.namespace] ?? (0, 0)
            settled[member.namespace] = (saturatingAdd(current.rise, sums[position]), current.seconds + seconds)
        }
        self.layout = nil
    }

    /// Each namespace's rate over the seconds it was counted.
    mutating func perSecond() -> [String: Double] {
        settle()
        return settled.compactMapValues { $0.seconds > 0 ? Double($0.rise) / $0.seconds : nil }
    }
}
