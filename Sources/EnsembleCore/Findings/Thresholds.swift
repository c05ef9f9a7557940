/// The limits detectors apply; every one is configurable.
///
/// Load limits follow the sample alert rules ZooKeeper documents for its Prometheus metrics (`rules/zk.yml` in
/// apache/zookeeper `zookeeper-docs/src/main/resources/markdown/zookeeperMonitor.md`, since moved to
/// `zookeeper-website/app/pages/_docs/docs/_mdx/admin-ops/monitor-and-audit-logs.mdx`): average latency above
/// 100 ms, more than 1,000,000 znodes, more than 10,000 watches, data above 1 GB, any election in 5 minutes,
/// fsync time above 100 ms per second. The Nagios checks in `zookeeper-contrib/zookeeper-contrib-monitoring`
/// (`check_zookeeper.py` with `nagios/services.cfg`) only compare `mntr` values with fixed warning/critical
/// levels meant to be edited (e.g. `zk_watch_count` 100/500), so they give no better defaults. Timing limits are
/// in polls or seconds of the caller's clock.
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
    /// Watch count limit per member (`zk_watch_count`; `rules/zk.yml`: `watch_count > 10000`).
    public var watchCount: Int64 = 10_000
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

    // Production alert signals (`fsync-slow`, `jvm-pausing`, `data-size-high`, elections, counters that rise).
    /// The window in which a rising counter raises its finding (auth failures, throttling, large requests,
    /// session expiries, elections): `rules/zk.yml` alerts on `increase(election_time_count[5m]) > 0`.
    public var counterWindowSeconds: Double = 300
    /// The window of the fsync time rate (`rules/zk.yml`: `rate(fsynctime_sum[1m]) > 100`).
    public var fsyncWindowSeconds: Double = 60
    /// Milliseconds spent in fsync per second of wall time (`rules/zk.yml`: `rate(fsynctime_sum[1m]) > 100`).
    public var fsyncMillisecondsPerSecond: Double = 100
    /// Mean fsync time of the fsyncs between two polls: ZooKeeper's own `fsync.warningthresholdms` (1000 ms,
    /// `FileTxnLog`), above which it logs a warning and counts `fsync_threshold_exceed_count`.
    public var fsyncMeanMs: Double = 1000
    /// A JVM pause (the server's `jvm.pause.monitor`, `zk_*_jvm_pause_time_ms`) this long is a warning: the
    /// monitor's own `jvm.pause.info-threshold.ms` default (`JvmPauseMonitor`).
    public var jvmPauseMs: Double = 1000
    /// A JVM pause this long is critical: the monitor's `jvm.pause.warn-threshold.ms` default (10 s, as long
    /// as a default `syncLimit` × `tickTime`: followers drop).
    public var jvmPauseCriticalMs: Double = 10_000
    /// `zk_approximate_data_size` limit in bytes (`rules/zk.yml`: `approximate_data_size /1024 /1024 > 1 * 1024`).
    public var dataSizeBytes: Int64 = 1 << 30
    /// `zk_approximate_data_size` as a fraction of the JVM's maximum heap (`envi` `os.memory.max`). The size
    /// counts only paths and data; znode objects, stats and watches cost more heap than that, and a snapshot
    /// needs room to be written, so a tree half the heap's size is already close to the JVM's limit.
    public var dataSizeHeapFraction: Double = 0.5
    /// An election longer than this (ms, from entering LOOKING to serving: `zk_*_election_time`) is slow:
    /// clients have no service for its whole length.
    public var electionSlowMs: Double = 5000
    /// Elections within `counterWindowSeconds` that make a warning; fewer are info (the rule file warns on
    /// any, but a single election is usually a planned restart of the leader, and the timeline shows it).
    public var electionsForWarning: Int = 2
    /// Session expiries (`zk_stale_sessions_expired` + `zk_sessionless_connections_expired`) within
    /// `counterWindowSeconds` that are reported: a client that dies now and then costs one; a steady stream
    /// means clients pause (GC) or lose the network for longer than their session timeout.
    public var sessionExpiries: Int64 = 10

    // TLS.
    /// A member's certificate that expires within this many days is a warning (a month leaves time to renew
    /// and roll the members one at a time).
    public var certificateExpiryWarningDays: Double = 30
    /// Within this many days (or once expired) it is critical: clients that verify will soon refuse the member.
    public var certificateExpiryCriticalDays: Double = 7

    /// The defaults; change fields to tune.
    public init() {}

    /// The defaults described above.
    public static let defaults = Thresholds()
}

extension Thresholds {
    /// These limits with every look-back window cut to `seconds`: what a history that keeps only that much can
    /// judge. `zkscope serve` keeps two minutes per ensemble (Prometheus keeps the rest), so its findings say "in
    /// the last 120 s" and count over exactly that, instead of naming a window its history does not hold.
    public func windows(atMost seconds: Double) -> Thresholds {
        guard seconds.isFinite, seconds > 0 else { return self }
        var fitted = self
        fitted.rateWindowSeconds = min(rateWindowSeconds, seconds)
        fitted.restartWindowSeconds = min(restartWindowSeconds, seconds)
        fitted.restartQuietSeconds = min(restartQuietSeconds, fitted.restartWindowSeconds)
        fitted.pauseWindowSeconds = min(pauseWindowSeconds, seconds)
        fitted.eventWindowSeconds = min(eventWindowSeconds, seconds)
        fitted.counterWindowSeconds = min(counterWindowSeconds, seconds)
        fitted.fsyncWindowSeconds = min(fsyncWindowSeconds, seconds)
        return fitted
    }
}
