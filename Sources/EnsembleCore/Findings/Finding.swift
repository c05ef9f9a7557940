/// One problem zkscope found: what, how bad, where, the numbers behind it, and what to do.
///
/// Modelled on swift-format's `Finding`: a value, so it diffs (raised/cleared), sorts and
/// serialises (`check --json`) without ceremony.
public struct Finding: Hashable, Sendable, Codable {
    /// The stable machine-readable kind.
    public var code: FindingCode
    /// How urgent it is.
    public var severity: Severity
    /// Addresses (`host:port`) of the members concerned, sorted; empty for ensemble-wide findings.
    public var members: [String]
    /// One line for a human.
    public var message: String
    /// The numbers behind it (`"synced_followers": "1"`).
    public var evidence: [String: String]
    /// What an operator can do about it.
    public var remedy: String

    /// Builds a finding; members are sorted so findings compare as values.
    public init(
        code: FindingCode, severity: Severity, members: [String], message: String,
        evidence: [String: String] = [:], remedy: String
    ) {
        self.code = code
        self.severity = severity
        self.members = members.sorted()
        self.message = message
        self.evidence = evidence
        self.remedy = remedy
    }

    /// What makes two findings "the same problem" across polls: the code and the members.
    public var key: FindingKey { FindingKey(code: code, members: members) }
}

/// Identity of a finding across polls (its numbers may change while it stays raised).
public struct FindingKey: Hashable, Sendable, Codable, Comparable {
    /// The stable machine-readable kind.
    public var code: FindingCode
    /// Addresses concerned, sorted.
    public var members: [String]

    /// Orders values so lists sort stably.
    public static func < (lhs: FindingKey, rhs: FindingKey) -> Bool {
        lhs.code != rhs.code ? lhs.code < rhs.code : lhs.members.lexicographicallyPrecedes(rhs.members)
    }
}

extension Array where Element == Finding {
    /// Most severe first, then by code and members: a stable order for screens and JSON.
    public func sortedForDisplay() -> [Finding] {
        sorted { lhs, rhs in
            if lhs.severity != rhs.severity { return lhs.severity > rhs.severity }
            return lhs.key < rhs.key
        }
    }

    /// The worst severity present, nil when there is nothing.
    public var worstSeverity: Severity? { map(\.severity).max() }
}
