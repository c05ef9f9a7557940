import ZooKeeperAdmin

/// One member as `zkscope check --json` prints it.
///
/// The keys are a public contract (scripts parse them): `address`, `id`, `state`, `role`,
/// `zxid`, `epoch`, `znodes`, `ephemerals`, `sessions`, `connections`, `readsPerSecond`,
/// `writesPerSecond`, `signals`, `version`, `reason`, `tls` (``TLSSummary``). Unknown values are `null`, never invented.
public struct MemberSummary: Hashable, Sendable, Codable {
    /// The member's `host:port`.
    public var address: String
    /// The member's myid.
    public var id: Int?
    /// `serving`, `not-serving`, `down` or `unresponsive`.
    public var state: Reachability
    /// `leader`, `follower`, `observer`, `standalone`, `read-only`; null when not serving.
    public var role: String?
    /// `0x…` hex.
    public var zxid: String?
    /// Current epoch.
    public var epoch: Int64?
    /// Nodes in the tree (replicated).
    public var znodes: Int64?
    /// Ephemeral nodes in the tree (replicated).
    public var ephemerals: Int64?
    /// Global sessions (ensemble-wide).
    public var sessions: Int64?
    /// Client connections (probe included).
    public var connections: Int64?
    /// Reads served per second (null until two polls with counters).
    public var readsPerSecond: Double?
    /// Writes sent to this member per second.
    public var writesPerSecond: Double?
    /// The sources that answered in the last poll (`srvr`, `mntr`, `admin:monitor`, …).
    public var signals: [String]
    /// The server version, `major.minor.patch`.
    public var version: String?
    /// Process restarts seen while polling (never elections): the dashboard's Rst column counts the same.
    public var restarts: Int = 0
    /// Freezes seen while polling: timed out, then back as the same process.
    public var pauses: Int = 0
    /// Why a member that does not serve is in its state (`MemberSnapshot.stateReason`: connection refused,
    /// host does not resolve, not ZooKeeper's reply, no answer within the deadline); null while serving.
    public var reason: String?
    /// TLS or plaintext, and the certificate the member presented; null when the poller recorded nothing.
    public var tls: TLSSummary?

    /// Summarises a member's newest snapshot with rates over its series.
    public init(latest: MemberSnapshot, rates: MemberRates) {
        address = latest.address
        id = latest.serverID
        state = latest.reachability
        role = latest.role?.description
        zxid = latest.zxid?.description
        epoch = latest.epoch
        znodes = latest.znodes
        ephemerals = latest.ephemerals
        sessions = latest.globalSessions
        connections = latest.connections
        readsPerSecond = rates.readsPerSecond
        writesPerSecond = rates.writesPerSecond
        signals = latest.answeredSources.map(\.rawValue)
        version = latest.version?.description
        reason = latest.stateReason
        tls = latest.tls.map(TLSSummary.init)
    }

    /// Adds the restarts and pauses among the member's reset events (``SnapshotHistory/resetEvents(of:)``).
    init(latest: MemberSnapshot, rates: MemberRates, resets: [ResetEvent]) {
        self.init(latest: latest, rates: rates)
        restarts = resets.filter { $0.kind == .processRestart }.count
        pauses = resets.filter { $0.kind == .pause }.count
    }

    private enum CodingKeys: String, CodingKey {
        case address, id, state, role, zxid, epoch, znodes, ephemerals, sessions, connections
        case readsPerSecond, writesPerSecond, signals, version, restarts, pauses, reason, tls
    }

    /// Encodes as a plain JSON value, the form scripts read.
    public func encode(to encoder: any Encoder) throws {
        // Explicit nulls: a script can rely on every key being present.
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(address, forKey: .address)
        try container.encode(id, forKey: .id)
        try container.encode(state, forKey: .state)
        try container.encode(role, forKey: .role)
        try container.encode(zxid, forKey: .zxid)
        try container.encode(epoch, forKey: .epoch)
        try container.encode(znodes, forKey: .znodes)
        try container.encode(ephemerals, forKey: .ephemerals)
        try container.encode(sessions, forKey: .sessions)
        try container.encode(connections, forKey: .connections)
        try container.encode(readsPerSecond, forKey: .readsPerSecond)
        try container.encode(writesPerSecond, forKey: .writesPerSecond)
        try container.encode(signals, forKey: .signals)
        try container.encode(version, forKey: .version)
        try container.encode(restarts, forKey: .restarts)
        try container.encode(pauses, forKey: .pauses)
        try container.encode(reason, forKey: .reason)
        try container.encode(tls, forKey: .tls)
    }
}
