/// Ensemble-wide read/write load over a window, for `write-heavy` and the dashboard header.
///
/// Reads add up over members (each member serves its own reads); writes add up over members
/// too (`zk_cnt_updatelatency` counts writes where the client sent them). The hottest paths
/// come from the replicated per-namespace write families of the member that saw the most.
public struct EnsembleRates: Hashable, Sendable, Codable {
    /// Reads per second summed over members (nil until two polls with counters).
    public var readsPerSecond: Double?
    /// Client writes per second summed over members.
    public var writesPerSecond: Double?
    /// Top-level paths by write rate, hottest first.
    public var hottestWritePaths: [PathRate]
    /// Seconds of reset-free intervals behind the rates.
    public var coveredSeconds: Double

    /// A write rate for one top-level path (`/tree`).
    public struct PathRate: Hashable, Sendable, Codable {
        /// The top-level path (`/tree`).
        public var path: String
        /// Writes per second under it.
        public var perSecond: Double
    }

    /// Reads per write; nil without writes.
    public var readWriteRatio: Double? {
        guard let reads = readsPerSecond, let writes = writesPerSecond, writes > 0 else { return nil }
        return reads / writes
    }

    /// Computes the rates over the last `seconds` of history.
    public static func compute(history: SnapshotHistory, seconds: Double) -> EnsembleRates {
        var reads: Double?
        var writes: Double?
        var covered = 0.0
        var best: [String: Double] = [:]
        for address in history.addresses {
            let rates = history.rates(of: address, seconds: seconds)
            if let value = rates.readsPerSecond { reads = (reads ?? 0) + value }
            if let value = rates.writesPerSecond { writes = (writes ?? 0) + value }
            covered = max(covered, rates.coveredSeconds)
            if rates.writesByNamespace.values.reduce(0, +) > best.values.reduce(0, +) {
                best = rates.writesByNamespace
            }
        }
        let paths = best.filter { $0.value > 0 }
            .map { PathRate(path: "/" + $0.key, perSecond: $0.value) }
            .sorted { $0.perSecond != $1.perSecond ? $0.perSecond > $1.perSecond : $0.path < $1.path }
        return EnsembleRates(
            readsPerSecond: reads, writesPerSecond: writes, hottestWritePaths: paths, coveredSeconds: covered)
    }
}
