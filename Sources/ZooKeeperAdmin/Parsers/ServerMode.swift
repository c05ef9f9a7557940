/// The role a member reports in `Mode:` (srvr/stat) or `zk_server_state` (mntr).
///
/// Unknown strings are kept rather than rejected, so a newer server's mode still shows up.
public enum ServerMode: Hashable, Sendable, CustomStringConvertible, Codable {
    case leader
    case follower
    case observer
    case standalone
    case readOnly
    case other(String)

    /// Maps ZooKeeper's spelling (`leader`, `follower`, `observer`, `standalone`, `read-only`).
    public init(parsing text: some StringProtocol) {
        switch Substring(text).trimmingWhitespace().lowercased() {
        case "leader": self = .leader
        case "follower": self = .follower
        case "observer": self = .observer
        case "standalone": self = .standalone
        case "read-only", "readonly", "ro": self = .readOnly
        case let other: self = .other(other)
        }
    }

    /// The text shown to operators.
    public var description: String {
        switch self {
        case .leader: return "leader"
        case .follower: return "follower"
        case .observer: return "observer"
        case .standalone: return "standalone"
        case .readOnly: return "read-only"
        case .other(let text): return text
        }
    }

    /// Leaders and followers vote; observers, standalone and read-only members do not count for quorum.
    public var isVoter: Bool { self == .leader || self == .follower }

    /// Decodes the form `encode(to:)` writes.
    public init(from decoder: any Decoder) throws {
        self.init(parsing: try decoder.singleValueContainer().decode(String.self))
    }

    /// Encodes as a plain JSON value, the form scripts read.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
