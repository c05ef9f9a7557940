import Foundation

/// One member of a lab as it is right now: where it listens, where its files are, and its PID.
///
/// A value snapshot: re-read `LabEnsemble.members` after `start`/`stop` to see the new PID.
public struct LabMember: Sendable, Equatable, Codable {
    /// The myid (1-based).
    public var id: Int
    /// Always "127.0.0.1": the lab never listens beyond loopback.
    public var host: String
    /// Client and four-letter-word port.
    public var clientPort: Int
    /// AdminServer port (nothing listens there when the lab's `adminServer` is off).
    public var adminPort: Int
    /// Quorum (follower-to-leader) port.
    public var quorumPort: Int
    /// Election port.
    public var electionPort: Int
    /// The member's ZooKeeper dataDir (holds `myid`, `version-2/`, `currentEpoch`...).
    public var dataDir: String
    /// The member's zoo.cfg.
    public var configPath: String
    /// stdout+stderr of the JVM (log4j console output), appended across restarts.
    public var logPath: String
    /// The JVM's PID while it runs (also while paused), nil when stopped or killed.
    public var pid: Int32?
    /// Whether the member is SIGSTOPped.
    public var paused: Bool

    /// "127.0.0.1:clientPort", the form clients and four-letter words use.
    public var clientAddress: String { "\(host):\(clientPort)" }

    /// The member's four ports as one value.
    public var ports: LabPorts {
        LabPorts(client: clientPort, quorum: quorumPort, election: electionPort, admin: adminPort)
    }
}

/// What a member says about itself through `srvr`.
public enum LabMemberMode: Sendable, Equatable, CustomStringConvertible {
    /// Serving, with the `Mode:` value (`leader`, `follower`, `standalone`, `observer`...).
    case serving(String)
    /// Up but not serving (LOOKING, or a broken configuration).
    case notServing
    /// Up and answering, but with something we do not recognise (e.g. an empty reply during a state change).
    case unexpected(String)
    /// Nothing listens (connection refused).
    case down
    /// The connection hung (a paused JVM) or failed otherwise.
    case unreachable(String)

    /// The text a person reads in `zkscope lab status`.
    public var description: String {
        switch self {
        case .serving(let mode): return mode
        case .notServing: return "not serving"
        case .unexpected(let text): return "unexpected reply: \(text.prefix(60))"
        case .down: return "down"
        case .unreachable(let why): return "unreachable (\(why))"
        }
    }

    /// The role when serving.
    public var role: String? {
        if case .serving(let mode) = self { return mode }
        return nil
    }
}
