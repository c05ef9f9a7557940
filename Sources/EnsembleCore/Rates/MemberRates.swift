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
    public static func window(_ series: [MemberSnapshot]) -> MemberRates {
        var result = MemberRates()
        guard series.count >= 2 else { return result }
        var readTotal: Int64 = 0
        var readSeconds = 0.0
        var writeTotal: Int64 = 0
        var writeSeconds = 0.0
        var readNamespaces: [String: (Int64, Double)] = [:]
        var writeNamespaces: [String: (Int64, Double)] = [:]
        for index in series.indices.dropFirst() {
            let before = series[index - 1]
            let after = series[index]
            let seconds = after.time - before.time
            guard seconds > 0 else { continue }
            if before.readCount != nil, after.readCount != nil {
                if let delta = counterDelta(previous: before.readCount, current: after.readCount),
                    !anyNamespaceWentDown(before.readsByNamespace, after.readsByNamespace)
                {
                    readTotal = saturatingAdd(readTotal, delta)
                    readSeconds += seconds
                } else {
                    result.resetSeen = true
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
            // Only between two readings with metrics: after a down or not-serving reading, a family
            // "appearing" is the whole count since the process started, not new traffic.
            if !before.counters.isEmpty, !after.counters.isEmpty {
                accumulate(before.readsByNamespace, after.readsByNamespace, seconds, into: &readNamespaces)
                accumulate(before.writesByNamespace, after.writesByNamespace, seconds, into: &writeNamespaces)
            }
        }
        if readSeconds > 0 { result.readsPerSecond = Double(readTotal) / readSeconds }
        if writeSeconds > 0 { result.writesPerSecond = Double(writeTotal) / writeSeconds }
        result.coveredSeconds = max(readSeconds, writeSeconds)
        result.readsByNamespace = readNamespaces.compactMapValues { $0.1 > 0 ? Double($0.0) / $0.1 : nil }
        result.writesByNamespace = writeNamespaces.compactMapValues { $0.1 > 0 ? Double($0.0) / $0.1 : nil }
        return result
    }

    private static func anyNamespaceWentDown(_ before: [String: Int64], _ after: [String: Int64]) -> Bool {
        before.contains { key, value in (after[key] ?? 0) < value }
    }

    private static func accumulate(
        _ before: [String: Int64], _ after: [String: Int64], _ seconds: Double,
        into totals: inout [String: (Int64, Double)]
    ) {
        // A namespace family appears on first use: absent before means it started at 0.
        if anyNamespaceWentDown(before, after) { return }
        for (key, value) in after {
            guard let delta = counterDelta(previous: before[key] ?? 0, current: value) else { continue }
            let current = totals[key] ?? (0, 0)
            totals[key] = (saturatingAdd(current.0, delta), current.1 + seconds)
        }
    }
}
