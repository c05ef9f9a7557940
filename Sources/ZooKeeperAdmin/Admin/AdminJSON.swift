import Foundation

/// Decodes AdminServer JSON bodies into typed replies, applying the envelope rules once.
///
/// Every body carries `"command"` and `"error"`; a non-null error is a `ReplyFailure`
/// (`notServing` for the LOOKING text). Key order is unstable between members, so bodies are
/// always decoded, never scanned. `JSONDecoder` reads integers digit by digit into `Int64`,
/// which keeps session ids above 2^53 exact (they would lose bits through `Double`).
public enum AdminJSON {
    private struct Envelope: Decodable {
        var error: String?
    }

    /// Checks the envelope, then decodes the body as `T`.
    public static func decode<T: Decodable>(_ type: T.Type, from body: String) throws(ReplyFailure) -> T {
        let trimmed = Substring(body).trimmingWhitespace()
        guard !trimmed.isEmpty else { throw .empty }
        let data = Data(trimmed.utf8)
        let decoder = JSONDecoder()
        guard let envelope = try? decoder.decode(Envelope.self, from: data) else {
            throw .malformed(line: String(ReplyClassifier.lines(String(trimmed)).first ?? ""))
        }
        if let error = envelope.error {
            if error.contains("not currently serving") { throw .notServing }
            throw .serverError(error)
        }
        do {
            return try decoder.decode(T.self, from: data)
        } catch {
            throw .malformed(line: "\(T.self): \(error)")
        }
    }

    /// Splits `host:port` (the last colon separates; `[v6]:port` brackets are removed).
    static func splitAddress(_ text: String) -> (host: String, port: Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]) else {
            return nil
        }
        var host = text[..<colon]
        if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        return (String(host), port)
    }
}

extension MonitorReply {
    /// Parses `/commands/monitor`: the `mntr` metrics as typed JSON, minus the envelope keys.
    public static func parseAdmin(_ body: String) throws(ReplyFailure) -> MonitorReply {
        let raw = try AdminJSON.decode([String: MetricValue?].self, from: body)
        var metrics: [String: MetricValue] = [:]
        for (key, value) in raw where key != "command" && key != "error" {
            if let value { metrics[key] = value }
        }
        guard !metrics.isEmpty else { throw .malformed(line: "no metrics") }
        return MonitorReply(metrics: metrics)
    }
}

/// `/commands/voting_view`: the voting members this server believes in, keyed by myid.
///
/// It is the AdminServer's copy of the `conf` membership block (`{}` on standalone).
public struct VotingViewReply: Hashable, Sendable {
    /// The voting view, sorted by id.
    public var servers: [ServerSpec]

    /// Wraps a list.
    public init(servers: [ServerSpec]) { self.servers = servers }

    private struct Body: Decodable {
        struct Entry: Decodable {
            var server_addresses: [String]?
            var election_addresses: [String]?
            var client_address: String?
            var learner_type: String?
        }
        var current_config: [String: Entry]?
    }

    /// Parses the body; entries with unusable addresses make the reply malformed.
    public static func parse(_ body: String) throws(ReplyFailure) -> VotingViewReply {
        let decoded = try AdminJSON.decode(Body.self, from: body)
        var servers: [ServerSpec] = []
        for (key, entry) in decoded.current_config ?? [:] {
            guard let id = Int(key), let quorum = entry.server_addresses?.first.flatMap(AdminJSON.splitAddress),
                let election = entry.election_addresses?.first.flatMap(AdminJSON.splitAddress)
            else { throw .malformed(line: "voting_view entry \(key)") }
            var spec = ServerSpec(
                id: id, host: quorum.host, quorumPort: quorum.port, electionPort: election.port,
                type: LearnerType(rawValue: entry.learner_type ?? "participant") ?? .participant)
            if let client = entry.client_address.flatMap(AdminJSON.splitAddress) {
                spec.clientHost = client.host
                spec.clientPort = client.port
            }
            servers.append(spec)
        }
        return VotingViewReply(servers: servers.sorted { $0.id < $1.id })
    }
}

/// `/commands/zabstate`: myid, leadership, Zab phase and the last zxid.
///
/// It answers while LOOKING too (`{"voting":false,"zabstate":""}`), which tells a looping
/// or isolated member apart from a dead one.
public struct ZabStateReply: Hashable, Sendable {
    /// The member's id; absent while not serving.
    public var myid: Int?
    /// True on the leader.
    public var isLeader: Bool?
    /// False while LOOKING.
    public var voting: Bool
    /// `broadcast` when serving; empty while not.
    public var phase: String
    /// Last zxid (the JSON has it as a hex string).
    public var lastZxid: Zxid?
    /// Current epoch.
    public var epoch: Int64?

    /// Builds a value (tests).
    public init(
        myid: Int? = nil, isLeader: Bool? = nil, voting: Bool, phase: String, lastZxid: Zxid? = nil, epoch: Int64? = nil
    ) {
        self.myid = myid
        self.isLeader = isLeader
        self.voting = voting
        self.phase = phase
        self.lastZxid = lastZxid
        self.epoch = epoch
    }

    private struct Body: Decodable {
        var myid: Int?
        var is_leader: Bool?
        var voting: Bool?
        var zabstate: String?
        var last_zxid: String?
        var zab_epoch: Int64?
    }

    /// Parses the endpoint's JSON body (envelope errors become `ReplyFailure`).
    public static func parse(_ body: String) throws(ReplyFailure) -> ZabStateReply {
        let decoded = try AdminJSON.decode(Body.self, from: body)
        return ZabStateReply(
            myid: decoded.myid, isLeader: decoded.is_leader, voting: decoded.voting ?? false,
            phase: decoded.zabstate ?? "", lastZxid: decoded.last_zxid.flatMap { Zxid(hex: $0) },
            epoch: decoded.zab_epoch)
    }
}

/// `/commands/leader`: whether this member leads, and who the leader is (the only source that
/// names the leader from a follower).
public struct LeaderReply: Hashable, Sendable {
    /// True on the leader.
    public var isLeader: Bool
    /// The leader's myid.
    public var leaderID: Int?
    /// The leader's address.
    public var leaderIP: String?

    /// Builds a value (tests).
    public init(isLeader: Bool, leaderID: Int?, leaderIP: String?) {
        self.isLeader = isLeader
        self.leaderID = leaderID
        self.leaderIP = leaderIP
    }

    private struct Body: Decodable {
        var is_leader: Bool?
        var leader_id: Int?
        var leader_ip: String?
    }

    /// Parses the endpoint's JSON body (envelope errors become `ReplyFailure`).
    public static func parse(_ body: String) throws(ReplyFailure) -> LeaderReply {
        let decoded = try AdminJSON.decode(Body.self, from: body)
        return LeaderReply(
            isLeader: decoded.is_leader ?? false, leaderID: decoded.leader_id, leaderIP: decoded.leader_ip)
    }
}

/// `/commands/server_stats`: the JSON form of `srvr`.
public struct AdminServerStatsReply: Hashable, Sendable {
    /// The server version (`srvr`, `mntr` or `envi`).
    public var version: ZooKeeperVersion?
    /// The role (`server_state`).
    public var mode: ServerMode?
    /// True in read-only mode (`isro` = `ro`).
    public var readOnly: Bool?
    /// Request latency min/avg/max in ms.
    public var latency: LatencyStats?
    /// Queued requests.
    public var outstanding: Int64?
    /// Last processed zxid (decimal in the JSON).
    public var lastProcessedZxid: Zxid?
    /// Client connections (probe included).
    public var connections: Int64?
    /// ms since this server instance started (resets at elections).
    public var uptime: Int64?
    /// Nodes in the tree.
    public var nodeCount: Int64?
    /// fsyncs slower than the server's `fsync.warningthresholdms` (this server instance; 3.8's `mntr` lacks it).
    public var fsyncThresholdExceedCount: Int64?

    private struct Body: Decodable {
        struct Stats: Decodable {
            var fsync_threshold_exceed_count: Int64?
            var server_state: String?
            var outstanding_requests: Int64?
            var min_latency: Double?
            var avg_latency: Double?
            var max_latency: Double?
            var last_processed_zxid: Int64?
            var num_alive_client_connections: Int64?
            var uptime: Int64?
        }
        var version: String?
        var read_only: Bool?
        var server_stats: Stats?
        var node_count: Int64?
    }

    /// Parses the endpoint's JSON body (envelope errors become `ReplyFailure`).
    public static func parse(_ body: String) throws(ReplyFailure) -> AdminServerStatsReply {
        let decoded = try AdminJSON.decode(Body.self, from: body)
        var reply = AdminServerStatsReply()
        reply.version = decoded.version.flatMap { ZooKeeperVersion(parsing: $0) }
        reply.readOnly = decoded.read_only
        reply.nodeCount = decoded.node_count
        if let stats = decoded.server_stats {
            reply.mode = stats.server_state.map { ServerMode(parsing: $0) }
            reply.outstanding = stats.outstanding_requests
            if let min = stats.min_latency, let avg = stats.avg_latency, let max = stats.max_latency {
                reply.latency = LatencyStats(min: min, avg: avg, max: max)
            }
            reply.lastProcessedZxid = stats.last_processed_zxid.map { Zxid(rawValue: $0) }
            reply.connections = stats.num_alive_client_connections
            reply.uptime = stats.uptime
            reply.fsyncThresholdExceedCount = stats.fsync_threshold_exceed_count
        }
        return reply
    }
}

/// `/commands/connections`: one entry per client connection, session ids as exact `Int64`.
public struct AdminConnectionsReply: Hashable, Sendable {
    /// One connection.
    public struct Connection: Hashable, Sendable, Decodable {
        /// Client address.
        public var remote_socket_address: String?
        /// Session id, exact (never through Double).
        public var session_id: Int64?
        /// Last operation (`PING`, `NA`).
        public var last_operation: String?
        /// Epoch ms when the connection was made.
        public var established: Int64?
        /// Negotiated timeout, ms.
        public var session_timeout: Int64?
        /// Requests queued for this connection.
        public var outstanding_requests: Int64?
    }

    /// Plain and secure connections.
    public var connections: [Connection]

    private struct Body: Decodable {
        var connections: [Connection]?
        var secure_connections: [Connection]?
    }

    /// Parses the endpoint's JSON body (envelope errors become `ReplyFailure`).
    public static func parse(_ body: String) throws(ReplyFailure) -> AdminConnectionsReply {
        let decoded = try AdminJSON.decode(Body.self, from: body)
        return AdminConnectionsReply(connections: (decoded.connections ?? []) + (decoded.secure_connections ?? []))
    }
}

extension DumpReply {
    private struct AdminBody: Decodable {
        var expiry_time_to_session_ids: [String: [Int64]]?
        var session_id_to_ephemeral_paths: [String: [String]]?
    }

    /// Parses `/commands/dump`: decimal session ids (keys are strings, values int64).
    public static func parseAdmin(_ body: String) throws(ReplyFailure) -> DumpReply {
        let decoded = try AdminJSON.decode(AdminBody.self, from: body)
        var reply = DumpReply(layout: .unknown)
        let buckets = (decoded.expiry_time_to_session_ids ?? [:]).sorted { (Int64($0.key) ?? 0) < (Int64($1.key) ?? 0) }
        for (_, ids) in buckets { reply.sessions.append(contentsOf: ids) }
        if !reply.sessions.isEmpty || decoded.expiry_time_to_session_ids != nil { reply.layout = .leader }
        for (key, paths) in decoded.session_id_to_ephemeral_paths ?? [:] {
            guard let id = Int64(key) else { throw .malformed(line: "session id \(key)") }
            reply.ephemeralsBySession[id] = paths
        }
        return reply
    }
}

extension HashReply {
    private struct AdminBody: Decodable {
        struct Digest: Decodable {
            var zxid: Int64
            var digest: Int64
        }
        var digests: [Digest]?
    }

    /// Parses `/commands/hash` (zxids in decimal).
    public static func parseAdmin(_ body: String) throws(ReplyFailure) -> HashReply {
        let decoded = try AdminJSON.decode(AdminBody.self, from: body)
        var digests: [Zxid: Int64] = [:]
        for entry in decoded.digests ?? [] { digests[Zxid(rawValue: entry.zxid)] = entry.digest }
        return HashReply(digests: digests)
    }
}

extension EnvironmentReply {
    /// Parses `/commands/environment` (a flat string map).
    public static func parseAdmin(_ body: String) throws(ReplyFailure) -> EnvironmentReply {
        let raw = try AdminJSON.decode([String: MetricValue?].self, from: body)
        var properties: [String: String] = [:]
        for (key, value) in raw where key != "command" && key != "error" {
            if let value { properties[key] = value.description }
        }
        return EnvironmentReply(properties: properties)
    }
}

extension WatchSummaryReply {
    private struct AdminBody: Decodable {
        var num_connections: Int64
        var num_paths: Int64
        var num_total_watches: Int64
    }

    /// Parses `/commands/watch_summary`.
    public static func parseAdmin(_ body: String) throws(ReplyFailure) -> WatchSummaryReply {
        let decoded = try AdminJSON.decode(AdminBody.self, from: body)
        return WatchSummaryReply(
            connections: decoded.num_connections, paths: decoded.num_paths, totalWatches: decoded.num_total_watches)
    }
}

extension ReadOnlyReply {
    private struct AdminBody: Decodable { var read_only: Bool }

    /// Parses `/commands/is_read_only`.
    public static func parseAdmin(_ body: String) throws(ReplyFailure) -> ReadOnlyReply {
        try AdminJSON.decode(AdminBody.self, from: body).read_only ? .readOnly : .readWrite
    }
}

/// `/commands/configuration`: the member's own settings (no member list; use voting_view).
public struct AdminConfigurationReply: Hashable, Sendable, Decodable {
    /// Client port.
    public var client_port: Int?
    /// myid.
    public var server_id: Int?
    /// maxClientCnxns.
    public var max_client_cnxns: Int?
    /// tickTime.
    public var tick_time: Int?
    /// Data directory.
    public var data_dir: String?

    /// Parses the endpoint's JSON body (envelope errors become `ReplyFailure`).
    public static func parse(_ body: String) throws(ReplyFailure) -> AdminConfigurationReply {
        try AdminJSON.decode(AdminConfigurationReply.self, from: body)
    }
}

/// `/commands/last_snapshot`: the zxid (a decimal string) and time (epoch seconds) of the last snapshot.
public struct LastSnapshotReply: Hashable, Sendable {
    /// The snapshot's zxid.
    public var zxid: Zxid?
    /// Epoch seconds.
    public var timestamp: Int64?

    private struct Body: Decodable {
        var zxid: String?
        var timestamp: Int64?
    }

    /// Parses the endpoint's JSON body (envelope errors become `ReplyFailure`).
    public static func parse(_ body: String) throws(ReplyFailure) -> LastSnapshotReply {
        let decoded = try AdminJSON.decode(Body.self, from: body)
        let zxid = decoded.zxid.flatMap { text in
            text.hasPrefix("0x") ? Zxid(hex: text) : Int64(text).map { Zxid(rawValue: $0) }
        }
        return LastSnapshotReply(zxid: zxid, timestamp: decoded.timestamp)
    }
}

/// `/commands/observers`: observers synced to the leader.
public struct ObserversReply: Hashable, Sendable {
    /// Observers in sync.
    public var syncedObservers: Int64

    private struct Body: Decodable { var synced_observers: Int64? }

    /// Parses the endpoint's JSON body (envelope errors become `ReplyFailure`).
    public static func parse(_ body: String) throws(ReplyFailure) -> ObserversReply {
        ObserversReply(syncedObservers: try AdminJSON.decode(Body.self, from: body).synced_observers ?? 0)
    }
}
