/// A stable, machine-readable name for a kind of finding (scripts and alert rules match on it).
///
/// A struct rather than a frozen enum so new codes can be added without breaking callers.
public struct FindingCode: RawRepresentable, Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The exact spelling on the wire or in output.
    public let rawValue: String

    /// Wraps a raw value as-is.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The text shown to operators.
    public var description: String { rawValue }

    /// Orders values so lists sort stably.
    public static func < (lhs: FindingCode, rhs: FindingCode) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Decodes the form `encode(to:)` writes.
    public init(from decoder: any Decoder) throws {
        self.rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    /// Encodes as a plain JSON value, the form scripts read.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    // Members
    /// The client port refuses connections.
    public static let memberDown = FindingCode(rawValue: "member-down")
    /// Up but answering "not currently serving requests".
    public static let memberNotServing = FindingCode(rawValue: "member-not-serving")
    /// Accepts connections, never answers.
    public static let memberUnresponsive = FindingCode(rawValue: "member-unresponsive")
    /// Process restarts (not elections) in the window.
    public static let memberRestarting = FindingCode(rawValue: "member-restarting")
    /// Froze (timed out) and resumed as the same process: not a restart.
    public static let memberPaused = FindingCode(rawValue: "member-paused")
    /// Four-letter words blocked by the whitelist.
    public static let signalsMissing = FindingCode(rawValue: "signals-missing")
    // Quorum
    /// No serving leader backed by a majority.
    public static let quorumLost = FindingCode(rawValue: "quorum-lost")
    /// More than one serving leader: split brain.
    public static let multipleLeaders = FindingCode(rawValue: "multiple-leaders")
    /// A member runs standalone in a multi-server ensemble.
    public static let standaloneMember = FindingCode(rawValue: "standalone-member")
    /// An even number of voters.
    public static let evenEnsemble = FindingCode(rawValue: "even-ensemble")
    /// The leader has fewer synced followers than voters minus one.
    public static let followersUnsynced = FindingCode(rawValue: "followers-unsynced")
    /// A learner keeps joining and dropping (leftover data, facts §7d).
    public static let memberSyncLoop = FindingCode(rawValue: "member-sync-loop")
    // Configuration
    /// Serving members report different server lists.
    public static let configMismatch = FindingCode(rawValue: "config-mismatch")
    /// A member's server list differs from the given zoo.cfg.
    public static let configDiffersFromFile = FindingCode(rawValue: "config-differs-from-file")
    /// One myid used twice.
    public static let duplicateServerID = FindingCode(rawValue: "duplicate-server-id")
    /// A member reports another myid than the configuration gives its address.
    public static let serverIDMismatch = FindingCode(rawValue: "server-id-mismatch")
    // Data
    /// A member trails the newest zxid.
    public static let zxidLag = FindingCode(rawValue: "zxid-lag")
    /// Members at one zxid disagree on the node count.
    public static let znodeCountDivergence = FindingCode(rawValue: "znode-count-divergence")
    /// Tree digests differ at a common zxid.
    public static let digestMismatch = FindingCode(rawValue: "digest-mismatch")
    /// The epoch rose by more than one.
    public static let epochJump = FindingCode(rawValue: "epoch-jump")
    /// The node count fell sharply.
    public static let znodeCountDrop = FindingCode(rawValue: "znode-count-drop")
    /// `check --deep`: members' trees differ (paths whose content or children differ after a sync).
    public static let contentDivergence = FindingCode(rawValue: "content-divergence")
    // Load
    /// Reads:writes below the limit.
    public static let writeHeavy = FindingCode(rawValue: "write-heavy")
    /// Average latency above the limit.
    public static let latencyHigh = FindingCode(rawValue: "latency-high")
    /// Too many queued requests.
    public static let outstandingRequests = FindingCode(rawValue: "outstanding-requests")
    /// File descriptors near the process limit.
    public static let fdNearLimit = FindingCode(rawValue: "fd-near-limit")
    /// Client connections near maxClientCnxns.
    public static let connectionsNearLimit = FindingCode(rawValue: "connections-near-limit")
    /// Too many znodes.
    public static let znodeCountHigh = FindingCode(rawValue: "znode-count-high")
    /// Too many watches.
    public static let watchCountHigh = FindingCode(rawValue: "watch-count-high")
    // Production alert signals: what ZooKeeper's own metrics say about disk, JVM, elections and clients.
    /// fsync of the transaction log is slow (time per second, per fsync, or the server's own count).
    public static let fsyncSlow = FindingCode(rawValue: "fsync-slow")
    /// The JVM (or the host) stopped the server for a while (GC, swapping, a frozen VM).
    public static let jvmPausing = FindingCode(rawValue: "jvm-pausing")
    /// The data tree is large for the heap or in absolute terms.
    public static let dataSizeHigh = FindingCode(rawValue: "data-size-high")
    /// Leader elections happened in the window.
    public static let leaderElections = FindingCode(rawValue: "leader-elections")
    /// An election took longer than the limit.
    public static let electionSlow = FindingCode(rawValue: "election-slow")
    /// Client authentications failed (`zk_auth_failed_count`, quorum `zk_ensemble_auth_fail`).
    public static let authFailures = FindingCode(rawValue: "auth-failures")
    /// The server itself counted digest mismatches (`zk_digest_mismatches_count`).
    public static let digestMismatchReported = FindingCode(rawValue: "digest-mismatch-reported")
    /// A critical server thread died (`zk_unrecoverable_error_count`).
    public static let unrecoverableErrors = FindingCode(rawValue: "unrecoverable-errors")
    /// The request throttler stalled or rejected requests.
    public static let requestsThrottled = FindingCode(rawValue: "requests-throttled")
    /// Requests over the large-request limit were rejected.
    public static let largeRequestsRejected = FindingCode(rawValue: "large-requests-rejected")
    /// Sessions (or connections without one) keep expiring.
    public static let sessionsExpiring = FindingCode(rawValue: "sessions-expiring")

    // TLS
    /// A member's certificate (or one of its chain) expires within the warning window, or has expired.
    public static let tlsCertificateExpiring = FindingCode(rawValue: "tls-certificate-expiring")
    /// Members of one ensemble differ in TLS: some speak it and some do not, or their certificates have
    /// different issuers.
    public static let tlsInconsistent = FindingCode(rawValue: "tls-inconsistent")
    /// A member polled over TLS still answers in plaintext on the client port its configuration names.
    public static let tlsPlaintextOpen = FindingCode(rawValue: "tls-plaintext-open")
    /// A member refuses the SASL login other members accept (its own service principal or key is wrong).
    public static let saslLoginRefused = FindingCode(rawValue: "sasl-login-refused")

    /// No monitored member serves (a down standalone, every member down): `check`'s own verdict.
    public static let noMemberServing = FindingCode(rawValue: "no-member-serving")

    /// Every code zkscope can raise.
    public static let all: [FindingCode] = [
        .noMemberServing,
        .memberDown, .memberNotServing, .memberUnresponsive, .memberRestarting, .memberPaused, .signalsMissing,
        .quorumLost, .multipleLeaders, .standaloneMember, .evenEnsemble, .followersUnsynced, .memberSyncLoop,
        .configMismatch, .configDiffersFromFile, .duplicateServerID, .serverIDMismatch,
        .zxidLag, .znodeCountDivergence, .digestMismatch, .epochJump, .znodeCountDrop, .contentDivergence,
        .writeHeavy, .latencyHigh, .outstandingRequests, .fdNearLimit, .connectionsNearLimit,
        .znodeCountHigh, .watchCountHigh,
        // Production alert signals.
        .fsyncSlow, .jvmPausing, .dataSizeHigh, .leaderElections, .electionSlow, .authFailures,
        .digestMismatchReported, .unrecoverableErrors, .requestsThrottled, .largeRequestsRejected, .sessionsExpiring,
        // TLS.
        .tlsCertificateExpiring, .tlsInconsistent, .tlsPlaintextOpen,
        // SASL.
        .saslLoginRefused,
    ]
}
