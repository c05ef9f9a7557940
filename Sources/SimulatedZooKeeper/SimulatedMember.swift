import Foundation

/// One simulated ZooKeeper member: the captured replies of its role, with its own myid and ports written in, and
/// the counters and zxid moving with time the way a member of a busy ensemble's do.
///
/// The ensemble commits `writesPerSecond` transactions a second (zxid, `zk_commit_count` on the leader, the
/// write-per-namespace counters on every member); each member serves `readsPerSecond` reads and a third of the
/// writes come in through it (`zk_cnt_updatelatency`), so zkscope's reads/s and writes/s are not zero and the
/// read:write ratio stays above 10:1. Values move once per whole second of the ensemble's clock, so members
/// polled in the same second agree on the zxid.
public final class SimulatedMember: Sendable {
    /// The member's myid (1-based, as in `server.N`).
    public let id: Int
    /// Whether it answers as the leader.
    public let isLeader: Bool
    /// Its client port (four-letter words) on 127.0.0.1.
    public let clientPort: Int
    /// Its AdminServer port on 127.0.0.1.
    public let adminPort: Int

    private let staticReplies: [String: String]
    private let templates: [String: String]
    private let clock: SimulatedClock
    private let baseZxid: Int64
    private let baseCounters: [String: Int64]
    private let writesPerSecond: Int64
    private let readsPerSecond: Int64
    private let memberCount: Int64

    /// Rates of the simulated load.
    public struct Load: Sendable {
        /// Transactions the ensemble commits per second.
        public var writesPerSecond: Int64 = 5
        /// Reads each member serves per second.
        public var readsPerSecond: Int64 = 100
        /// The defaults: 5 writes/s, 100 reads/s per member.
        public init() {}
    }

    /// A member built from `captures`: `clientPorts[i]` is the client port of myid i+1 (the server list every
    /// member reports).
    init(id: Int, clientPorts: [Int], adminPort: Int, captures: CapturedReplies, clock: SimulatedClock, load: Load) {
        self.id = id
        let isLeader = id == clock.leaderID
        self.isLeader = isLeader
        self.clientPort = clientPorts[id - 1]
        self.adminPort = adminPort
        self.clock = clock
        self.writesPerSecond = load.writesPerSecond
        self.readsPerSecond = load.readsPerSecond
        self.memberCount = Int64(clientPorts.count)
        let leaderID = clock.leaderID
        var replies = isLeader ? captures.leader : captures.follower
        // The captures' members listen on 2181…2183: every address becomes the simulated member's.
        for (key, text) in replies {
            var rewritten = text
            for (index, port) in clientPorts.enumerated() {
                rewritten = rewritten.replacingOccurrences(of: "127.0.0.1:\(2181 + index)", with: "127.0.0.1:\(port)")
            }
            replies[key] = rewritten
        }
        replies["conf"] = ReplyTemplate.settingLine(
            ReplyTemplate.settingLine(replies["conf"] ?? "", prefix: "clientPort=", to: String(clientPort)),
            prefix: "serverId=", to: String(id))
        replies["admin/zabstate"] = ReplyTemplate.settingJSONValues(
            replies["admin/zabstate"] ?? "",
            ["myid": String(id), "client_address": "\"127.0.0.1:\(clientPorts[id - 1])\""])
        replies["admin/leader"] = ReplyTemplate.settingJSONValues(
            replies["admin/leader"] ?? "", ["leader_id": String(leaderID)])
        // Replicated values are the leader's on every member (the captures were taken a moment apart).
        let ensembleValues = ["znode_count", "ephemerals_count", "global_sessions", "approximate_data_size"]
        var monitorValues: [String: String] = [:]
        for key in ensembleValues {
            if let value = Self.monitorValue(captures.leader["mntr"] ?? "", key: key) {
                monitorValues["zk_" + key] = value
            }
        }
        var mntr = ReplyTemplate.settingMonitorValues(replies["mntr"] ?? "", monitorValues)
        mntr = mntr.hasSuffix("\n") ? mntr : mntr + "\n"
        replies["mntr"] = mntr
        if let nodes = monitorValues["zk_znode_count"] {
            replies["srvr"] = ReplyTemplate.settingLine(replies["srvr"] ?? "", prefix: "Node count: ", to: nodes)
        }
        // The leader's hash lines on every member: same data, same digests.
        replies["hash"] = captures.leader["hash"]

        let dynamic: Set<String> = ["srvr", "mntr", "admin/zabstate", "admin/server_stats"]
        self.templates = replies.filter { dynamic.contains($0.key) }
        self.staticReplies = replies.filter { !dynamic.contains($0.key) }
        let leaderSrvr = captures.leader["srvr"] ?? ""
        self.baseZxid =
            leaderSrvr.split(separator: "\n").first { $0.hasPrefix("Zxid: 0x") }
            .flatMap { Int64($0.dropFirst("Zxid: 0x".count), radix: 16) } ?? 0x1_0000_0000
        var counters: [String: Int64] = [:]
        let countersRead = [
            "uptime", "packets_received", "packets_sent", "cnt_updatelatency", "cnt_readlatency",
            "cnt_tree_read_per_namespace", "cnt_tree_write_per_namespace", "commit_count",
            "learner_commit_received_count",
        ]
        for key in countersRead {
            counters[key] = Self.monitorValue(replies["mntr"] ?? "", key: key).flatMap { Int64($0) } ?? 0
        }
        self.baseCounters = counters
    }

    private static func monitorValue(_ mntr: String, key: String) -> String? {
        let prefix = "zk_\(key)\t"
        return mntr.split(separator: "\n").first { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
    }

    /// The reply to a four-letter word: the captured text of this role, with this moment's values.
    public func reply(toWord word: String) -> String {
        if let text = staticReplies[word], !word.hasPrefix("admin/") { return text }
        guard let template = templates[word] else { return "" }
        let now = clock.state()
        switch word {
        case "srvr":
            var text = ReplyTemplate.settingLine(template, prefix: "Zxid: ", to: "0x" + String(zxid(now), radix: 16))
            text = ReplyTemplate.settingLine(text, prefix: "Received: ", to: String(counter("packets_received", now)))
            return ReplyTemplate.settingLine(text, prefix: "Sent: ", to: String(counter("packets_sent", now)))
        case "mntr":
            var values: [String: String] = [:]
            for key in baseCounters.keys { values["zk_" + key] = String(counter(key, now)) }
            return ReplyTemplate.settingMonitorValues(template, values)
        default:
            return template
        }
    }

    /// The JSON body for `GET /commands/<command>`, or nil for a command ZooKeeper does not know.
    public func adminBody(command: String) -> String? {
        let key = "admin/" + command
        if let text = staticReplies[key] { return text }
        guard let template = templates[key] else { return nil }
        let now = clock.state()
        switch command {
        case "zabstate":
            let zxid = zxid(now)
            return ReplyTemplate.settingJSONValues(
                template,
                ["last_zxid": "\"0x\(String(zxid, radix: 16))\"", "zab_counter": String(zxid & 0xffff_ffff)])
        case "server_stats":
            return ReplyTemplate.settingJSONValues(
                template,
                [
                    "last_processed_zxid": String(zxid(now)), "uptime": String(counter("uptime", now)),
                    "packets_received": String(counter("packets_received", now)),
                    "packets_sent": String(counter("packets_sent", now)),
                ])
        default:
            return template
        }
    }

    private func zxid(_ now: SimulatedClock.Instant) -> Int64 { baseZxid + now.wholeSeconds * writesPerSecond }

    private func counter(_ key: String, _ now: SimulatedClock.Instant) -> Int64 {
        let base = baseCounters[key] ?? 0
        let seconds = now.wholeSeconds
        let writes = seconds * writesPerSecond
        let reads = seconds * readsPerSecond
        switch key {
        case "uptime": return base + now.milliseconds
        case "cnt_updatelatency": return base + writes / memberCount
        case "cnt_readlatency", "cnt_tree_read_per_namespace": return base + reads
        case "cnt_tree_write_per_namespace": return base + writes
        case "commit_count": return isLeader ? base + writes : base
        case "learner_commit_received_count": return isLeader ? base : base + writes
        case "packets_received", "packets_sent": return base + reads + writes / memberCount + now.requests
        default: return base
        }
    }
}
