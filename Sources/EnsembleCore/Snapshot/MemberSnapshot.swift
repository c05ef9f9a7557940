import ZooKeeperAdmin

/// One poll of one member: what it said, reduced to the numbers detectors and screens use.
///
/// Every field is optional because every source can be missing (down, not serving, blocked by the
/// whitelist, no AdminServer). `time` is an input (seconds on any monotonic scale the caller
/// chooses): EnsembleCore never reads a clock.
public struct MemberSnapshot: Hashable, Sendable {
    /// Every field, behind one reference: history keeps each snapshot in a round and in its member's series, and
    /// detectors pass them around by the hundred each round, so a copy is one reference, not ~750 bytes and a
    /// dozen retains. Copied on write (``unique()``).
    private var storage: Storage

    private final class Storage: @unchecked Sendable {
        // Only mutated through `unique()`, when no other snapshot shares it.
        var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private struct Fields: Hashable {
        var endpoint: MemberEndpoint
        var time: Double
        var reachability: Reachability
        var role: ServerMode?
        var serverID: Int?
        var version: ZooKeeperVersion?
        var zxid: Zxid?
        var epoch: Int64?
        var znodesAtZxid: ZnodeCountSample?
        var latency: LatencyStats?
        var outstandingRequests: Int64?
        var connections: Int64?
        var globalSessions: Int64?
        var ephemerals: Int64?
        var znodes: Int64?
        var dataSize: Int64?
        var watches: Int64?
        var openFileDescriptors: Int64?
        var maxFileDescriptors: Int64?
        var syncedFollowers: Int64?
        var learners: Int64?
        var quorumSize: Int64?
        var peerState: String?
        var uptimeMs: Int64?
        var leaderID: Int?
        var readOnly: Bool?
        var membership: [ServerSpec]?
        var membershipLines: [String]?
        var configVersion: Int64?
        var maxClientConnections: Int?
        var digestMismatches: Int64?
        var heapMaxBytes: Int64?
        var watchSummary: WatchSummaryReply?
        var counterValues = CounterValues.empty
        var digests: [Zxid: Int64]?
        var ephemeralsBySession: [Int64: [String]]?
        var clientConnections: [ClientConnection]?
        var sources: [SignalSource: SourceStatus]
        var tls: MemberTLS?
    }

    /// The storage, copied first when another snapshot shares it.
    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
        return storage
    }

    /// Equal when every field is.
    public static func == (lhs: MemberSnapshot, rhs: MemberSnapshot) -> Bool {
        lhs.storage === rhs.storage || lhs.storage.fields == rhs.storage.fields
    }

    /// Hashes what `==` compares.
    public func hash(into hasher: inout Hasher) { hasher.combine(storage.fields) }

    /// Where the member was polled.
    public var endpoint: MemberEndpoint {
        get { storage.fields.endpoint }
        set { unique().fields.endpoint = newValue }
    }

    /// When the poll finished, in seconds on the caller's monotonic scale.
    public var time: Double {
        get { storage.fields.time }
        set { unique().fields.time = newValue }
    }

    /// How it answered this poll.
    public var reachability: Reachability {
        get { storage.fields.reachability }
        set { unique().fields.reachability = newValue }
    }

    /// Leader, follower, observer or standalone; nil unless serving.
    public var role: ServerMode? {
        get { storage.fields.role }
        set { unique().fields.role = newValue }
    }

    /// The member's myid (`conf` serverId, AdminServer zabstate/configuration); 0 on standalone.
    public var serverID: Int? {
        get { storage.fields.serverID }
        set { unique().fields.serverID = newValue }
    }

    /// The server version (`srvr`, `mntr` or `envi`).
    public var version: ZooKeeperVersion? {
        get { storage.fields.version }
        set { unique().fields.version = newValue }
    }

    /// Last processed zxid.
    public var zxid: Zxid? {
        get { storage.fields.zxid }
        set { unique().fields.zxid = newValue }
    }

    /// Current epoch: AdminServer `zab_epoch` when known, else `zxid >> 32`.
    public var epoch: Int64? {
        get { storage.fields.epoch }
        set { unique().fields.epoch = newValue }
    }

    /// `srvr`'s zxid and node count, read in one reply, so members can be compared at the same zxid.
    public var znodesAtZxid: ZnodeCountSample? {
        get { storage.fields.znodesAtZxid }
        set { unique().fields.znodesAtZxid = newValue }
    }

    /// Request latency min/avg/max in ms.
    public var latency: LatencyStats? {
        get { storage.fields.latency }
        set { unique().fields.latency = newValue }
    }

    /// Requests queued on this member.
    public var outstandingRequests: Int64? {
        get { storage.fields.outstandingRequests }
        set { unique().fields.outstandingRequests = newValue }
    }

    /// Client connections to this member (includes the probe's own).
    public var connections: Int64? {
        get { storage.fields.connections }
        set { unique().fields.connections = newValue }
    }

    /// Sessions in the whole ensemble (replicated).
    public var globalSessions: Int64? {
        get { storage.fields.globalSessions }
        set { unique().fields.globalSessions = newValue }
    }

    /// Ephemeral nodes in the tree (replicated).
    public var ephemerals: Int64? {
        get { storage.fields.ephemerals }
        set { unique().fields.ephemerals = newValue }
    }

    /// Nodes in the tree (replicated).
    public var znodes: Int64? {
        get { storage.fields.znodes }
        set { unique().fields.znodes = newValue }
    }

    /// `zk_approximate_data_size` in bytes.
    public var dataSize: Int64? {
        get { storage.fields.dataSize }
        set { unique().fields.dataSize = newValue }
    }

    /// `zk_watch_count` (data and child watches on this member).
    public var watches: Int64? {
        get { storage.fields.watches }
        set { unique().fields.watches = newValue }
    }

    /// Open file descriptors of the JVM.
    public var openFileDescriptors: Int64? {
        get { storage.fields.openFileDescriptors }
        set { unique().fields.openFileDescriptors = newValue }
    }

    /// The JVM's file descriptor limit (`ulimit -n`).
    public var maxFileDescriptors: Int64? {
        get { storage.fields.maxFileDescriptors }
        set { unique().fields.maxFileDescriptors = newValue }
    }

    /// Leader only: followers in sync, learners connected (counts connecting ones), configured voters.
    public var syncedFollowers: Int64? {
        get { storage.fields.syncedFollowers }
        set { unique().fields.syncedFollowers = newValue }
    }

    /// Leader only: learners connected, including ones still syncing.
    public var learners: Int64? {
        get { storage.fields.learners }
        set { unique().fields.learners = newValue }
    }

    /// Voting members in this member's config (not the majority).
    public var quorumSize: Int64? {
        get { storage.fields.quorumSize }
        set { unique().fields.quorumSize = newValue }
    }

    /// `zk_peer_state`, e.g. `following - broadcast`.
    public var peerState: String? {
        get { storage.fields.peerState }
        set { unique().fields.peerState = newValue }
    }

    /// `zk_uptime` in ms: resets at elections and role changes too, not only at process restarts.
    public var uptimeMs: Int64? {
        get { storage.fields.uptimeMs }
        set { unique().fields.uptimeMs = newValue }
    }

    /// The leader's myid as this member sees it (AdminServer `leader`).
    public var leaderID: Int? {
        get { storage.fields.leaderID }
        set { unique().fields.leaderID = newValue }
    }

    /// True in read-only mode (`isro` = `ro`).
    public var readOnly: Bool? {
        get { storage.fields.readOnly }
        set { unique().fields.readOnly = newValue }
    }

    /// The member's server list (`conf` membership, or AdminServer `voting_view`).
    public var membership: [ServerSpec]? {
        get { storage.fields.membership }
        set { unique().fields.membership = newValue }
    }

    /// The membership as `conf` prints it, for naming differing lines.
    public var membershipLines: [String]? {
        get { storage.fields.membershipLines }
        set { unique().fields.membershipLines = newValue }
    }

    /// `version=` of the membership (0 unless dynamic reconfig is on).
    public var configVersion: Int64? {
        get { storage.fields.configVersion }
        set { unique().fields.configVersion = newValue }
    }

    /// `maxClientCnxns` from `conf`.
    public var maxClientConnections: Int? {
        get { storage.fields.maxClientConnections }
        set { unique().fields.maxClientConnections = newValue }
    }

    /// `zk_digest_mismatches_count`.
    public var digestMismatches: Int64? {
        get { storage.fields.digestMismatches }
        set { unique().fields.digestMismatches = newValue }
    }

    /// The JVM's maximum heap in bytes (`envi` `os.memory.max`; carried over while the member keeps serving).
    public var heapMaxBytes: Int64? {
        get { storage.fields.heapMaxBytes }
        set { unique().fields.heapMaxBytes = newValue }
    }

    /// `wchs` (or AdminServer `watch_summary`): connections watching, paths, data watches (slow; carried over).
    public var watchSummary: WatchSummaryReply? {
        get { storage.fields.watchSummary }
        set { unique().fields.watchSummary = newValue }
    }

    /// Integer metrics of `mntr`/monitor, keyed without `zk_`: the ones rates, restart evidence and detectors
    /// read (see ``retainsCounter(_:)``), not all ~500.
    ///
    /// The per-namespace read/write families are summed once when this is set (rates read them for
    /// every snapshot of every window, every round: filtering ~500 keys each time was most of a
    /// monitor's CPU). Assign the whole dictionary rather than key by key.
    public var counters: [String: Int64] {
        get { storage.fields.counterValues.dictionary }
        set { unique().fields.counterValues = CounterValues(newValue) }
    }

    /// The counters in their compact form (what history keeps); ``counters`` is the same as a dictionary.
    public var counterValues: CounterValues {
        get { storage.fields.counterValues }
        set { unique().fields.counterValues = newValue }
    }

    /// `hash` digests by zxid (carried over between the slow polls that refresh them).
    public var digests: [Zxid: Int64]? {
        get { storage.fields.digests }
        set { unique().fields.digests = newValue }
    }

    /// Ephemeral paths by owner session (`dump`; carried over between slow polls).
    public var ephemeralsBySession: [Int64: [String]]? {
        get { storage.fields.ephemeralsBySession }
        set { unique().fields.ephemeralsBySession = newValue }
    }

    /// Client connections (`cons`; carried over between slow polls).
    public var clientConnections: [ClientConnection]? {
        get { storage.fields.clientConnections }
        set { unique().fields.clientConnections = newValue }
    }

    /// How each source fared in this poll (slow sources not asked this round are absent).
    public var sources: [SignalSource: SourceStatus] {
        get { storage.fields.sources }
        set { unique().fields.sources = newValue }
    }

    /// TLS or plaintext, the certificate chain the member presented, a plaintext port beside the secure one;
    /// nil when the poller recorded nothing (tests built from replies alone).
    public var tls: MemberTLS? {
        get { storage.fields.tls }
        set { unique().fields.tls = newValue }
    }
    /// An empty snapshot; `assemble` fills it from replies.
    public init(endpoint: MemberEndpoint, time: Double, reachability: Reachability) {
        self.storage = Storage(Fields(endpoint: endpoint, time: time, reachability: reachability, sources: [:]))
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
    public func counter(_ name: String) -> Int64? { storage.fields.counterValues.value(name) }

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
    public var readCount: Int64? {
        let values = storage.fields.counterValues
        return values.isEmpty ? nil : values.readTotal
    }

    /// Writes that clients sent to this member: `zk_cnt_updatelatency` (includes session create/close).
    public var writeCount: Int64? { storage.fields.counterValues.writeCount }

    /// Reads per top-level path (`tree` for `/tree/...`).
    public var readsByNamespace: [String: Int64] { storage.fields.counterValues.reads }

    /// Writes applied per top-level path; replicated, so every member shows the ensemble's writes.
    public var writesByNamespace: [String: Int64] { storage.fields.counterValues.writes }
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
