import ZooKeeperAdmin

/// How a member is asked for one signal: a four-letter word on its client port, or a GET of one AdminServer
/// command.
///
/// A value, so a round's plan is a list that tests compare without sockets; only the poller turns it into I/O.
/// Both cases can only name read-only requests (``FourLetterWord`` and ``AdminCommand`` refuse the resets).
public enum SignalRequest: Hashable, Sendable, CustomStringConvertible {
    /// A four-letter word.
    case word(FourLetterWord)
    /// An AdminServer command.
    case admin(AdminCommand)

    /// True for the AdminServer's requests (they go to the admin port and ignore the 4lw whitelist).
    public var isAdmin: Bool {
        if case .admin = self { return true }
        return false
    }

    /// `srvr`, `admin:monitor`: the spelling in logs and test failures.
    public var description: String {
        switch self {
        case .word(let word): return word.rawValue
        case .admin(let command): return "admin:" + command.name
        }
    }
}

/// When a source is due in a member's poll round.
///
/// Chosen to keep the load on a server low: every four-letter word is a TCP connection and an INFO log line
/// on the server, so what changes only at restarts and elections is re-read only then.
public enum SignalCadence: Hashable, Sendable {
    /// Every round (`srvr`, `mntr`).
    case everyRound
    /// Refresh rounds: every slow interval, and the first serving round after the member was down or not
    /// serving (membership, myid, leader and read-only change only at restarts and elections).
    case refresh
    /// Slow rounds, every slow interval (`cons`, `dump`, `hash`, `wchs`: expensive on a busy server).
    case slow
    /// Until it answered once, and again on the first slow round after the member served again (`envi`: a
    /// restart may bring another -Xmx).
    case environment
    /// Never on its own: only in place of the word it stands in for, on that word's cadence.
    case standIn
}

/// A reply without its value type: what the round planner needs to keep its book, and how to store the
/// parsed value in ``MemberReplies``.
public struct SignalReply: Sendable {
    /// The request this answers.
    public let request: SignalRequest
    /// The source its status is reported under.
    public let source: SignalSource
    /// The outcome with the value erased (the status, the refusal, the transport failure).
    public let outcome: ProbeResult<SignalAnswer>
    private let storeBody: @Sendable (inout MemberReplies) -> Void

    init(
        request: SignalRequest, source: SignalSource, outcome: ProbeResult<SignalAnswer>,
        store: @escaping @Sendable (inout MemberReplies) -> Void
    ) {
        self.request = request
        self.source = source
        self.outcome = outcome
        self.storeBody = store
    }

    /// How the source fared.
    public var status: SourceStatus { outcome.status }

    /// The refusal, when the server answered without data.
    public var failure: ReplyFailure? {
        if case .unusable(let failure) = outcome { return failure }
        return nil
    }

    /// Puts the parsed reply where assembly reads it.
    public func store(into replies: inout MemberReplies) { storeBody(&replies) }
}

/// The value of an answered probe, erased: "there was a value".
public struct SignalAnswer: Hashable, Sendable {
    /// The marker.
    public init() {}
}

extension ProbeResult {
    /// The same outcome without the value.
    public var erased: ProbeResult<SignalAnswer> {
        switch self {
        case .value: return .value(SignalAnswer())
        case .unusable(let failure): return .unusable(failure)
        case .unreachable(let failure): return .unreachable(failure)
        }
    }
}

/// What one exchange brought back, before parsing: the poller's only input to a descriptor.
public enum SignalExchange: Sendable {
    /// A four-letter word's reply text, or why there is none.
    case word(Result<String, FourLetterWordError>)
    /// An AdminServer response, or why there is none.
    case admin(Result<AdminHTTPResponse, AdminServerError>)
}
