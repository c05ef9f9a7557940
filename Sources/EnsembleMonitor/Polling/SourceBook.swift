import EnsembleCore
import ZooKeeperAdmin

/// What a poller has learned about one member's sources: which four-letter words the whitelist
/// blocks, whether an AdminServer answers, and when the slow sources were last read.
///
/// Pure bookkeeping (times are the monitor's seconds), so the fallback rules are unit-tested
/// without sockets. The rules: a blocked word is reported from memory and asked again only every
/// `blockedRecheckInterval`; an AdminServer that refuses, or answers but is not ZooKeeper's, is
/// left alone for `adminRecheckInterval`; `envi` is asked until it answers once.
public struct SourceBook: Hashable, Sendable {
    /// Whether the member's AdminServer is used.
    public enum AdminState: Hashable, Sendable {
        /// No admin port is known for this member (or `--no-admin`, or a port shared by several members).
        case notConfigured(reason: String)
        /// Not tried yet, or due to be tried again.
        case unknown
        /// Answered with ZooKeeper's JSON envelope.
        case available
        /// Refused or not ZooKeeper's; `since` is when that was seen.
        case absent(reason: String, since: Double)
    }

    /// Words refused by the whitelist: the refusal and when it was first seen.
    public private(set) var blocked: [SignalSource: (reason: ReplyFailure, since: Double)] = [:]
    /// The AdminServer's state.
    public private(set) var admin: AdminState
    /// Consecutive refused AdminServer connections (three make it absent).
    private var adminRefusals = 0
    /// When `cons`/`dump`/`hash` were last asked.
    public private(set) var lastSlowPoll: Double?
    /// True once `envi` (or the AdminServer's environment) answered.
    public private(set) var environmentRead = false
    /// When each source last answered (monitor seconds).
    public private(set) var lastAnswered: [SignalSource: Double] = [:]

    /// A book for a member with (`adminPort` non-nil) or without an AdminServer to try.
    public init(adminPort: Int?, adminDisabledReason: String? = nil) {
        if let reason = adminDisabledReason {
            admin = .notConfigured(reason: reason)
        } else if adminPort == nil {
            admin = .notConfigured(
                reason: "no admin port known (admin.serverPort, --admin-port or host:port@adminPort)")
        } else {
            admin = .unknown
        }
    }

    /// True when `source` should be sent this round (not blocked, or its recheck is due).
    public func shouldAsk(_ source: SignalSource, now: Double, settings: PollSettings) -> Bool {
        guard let entry = blocked[source] else { return true }
        return now - entry.since >= settings.blockedRecheckInterval.seconds
    }

    /// The remembered refusal of a blocked word, reported instead of asking again.
    public func cachedRefusal(_ source: SignalSource) -> ReplyFailure? { blocked[source]?.reason }

    /// The four-letter-word sources a poller may ask besides `srvr` (``SignalTable``'s words).
    public static let fourLetterSources: [SignalSource] = SignalTable.words.map(\.source).filter { $0 != .srvr }

    /// True when the word is known to be blocked.
    public func isBlocked(_ source: SignalSource) -> Bool { blocked[source] != nil }

    /// Notes how a four-letter word fared.
    public mutating func record(_ source: SignalSource, status: SourceStatus, failure: ReplyFailure?, now: Double) {
        if let failure, case .notWhitelisted = failure {
            // Keep the first sighting, but restart the recheck clock when it was asked again.
            blocked[source] = (failure, now)
        } else if status == .answered {
            blocked[source] = nil
        }
        // Not serving, empty or unreachable says nothing about the whitelist: keep what we knew.
        if source == .envi, status == .answered { environmentRead = true }
    }

    /// Remembers which sources answered in the poll at `now` (for the source report).
    public mutating func noteAnswered(_ sources: Set<SignalSource>, now: Double) {
        for source in sources { lastAnswered[source] = now }
        newest = now
    }

    /// The time of the newest poll noted.
    public private(set) var newest: Double = 0

    /// Sources that answered within `window` seconds of the newest poll: the stable list of what works
    /// (sources on the slow cadence answer only every `slowInterval`). A word read until it answers once (`envi`)
    /// is not asked again, so it stays on the list while the member still answers `srvr` within the window.
    public func answered(within window: Double) -> [SignalSource] {
        let alive = lastAnswered[.srvr].map { newest - $0 <= window } ?? false
        return lastAnswered.filter { source, time in
            newest - time <= window || (alive && environmentRead && Self.readOnce.contains(source))
        }.map(\.key).sorted()
    }

    /// The words on the read-once cadence (``SignalCadence/environment``).
    private static let readOnce = Set(SignalTable.words.filter { $0.cadence == .environment }.map(\.source))

    /// What to do with the AdminServer this round.
    public enum AdminDecision: Hashable, Sendable {
        /// Not configured or recently absent.
        case skip
        /// Try one cheap endpoint (`zabstate`) first and decide.
        case discover
        /// Known to work: ask the round's endpoints.
        case use
    }

    /// The AdminServer decision for a round at `now`.
    public func adminDecision(now: Double, settings: PollSettings) -> AdminDecision {
        switch admin {
        case .notConfigured: return .skip
        case .unknown: return .discover
        case .available: return .use
        case .absent(_, let since):
            return now - since >= settings.adminRecheckInterval.seconds ? .discover : .skip
        }
    }

    /// Classifies an AdminServer reply: ZooKeeper's JSON (even "not serving") makes it available; a
    /// refusal or a reply that is not ZooKeeper's makes it absent; a timeout decides nothing.
    public mutating func recordAdmin<T>(_ probe: ProbeResult<T>, port: Int, now: Double) {
        switch probe {
        case .value, .unusable(.notServing), .unusable(.serverError):
            admin = .available
        case .unusable(.httpStatus(let code)):
            admin = .absent(reason: "port \(port) answers HTTP \(code), not ZooKeeper's AdminServer", since: now)
        case .unusable(let failure):
            admin = .absent(reason: "port \(port) is not ZooKeeper's AdminServer (\(failure))", since: now)
        case .unreachable(.connectionRefused):
            // A restarting member's AdminServer refuses for a moment: only repeated refusals count.
            adminRefusals += 1
            if adminRefusals >= 3 {
                admin = .absent(
                    reason: "port \(port) refused: AdminServer disabled or not on the classpath (servlet-api.jar)",
                    since: now)
            } else {
                admin = .unknown
            }
            return
        case .unreachable(.timedOut):
            break
        case .unreachable(let failure):
            // Does not resolve, not ZooKeeper's, or another socket error: the failure says which.
            admin = .absent(reason: "port \(port): \(failure)", since: now)
        }
        adminRefusals = 0
    }

    /// True when the slow sources are due at `now`.
    public func slowDue(now: Double, settings: PollSettings) -> Bool {
        guard let last = lastSlowPoll else { return true }
        return now - last >= settings.slowInterval.seconds
    }

    /// Notes that the slow sources were asked at `now`.
    public mutating func markSlowPoll(now: Double) { lastSlowPoll = now }

    /// Notes that the environment was read through the AdminServer.
    public mutating func markEnvironmentRead() { environmentRead = true }

    /// Equal when the remembered state is equal.
    public static func == (lhs: SourceBook, rhs: SourceBook) -> Bool {
        lhs.admin == rhs.admin && lhs.lastSlowPoll == rhs.lastSlowPoll && lhs.environmentRead == rhs.environmentRead
            && lhs.lastAnswered == rhs.lastAnswered
            && lhs.blocked.mapValues { "\($0.reason)@\($0.since)" }
                == rhs.blocked.mapValues { "\($0.reason)@\($0.since)" }
    }

    /// Hashes the parts `==` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(admin)
        hasher.combine(lastSlowPoll)
        hasher.combine(environmentRead)
        hasher.combine(lastAnswered.count)
    }

    /// A summary for people and JSON; `window` is how far back an answer still counts as working.
    public func report(adminPort: Int?, window: Double = 15) -> SourceReport {
        let adminText: String
        switch admin {
        case .notConfigured(let reason): adminText = "not used: \(reason)"
        case .unknown: adminText = "port \(adminPort.map(String.init) ?? "?"): not tried yet"
        case .available: adminText = "port \(adminPort.map(String.init) ?? "?"): answering"
        case .absent(let reason, _): adminText = "absent: \(reason)"
        }
        return SourceReport(
            answered: answered(within: window).map(\.rawValue),
            blocked: Dictionary(uniqueKeysWithValues: blocked.map { ($0.key.rawValue, $0.value.reason.description) }),
            adminServer: adminText)
    }
}

/// Which sources of one member work, for `check` output and the dashboard's member detail.
public struct SourceReport: Hashable, Sendable, Codable {
    /// Sources that answered recently (within about 1.5 slow intervals): `srvr`, `mntr`, `admin:monitor`, …
    public var answered: [String]
    /// Sources blocked by the 4lw whitelist, with the reason.
    public var blocked: [String: String]
    /// The AdminServer's state in one line.
    public var adminServer: String

    /// Builds a report.
    public init(answered: [String], blocked: [String: String], adminServer: String) {
        self.answered = answered
        self.blocked = blocked
        self.adminServer = adminServer
    }
}
