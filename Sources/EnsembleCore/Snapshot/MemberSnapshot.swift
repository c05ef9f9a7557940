import ZooKeeperAdmin

/// One poll of one member: what it said, reduced to the numbers detectors and screens use.
///
/// Every field is optional because every source can be missing (down, not serving, blocked by the
/// whitelist, no AdminServer). `time` is an input (seconds on any monotonic scale the caller
/// chooses): EnsembleCore never reads a clock.
public struct MemberSnapshot: Hashable, Sendable {
    /// Where the member was polled.
    public var endpoint: MemberEndpoint
    /// When the poll finished, in seconds on the caller's monotonic scale.
    public var time: Double
    /// How it answered this poll.
    public var reachability: Reachability
    /// Leader, follower, observer or standalone; nil unless serving.
    public var role: ServerMode?
    /// The member's myid (`conf` serverId, AdminServer zabstate/configuration); 0 on standalone.
    public var serverID: Int?
    /// The server version (`srvr`, `mntr` or `envi`).
    public var version: ZooKeeperVersion?
    /// Last processed zxid.
    public var zxid: Zxid?
    /// Current epoch: AdminServer `zab_epoch` when known, else `zxid >> 32`.
    public var epoch: Int64?
    /// `srvr`'s zxid and node count, read in one reply, so members can be compared at the same zxid.
    public var znodesAtZxid: ZnodeCountSample?
    /// Request latency min/avg/max in ms.
    public var latency: LatencyStats?
    /// Requests queued on this member.
    public var outstandingRequests: Int64?
    /// Client connections to this member (includes the probe's own).
    public var connections: Int64?
    /// Sessions in the whole ensemble (replicated).
    public var globalSessions: Int64?
    /// Ephemeral nodes in the tree (replicated).
    public var ephemerals: Int64?
    /// Nodes in the tree (replicated).
    public var znodes: Int64?
    /// `zk_approximate_data_size` in bytes.
    public var dataSize: Int64?
    /// `zk_watch_count` (data and child watches on this member).
    public var watches: Int64?
    /// Open file descriptors of the JVM.
    public var openFileDescriptors: Int64?
    /// The JVM's file descriptor limit (`ulimit -n`).
    public var maxFileDescriptors: Int64?
    /// Leader only: followers in sync, learners connected (counts connecting ones), configured voters.
    public var syncedFollowers: Int64?
    /// Leader only: learners connected, including ones still syncing.
    public var learners: Int64?
    /// Voting members in this member's config (not the majority).
    public var quorumSize: Int64?
    /// `zk_peer_state`, e.g. `following - broadcast`.
    public var peerState: String?
    /// `zk_uptime` in ms: resets at elections and role changes too, not only at process restarts.
    public var uptimeMs: Int64?
    /// The leader's myid as this member sees it (AdminServer `leader`).
    public var leaderID: Int?
    /// True in read-only mode (`isro` = `ro`).
    public var readOnly: Bool?
    /// The member's server list (`conf` membership, or AdminServer `voting_view`).
    public var membership: [ServerSpec]?
    /// The membership as `conf` prints it, for naming differing lines.
    public var membershipLines: [String]?
    /// `version=` of the membership (0 unless dynamic reconfig is on).
    public var configVersion: Int64?
    /// `maxClientCnxns` from `conf`.
    public var maxClientConnections: Int?
    /// `zk_digest_mismatches_count`.
    public var digestMismatches: Int64?
    /// The JVM's maximum heap in bytes (`envi` `os.memory.max`; carried over while the member keeps serving).
    public var heapMaxBytes: Int64?
    /// `wchs` (or AdminServer `watch_summary`): connections watching, paths, data watches (slow; carried over).
    public var watchSummary: WatchSummaryReply?
    /// Integer metrics of `mntr`/monitor, keyed without `zk_`: the ones rates, restart evidence and detectors
    /// read (see ``retainsCounter(_:)``), not all ~500.
    ///
    /// The per-namespace read/write families are summed once when this is set (rates read them for
    /// every snapshot of every window, every round: filtering ~500 keys each time was most of a
    /// monitor's CPU). Assign the whole dictionary rather than key by key.
    public var counters: [String: Int64] {
        didSet { namespaces = NamespaceCounts(counters) }
    }
    private var namespaces = NamespaceCounts([:])
    /// `hash` digests by zxid (carried over between the slow polls that refresh them).
    public var digests: [Zxid: Int64]?
    /// Ephemeral paths by owner session (`dump`; carried over between slow polls).
    public var ephemeralsBySession: [Int64: [String]]?
    /// Client connections (`cons`; carried over between slow polls).
    public var clientConnections: [ClientConnection]?
    /// How each source fared in this poll (slow sources not asked this round are absent).
    public var sources: [SignalSource: SourceStatus]
    /// TLS or plaintext, the certificate chain the member presented, a plaintext port beside the secure one;
    /// nil when the poller recorded nothing (tests built from replies alone).
    public var tls: MemberTLS?

    /// An empty snapshot; `assemble` fills it from replies.
    public init(endpoint: MemberEndpoint, time: Double, reachability: Reachability) {
        self.endpoint = endpoint
        self.time = time
        self.reachability = reachability
        self.counters = [:]
        self.sources = [:]
    }

    /// The member's identity in history, findings and JSON.
    public var address: String { endpoint.address }

    /// True when the member answered as a leader, follower, observer or standalone.
    public var isServing: Bool { reachability == .serving }

    /// Sources that answered in this poll.
    public var answeredSources: [SignalSource] {
        sources.filter { $0.value == .answered }.map(\.key).sorted()
    }

    /// A counter by name (without `zk_`).
    public func counter(_ name: String) -> Int64? { counters[name] }

    /// Whether ``counters`` keeps the `mntr` integer `name`: the per-process counters of restart evidence, the
    /// election and learner counters of the detectors, and the per-namespace read/write families of the rates.
    ///
    /// History keeps 600 rounds; all ~500 integers of a 3.8 `mntr` cost about 60 KB per member per round, so a
    /// dashboard on three members grew by ~10 MiB a minute for its first ten minutes. The kept ones cost a few
    /// hundred bytes.
    public static func retainsCounter(_ name: String) -> Bool {
        retainedCounterNames.contains(name) || (name.hasPrefix("cnt_") && name.hasSuffix("_per_namespace"))
    }

    /// The `mntr` metrics a snapshot reads (`assemble` and ``retainsCounter``): pollers parse only these, so a huge
    /// reply costs its bytes and not a dictionary of every line.
    public static let metricsRead = MetricSelection(
        names: retainedCounterNames.union(assembledMetricNames),
        families: [.init(prefix: "cnt_", suffix: "_per_namespace")])

    /// The metrics `assemble` reads by name besides the retained counters; a new read must be added here.
    static let assembledMetricNames: Set<String> = [
        "server_state", "version", "avg_latency", "min_latency", "max_latency", "outstanding_requests",
        "num_alive_connections", "znode_count", "global_sessions", "ephemerals_count", "approximate_data_size",
        "watch_count", "open_file_descriptor_count", "max_file_descriptor_count", "synced_followers", "learners",
        "quorum_size", "peer_state", "uptime", "digest_mismatches_count",
    ]

    /// The single counters read by name (the namespace families are matched by pattern).
    static let retainedCounterNames: Set<String> = Set(
        processCounterNames + jvmPauseCounterNames + ["cnt_socket_closing_time", "looking_count"]
            + alertCounterNames)

    /// The counters behind the production alert detectors (`fsync-slow`, `jvm-pausing`, elections, …).
    static let alertCounterNames = [
        "sum_fsynctime", "fsync_threshold_exceed_count", "cnt_jvm_pause_time_ms", "sum_jvm_pause_time_ms",
        "max_jvm_pause_time_ms", "cnt_election_time", "sum_election_time", "auth_failed_count", "ensemble_auth_fail",
        "digest_mismatches_count", "unrecoverable_error_count", "throttled_ops", "request_throttle_wait_count",
        "large_requests_rejected", "stale_sessions_expired", "sessionless_connections_expired",
    ]

    /// Reads served by this member: the sum of `zk_cnt_<ns>_read_per_namespace` (excludes pings; facts §6).
    ///
    /// The families appear on first use, so a member with metrics but none of them has served 0 reads;
    /// nil means no metrics at all.
    public var readCount: Int64? { counters.isEmpty ? nil : namespaces.readTotal }

    /// Writes that clients sent to this member: `zk_cnt_updatelatency` (includes session create/close).
    public var writeCount: Int64? { counters["cnt_updatelatency"] }

    /// Reads per top-level path (`tree` for `/tree/...`).
    public var readsByNamespace: [String: Int64] { namespaces.reads }

    /// Writes applied per top-level path; replicated, so every member shows the ensemble's writes.
    public var writesByNamespace: [String: Int64] { namespaces.writes }
}

/// The `zk_cnt_<ns>_read_per_namespace` / `_write_per_namespace` families of one counters dictionary.
struct NamespaceCounts: Hashable, Sendable {
    var reads: [String: Int64] = [:]
    var writes: [String: Int64] = [:]
    var readTotal: Int64 = 0

    init(_ counters: [String: Int64]) {
        let readSuffix = "_read_per_namespace"
        let writeSuffix = "_write_per_namespace"
        for (key, value) in counters where key.hasPrefix("cnt_") && key.hasSuffix("_per_namespace") {
            if key.hasSuffix(readSuffix) {
                reads[String(key.dropFirst(4).dropLast(readSuffix.count))] = value
                readTotal = saturatingAdd(readTotal, value)
            } else if key.hasSuffix(writeSuffix) {
                writes[String(key.dropFirst(4).dropLast(writeSuffix.count))] = value
            }
        }
    }
}

/// A node count and the zxid it belongs to, taken from one reply.
public struct ZnodeCountSample: Hashable, Sendable, Codable {
    /// The zxid the count belongs to.
    public var zxid: Zxid
    /// Nodes at that zxid.
    public var znodes: Int64

    /// Pairs a count with its zxid.
    public init(zxid: Zxid, znodes: Int64) {
        self.zxid = zxid
        self.znodes = znodes
    }
}
