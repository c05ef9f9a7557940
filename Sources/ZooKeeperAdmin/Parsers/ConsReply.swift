/// One client connection as `cons` (and `stat`'s `Clients:` block) prints it:
/// ` /127.0.0.1:53952[1](queued=0,recved=25,sent=25,sid=0x…,lop=PING,…)`.
///
/// Every `k=v` field is optional: the probe's own connection has only three, and after `crst`
/// `lcxid` disappears and `lzxid` becomes `0xffffffffffffffff`.
public struct ClientConnection: Hashable, Sendable {
    /// The client's address as printed, without the leading `/` (`127.0.0.1:53952`).
    public var remoteAddress: String
    /// The NIO interest ops in brackets (`1` for a live session, `0` for the probe).
    public var interestOps: Int?
    /// Every `k=v` pair, verbatim.
    public var fields: [String: String]

    /// The session id (`sid=`), nil for the probe connection that has no session.
    public var sessionID: Int64? { fields["sid"].flatMap { parseSessionID($0) } }
    /// Requests queued.
    public var queued: Int64? { fields["queued"].flatMap { Int64($0) } }
    /// Packets received.
    public var received: Int64? { fields["recved"].flatMap { Int64($0) } }
    /// Packets sent.
    public var sent: Int64? { fields["sent"].flatMap { Int64($0) } }
    /// The last operation (`PING`, `GETD`, `NA` after `crst`).
    public var lastOperation: String? { fields["lop"] }
    /// When the connection was established, in epoch milliseconds.
    public var established: Int64? { fields["est"].flatMap { Int64($0) } }
    /// The negotiated session timeout in milliseconds.
    public var timeout: Int64? { fields["to"].flatMap { Int64($0) } }
    /// Last zxid the session saw (-1 after `crst`).
    public var lastZxid: Zxid? { fields["lzxid"].flatMap { Zxid(hex: $0) } }
    /// Average latency, ms.
    public var averageLatency: Double? { fields["avglat"].flatMap { Double($0) } }
    /// Maximum latency, ms.
    public var maxLatency: Int64? { fields["maxlat"].flatMap { Int64($0) } }

    /// Builds a value.
    public init(remoteAddress: String, interestOps: Int?, fields: [String: String]) {
        self.remoteAddress = remoteAddress
        self.interestOps = interestOps
        self.fields = fields
    }

    /// Parses one connection line; nil when the line is not one.
    public init?(parsing line: some StringProtocol) {
        var rest = Substring(line).trimmingWhitespace()
        if rest.hasPrefix("/") { rest = rest.dropFirst() }
        guard let paren = rest.firstIndex(of: "("), rest.hasSuffix(")") else { return nil }
        var head = rest[..<paren]
        let body = rest[rest.index(after: paren)..<rest.index(before: rest.endIndex)]
        var ops: Int?
        if let open = head.lastIndex(of: "["), head.hasSuffix("]") {
            ops = Int(head[head.index(after: open)..<head.index(before: head.endIndex)])
            head = head[..<open]
        }
        guard !head.isEmpty else { return nil }
        var fields: [String: String] = [:]
        for pair in body.split(separator: ",") {
            guard let equals = pair.firstIndex(of: "=") else { continue }
            fields[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        self.init(remoteAddress: String(head), interestOps: ops, fields: fields)
    }
}

/// The reply to `cons`: one line per client connection, then a blank line.
public struct ConsReply: Hashable, Sendable {
    /// Connections in reply order.
    public var connections: [ClientConnection]

    /// Wraps parsed connections.
    public init(connections: [ClientConnection]) { self.connections = connections }

    /// Connections that carry a session (the probe's own connection has none).
    public var sessionConnections: [ClientConnection] { connections.filter { $0.sessionID != nil } }

    /// Parses `cons`; a line that is not a connection makes the reply malformed.
    public static func parse(_ text: String) throws(ReplyFailure) -> ConsReply {
        try ReplyClassifier.check(text)
        var connections: [ClientConnection] = []
        for line in ReplyClassifier.lines(text) where !line.trimmingWhitespace().isEmpty {
            guard let connection = ClientConnection(parsing: line) else { throw .malformed(line: String(line)) }
            connections.append(connection)
        }
        return ConsReply(connections: connections)
    }
}
