/// A stable, machine-readable name for a kind of finding (scripts and alert rules match on it).
///
/// A struct rather than a frozen enum so new codes can be added without breaking callers.
public struct FindingCode: RawRepresentable, Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    public static func < (lhs: FindingCode, rhs: FindingCode) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        self.rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    // Members
    public static let memberDown = FindingCode(rawValue: "member-down")
    public static let memberNotServing = FindingCode(rawValue: "member-not-serving")
    public static let memberUnresponsive = FindingCode(rawValue: "member-unresponsive")
    public static let memberRestarting = FindingCode(rawValue: "member-restarting")
    public static let signalsMissing = FindingCode(rawValue: "signals-missing")
    // Quorum
    public static let quorumLost = FindingCode(rawValue: "quorum-lost")
    public static let multipleLeaders = FindingCode(rawValue: "multiple-leaders")
    public static let standaloneMember = FindingCode(rawValue: "standalone-member")
    public static let evenEnsemble = FindingCode(rawValue: "even-ensemble")
    public static let followersUnsynced = FindingCode(rawValue: "followers-unsynced")
    public static let memberSyncLoop = FindingCode(rawValue: "member-sync-loop")
    // Configuration
    public static let configMismatch = FindingCode(rawValue: "config-mismatch")
    public static let configDiffersFromFile = FindingCode(rawValue: "config-differs-from-file")
    public static let duplicateServerID = FindingCode(rawValue: "duplicate-server-id")
    public static let serverIDMismatch = FindingCode(rawValue: "server-id-mismatch")
    // Data
    public static let zxidLag = FindingCode(rawValue: "zxid-lag")
    public static let znodeCountDivergence = FindingCode(rawValue: "znode-count-divergence")
    public static let digestMismatch = FindingCode(rawValue: "digest-mismatch")
    public static let epochJump = FindingCode(rawValue: "epoch-jump")
    public static let znodeCountDrop = FindingCode(rawValue: "znode-count-drop")
    // Load
    public static let writeHeavy = FindingCode(rawValue: "write-heavy")
    public static let latencyHigh = FindingCode(rawValue: "latency-high")
    public static let outstandingRequests = FindingCode(rawValue: "outstanding-requests")
    public static let fdNearLimit = FindingCode(rawValue: "fd-near-limit")
    public static let connectionsNearLimit = FindingCode(rawValue: "connections-near-limit")
    public static let znodeCountHigh = FindingCode(rawValue: "znode-count-high")
    public static let watchCountHigh = FindingCode(rawValue: "watch-count-high")

    /// Every code zkscope can raise.
    public static let all: [FindingCode] = [
        .memberDown, .memberNotServing, .memberUnresponsive, .memberRestarting, .signalsMissing,
        .quorumLost, .multipleLeaders, .standaloneMember, .evenEnsemble, .followersUnsynced, .memberSyncLoop,
        .configMismatch, .configDiffersFromFile, .duplicateServerID, .serverIDMismatch,
        .zxidLag, .znodeCountDivergence, .digestMismatch, .epochJump, .znodeCountDrop,
        .writeHeavy, .latencyHigh, .outstandingRequests, .fdNearLimit, .connectionsNearLimit,
        .znodeCountHigh, .watchCountHigh,
    ]
}
