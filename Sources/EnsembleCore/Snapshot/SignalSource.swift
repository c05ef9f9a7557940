import ZooKeeperAdmin

/// One place a snapshot's numbers can come from: a four-letter word or an AdminServer endpoint.
///
/// `check --json` lists the sources that answered as `signals`; `signals-missing` names the blocked ones.
public enum SignalSource: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    case srvr, mntr, conf, isro, envi, cons, dump, hash, wchs
    case adminMonitor = "admin:monitor"
    case adminVotingView = "admin:voting_view"
    case adminZabState = "admin:zabstate"
    case adminLeader = "admin:leader"
    case adminServerStats = "admin:server_stats"

    /// True for the AdminServer endpoints (which ignore the 4lw whitelist).
    public var isAdmin: Bool { rawValue.hasPrefix("admin:") }

    /// Orders values so lists sort stably.
    public static func < (lhs: SignalSource, rhs: SignalSource) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Why a probe reached no server at all.
///
/// Each case has its own fix, so each has its own words: start the server (refused), fix the
/// address (does not resolve, or the port is some other service's), look at a hung JVM (timed out).
public enum TransportFailure: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Connection refused: the port is closed.
    case connectionRefused
    /// The host name does not resolve; nothing was contacted.
    case hostNotFound(String)
    /// Connected (or tried to) but nothing complete came back in time.
    case timedOut
    /// Something answered, but not as ZooKeeper does (binary data, an endless stream, a foreign banner).
    case notZooKeeper(String)
    /// Anything else the socket layer reported.
    case other(String)

    /// Maps the four-letter-word client's error.
    public init(_ error: FourLetterWordError) {
        switch error {
        case .connectionRefused: self = .connectionRefused
        case .hostNotFound(let host): self = .hostNotFound(host)
        case .timedOut: self = .timedOut
        case .replyTooLarge(let limit): self = .notZooKeeper("endless reply, cut at \(limit) bytes")
        case .notZooKeeper(let why): self = .notZooKeeper(why)
        case .tls(let failure): self = .other(failure.description)
        case .transport(let message): self = .other(message)
        }
    }

    /// Maps the AdminServer client's error.
    public init(_ error: AdminServerError) {
        switch error {
        case .connectionRefused: self = .connectionRefused
        case .hostNotFound(let host): self = .hostNotFound(host)
        case .timedOut: self = .timedOut
        case .responseTooLarge(let limit): self = .notZooKeeper("endless response, cut at \(limit) bytes")
        case .badResponse(let why): self = .notZooKeeper("not an HTTP response: \(why)")
        case .tls(let failure): self = .other(failure.description)
        case .transport(let message): self = .other(message)
        }
    }

    /// The text shown to operators.
    public var description: String {
        switch self {
        case .connectionRefused: return "connection refused: nothing listens on the port"
        case .hostNotFound(let host): return "host \(host) does not resolve"
        case .timedOut: return "no answer within the deadline"
        case .notZooKeeper(let why): return "the reply is not ZooKeeper's (\(why))"
        case .other(let message): return message
        }
    }
}

/// The outcome of one probe: a parsed value, a server that answered without data, or no server.
public enum ProbeResult<Value: Sendable & Hashable>: Sendable, Hashable {
    case value(Value)
    /// The server answered, but with a refusal (not serving, not whitelisted, empty, malformed, HTTP 500).
    case unusable(ReplyFailure)
    case unreachable(TransportFailure)

    /// The value when there is one.
    public var value: Value? {
        if case .value(let value) = self { return value }
        return nil
    }

    /// Builds a result from a parser call, so pollers write `ProbeResult { try ServerStatsReply.parse(text) }`.
    ///
    /// Any error that is not a `ReplyFailure` counts as a malformed reply.
    public init(parsing body: () throws -> Value) {
        do {
            self = .value(try body())
        } catch let failure as ReplyFailure {
            self = .unusable(failure)
        } catch {
            self = .unusable(.malformed(line: "\(error)"))
        }
    }

    /// How the source fared, for `MemberSnapshot.sources`.
    public var status: SourceStatus {
        switch self {
        case .value: return .answered
        case .unusable(.notServing): return .notServing
        case .unusable(.notWhitelisted): return .notWhitelisted
        case .unusable(.empty): return .empty
        case .unusable(let failure): return .failed(failure.description)
        case .unreachable(.connectionRefused): return .connectionRefused
        case .unreachable(.hostNotFound(let host)): return .hostNotFound(host)
        case .unreachable(.timedOut): return .timedOut
        case .unreachable(.notZooKeeper(let why)): return .notZooKeeper(why)
        case .unreachable(.other(let message)): return .failed(message)
        }
    }
}

/// How one source fared in one poll.
public enum SourceStatus: Hashable, Sendable, Codable, CustomStringConvertible {
    case answered
    case notServing
    /// Blocked by `4lw.commands.whitelist`.
    case notWhitelisted
    case empty
    case connectionRefused
    /// The host name does not resolve.
    case hostNotFound(String)
    case timedOut
    /// Something answered, but not as ZooKeeper does.
    case notZooKeeper(String)
    case failed(String)

    /// The text shown to operators.
    public var description: String {
        switch self {
        case .answered: return "answered"
        case .notServing: return "not serving"
        case .notWhitelisted: return "not in 4lw.commands.whitelist"
        case .empty: return "empty reply"
        case .connectionRefused: return TransportFailure.connectionRefused.description
        case .hostNotFound(let host): return TransportFailure.hostNotFound(host).description
        case .timedOut: return TransportFailure.timedOut.description
        case .notZooKeeper(let why): return TransportFailure.notZooKeeper(why).description
        case .failed(let why): return why
        }
    }
}
