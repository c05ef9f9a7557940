import ZooKeeperAdmin

/// Something that happened between two consecutive ensemble states, for `check --follow` and
/// the dashboard's timeline.
public struct TimelineEvent: Hashable, Sendable, Codable {
    /// What happened.
    public enum Kind: Hashable, Sendable, Codable {
        /// A member's reachability changed (e.g. serving → down).
        case memberStateChanged(from: Reachability, to: Reachability)
        /// A serving member's role changed (follower → leader).
        case roleChanged(from: ServerMode?, to: ServerMode?)
        /// The serving leader changed (addresses; nil when there was none).
        case leaderChanged(from: String?, to: String?)
        /// The ensemble's epoch rose: an election finished.
        case election(fromEpoch: Int64?, toEpoch: Int64)
        /// A member's process restarted (or it came back after being down).
        case memberRestarted(ResetKind)
        case findingRaised(Finding)
        case findingCleared(Finding)
    }

    /// The time of the newer state.
    public var time: Double
    /// What happened.
    public var kind: Kind
    /// Addresses concerned.
    public var members: [String]
    /// One line for a human.
    public var message: String

    /// An event at `time`.
    public init(time: Double, kind: Kind, members: [String], message: String) {
        self.time = time
        self.kind = kind
        self.members = members
        self.message = message
    }
}

/// One ensemble state: a poll round and the findings raised on it.
public struct EnsembleState: Hashable, Sendable {
    /// The poll round.
    public var snapshot: EnsembleSnapshot
    /// Findings, most severe first.
    public var findings: [Finding]

    /// Pairs a round with its findings.
    public init(snapshot: EnsembleSnapshot, findings: [Finding]) {
        self.snapshot = snapshot
        self.findings = findings
    }
}
