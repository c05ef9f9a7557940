/// Minimum, average and maximum request latency in milliseconds, as `Latency min/avg/max:` shows it.
public struct LatencyStats: Hashable, Sendable, Codable {
    /// Minimum latency, ms.
    public var min: Double
    /// Average latency, ms.
    public var avg: Double
    /// Maximum latency, ms.
    public var max: Double

    /// Builds a value.
    public init(min: Double, avg: Double, max: Double) {
        self.min = min
        self.avg = avg
        self.max = max
    }
}

/// The reply to `srvr` (and `stat`, which adds a `Clients:` block).
///
/// `srvr` is the one word enabled by the default whitelist, so this is the floor of what a
/// monitor can always read: mode, zxid, node count, latency, connections, outstanding.
public struct ServerStatsReply: Hashable, Sendable {
    /// The server version (`srvr`, `mntr` or `envi`).
    public var version: ZooKeeperVersion?
    /// Request latency min/avg/max in ms.
    public var latency: LatencyStats?
    /// Packets received since this server instance started (resets at elections, restarts and `srst`).
    public var received: Int64?
    /// Packets sent, with the same reset rules as `received`.
    public var sent: Int64?
    /// Client connections, including the probe's own.
    public var connections: Int64?
    /// Queued requests.
    public var outstanding: Int64?
    /// The last processed zxid.
    public var zxid: Zxid?
    /// The role (`Mode:`).
    public var mode: ServerMode?
    /// Nodes in the tree.
    public var nodeCount: Int64?
    /// `Proposal sizes last/min/max:` (leader only; -1 until the first write).
    public var proposalSizes: [Int64]?
    /// The `Clients:` block of `stat`; nil for `srvr`.
    public var clients: [ClientConnection]?

    /// An empty reply; `parse` fills it.
    public init() {}

    /// Parses `srvr` or `stat` text; unknown `Key: value` lines are ignored, so newer servers still parse.
    public static func parse(_ text: String) throws(ReplyFailure) -> ServerStatsReply {
        try ReplyClassifier.check(text)
        var reply = ServerStatsReply()
        var sawKnownKey = false
        var inClients = false
        var clients: [ClientConnection] = []
        for line in ReplyClassifier.lines(text) {
            if inClients {
                if line.trimmingWhitespace().isEmpty {
                    inClients = false
                } else if let client = ClientConnection(parsing: line) {
                    clients.append(client)
                }
                continue
            }
            if line == "Clients:" {
                inClients = true
                reply.clients = []
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon]
            let value = line[line.index(after: colon)...].trimmingWhitespace()
            switch key {
            case "Zookeeper version":
                reply.version = ZooKeeperVersion(parsing: value)
                sawKnownKey = true
            case "Latency min/avg/max":
                let parts = value.split(separator: "/").compactMap { Double($0.trimmingWhitespace()) }
                if parts.count == 3 { reply.latency = LatencyStats(min: parts[0], avg: parts[1], max: parts[2]) }
            case "Received": reply.received = Int64(value)
            case "Sent": reply.sent = Int64(value)
            case "Connections": reply.connections = Int64(value)
            case "Outstanding": reply.outstanding = Int64(value)
            case "Zxid": reply.zxid = Zxid(hex: value)
            case "Mode":
                reply.mode = ServerMode(parsing: value)
                sawKnownKey = true
            case "Node count": reply.nodeCount = Int64(value)
            case "Proposal sizes last/min/max":
                reply.proposalSizes = value.split(separator: "/").compactMap { Int64($0.trimmingWhitespace()) }
            default: continue
            }
        }
        if reply.clients != nil { reply.clients = clients }
        guard sawKnownKey else {
            throw .malformed(line: String(ReplyClassifier.lines(text).first ?? ""))
        }
        return reply
    }
}
