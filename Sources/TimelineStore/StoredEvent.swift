import EnsembleCore

/// One persisted timeline event: the ensemble it happened in, the stable columns `history` prints, and the
/// full ``TimelineEvent`` when this zkscope can decode it (a newer one may have written kinds this one lacks).
public struct StoredEvent: Hashable, Sendable {
    /// The row id: increases with every append, so it orders events written in the same second.
    public var id: Int64
    /// The ensemble's name (as `serve` and `--ensemble` call it).
    public var ensemble: String
    /// When it happened, Unix seconds.
    public var time: Double
    /// The stable kind code (``TimelineEventCode``): `member-restarted`, `leader-changed`, `finding-raised`...
    public var kind: String
    /// For `finding-raised`/`finding-cleared`: the finding's code (`member-down`); nil otherwise.
    public var code: String?
    /// For findings: their severity; nil otherwise.
    public var severity: String?
    /// Addresses concerned.
    public var members: [String]
    /// One line for a human.
    public var message: String
    /// The numbers behind it (a restart's uptimes, a finding's evidence).
    public var evidence: [String: String]?
    /// The whole event (time in Unix seconds), nil when it was written by a zkscope with kinds this one lacks.
    public var event: TimelineEvent?

    /// Builds a stored event (tests and fakes build them too).
    public init(
        id: Int64, ensemble: String, time: Double, kind: String, code: String? = nil, severity: String? = nil,
        members: [String], message: String, evidence: [String: String]? = nil, event: TimelineEvent? = nil
    ) {
        self.id = id
        self.ensemble = ensemble
        self.time = time
        self.kind = kind
        self.code = code
        self.severity = severity
        self.members = members
        self.message = message
        self.evidence = evidence
        self.event = event
    }
}
