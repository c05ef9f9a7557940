/// The reply to `dump`: live sessions and the ephemeral nodes each one owns.
///
/// The leader prints `Session Sets (n)/(m):` with expiry buckets; followers print
/// `Global Sessions(n):` with `0x…<TAB>timeout`. Both then list `Sessions with Ephemerals`.
public struct DumpReply: Hashable, Sendable {
    /// Which layout the member used; the leader's is the authoritative session tracker.
    public enum Layout: Hashable, Sendable { case leader, follower, unknown }

    /// Leader or follower layout.
    public var layout: Layout
    /// Every session the tracker lists, in reply order.
    public var sessions: [Int64]
    /// Owner session → ephemeral paths, in reply order.
    public var ephemeralsBySession: [Int64: [String]]

    /// Builds a value.
    public init(layout: Layout = .unknown, sessions: [Int64] = [], ephemeralsBySession: [Int64: [String]] = [:]) {
        self.layout = layout
        self.sessions = sessions
        self.ephemeralsBySession = ephemeralsBySession
    }

    /// All ephemeral paths.
    public var ephemeralCount: Int { ephemeralsBySession.values.reduce(0) { $0 + $1.count } }

    /// Parses `dump`; lines outside the known sections are skipped.
    public static func parse(_ text: String) throws(ReplyFailure) -> DumpReply {
        try ReplyClassifier.check(text)
        enum Section { case none, sessions, ephemerals, connections }
        var reply = DumpReply()
        var section = Section.none
        var currentOwner: Int64?
        var sawHeader = false
        for rawLine in ReplyClassifier.lines(text) {
            let line = rawLine.trimmingWhitespace()
            if line.isEmpty { continue }
            if line == "SessionTracker dump:" {
                sawHeader = true
                continue
            }
            if line.hasPrefix("Session Sets (") {
                reply.layout = .leader
                section = .sessions
                continue
            }
            if line.hasPrefix("Global Sessions(") {
                reply.layout = .follower
                section = .sessions
                continue
            }
            if line == "ephemeral nodes dump:" || line.hasPrefix("Sessions with Ephemerals") {
                sawHeader = true
                section = .ephemerals
                continue
            }
            if line == "Connections dump:" {
                section = .connections
                continue
            }
            switch section {
            case .sessions:
                // Leader: tab-indented ids under "<n> expire at …:"; follower: "0x…<TAB>10000ms".
                if line.hasPrefix("0x"), let id = parseSessionID(line.split(separator: "\t").first ?? line) {
                    reply.sessions.append(id)
                }
            case .ephemerals:
                if rawLine.hasPrefix("\t") || line.hasPrefix("/") {
                    if let owner = currentOwner { reply.ephemeralsBySession[owner, default: []].append(String(line)) }
                } else if line.hasSuffix(":"), let id = parseSessionID(line.dropLast()) {
                    currentOwner = id
                    reply.ephemeralsBySession[id, default: []] = reply.ephemeralsBySession[id] ?? []
                }
            case .none, .connections:
                continue
            }
        }
        guard sawHeader else { throw .malformed(line: String(ReplyClassifier.lines(text).first ?? "")) }
        return reply
    }
}
