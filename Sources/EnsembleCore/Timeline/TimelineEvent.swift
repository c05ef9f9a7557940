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
        /// A member's process restarted (a new JVM; never an election alone).
        case memberRestarted(ResetKind)
        /// A member stopped answering and resumed as the same process (GC pause, stalled VM, SIGSTOP),
        /// for about `seconds`.
        case memberPaused(seconds: Double)
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
    /// The numbers behind a restart or a pause (uptime, counters, refused or timed-out polls).
    public var evidence: [String: String]?

    /// An event at `time`.
    public init(time: Double, kind: Kind, members: [String], message: String, evidence: [String: String]? = nil) {
        self.time = time
        self.kind = kind
        self.members = members
        self.message = message
        self.evidence = evidence
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
