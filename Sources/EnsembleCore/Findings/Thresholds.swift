/// The limits detectors apply; every one is configurable.
///
/// Load limits follow the alert rules ZooKeeper ships for its Prometheus metrics
/// (`zookeeper-metrics-providers/.../rules.yml`): average latency above 100 ms, more than 10
/// outstanding requests, file descriptors above 85 % of the limit, more than 1,000,000 znodes
/// or watches. Timing limits are in polls or seconds of the caller's clock.
public struct Thresholds: Hashable, Sendable, Codable {
    /// Polls a transient condition must persist before it is reported (rides out a clean election).
    public var persistPolls: Int = 2
    /// Average request latency limit in ms (ZooKeeper's sample rule: 100).
    public var averageLatencyMs: Double = 100
    /// Queued requests limit (sample rule: 10).
    public var outstandingRequests: Int64 = 10
    /// Fraction of `zk_max_file_descriptor_count`.
    public var fileDescriptorUsage: Double = 0.85
    /// Fraction of `maxClientCnxns` (0 means unlimited, then never reported).
    public var connectionUsage: Double = 0.85
    /// Znode count limit (sample rule: 1,000,000).
    public var znodeCount: Int64 = 1_000_000
    /// Watch count limit (sample rule: 1,000,000).
    public var watchCount: Int64 = 1_000_000
    /// Reads per write below which the load is write-heavy (ZooKeeper is built for at least 10:1).
    public var minimumReadWriteRatio: Double = 10
    /// Below this ensemble write rate the ratio is not judged (an idle ensemble is not write-heavy).
    public var writeHeavyMinimumWritesPerSecond: Double = 1
    /// The window for read/write rates.
    public var rateWindowSeconds: Double = 60
    /// The window in which restarts are counted.
    public var restartWindowSeconds: Double = 120
    /// A member serving without a restart for this long no longer counts as restarting, even if
    /// earlier restarts are still inside the window: the finding clears soon after the loop stops.
    public var restartQuietSeconds: Double = 60
    /// Process restarts within the window that make a restart loop (one restart alone is `info`).
    public var restartsForLoop: Int = 2
    /// The window in which freezes (`member-paused`) are counted and reported.
    public var pauseWindowSeconds: Double = 600
    /// Freezes within the window that make a warning (one alone is `info`).
    public var pausesForWarning: Int = 2
    /// Transactions a serving member may trail the newest zxid by.
    public var zxidLagTransactions: Int64 = 1000
    /// A fall of the ensemble's znode count by this fraction (and by `znodeDropMinimum` nodes) within
    /// `eventWindowSeconds` is reported.
    public var znodeDropFraction: Double = 0.25
    /// The smallest absolute fall of the node count that is reported.
    public var znodeDropMinimum: Int64 = 100
    /// How long one-off events (epoch jump, znode drop) stay reported.
    public var eventWindowSeconds: Double = 300
    /// Leader `zk_cnt_socket_closing_time` per second that means a learner keeps connecting and dropping
    /// (healthy: ~0; the leftover-data loop of facts §7d: ~440/s).
    public var syncLoopSocketClosesPerSecond: Double = 5

    /// The defaults; change fields to tune.
    public init() {}

    /// The defaults described above.
    public static let defaults = Thresholds()
}
