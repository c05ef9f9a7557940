/// How urgent a finding is; maps to Nagios-style exit codes in `zkscope check`.
public enum Severity: String, Hashable, Sendable, Codable, Comparable, CaseIterable {
    /// Worth knowing, nothing to do now (a single restart, a blocked optional signal).
    case info
    /// Degraded or risky: act soon.
    case warning
    /// Clients are affected or data is at risk: act now.
    case critical

    private var rank: Int {
        switch self {
        case .info: return 0
        case .warning: return 1
        case .critical: return 2
        }
    }

    /// Orders values so lists sort stably.
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}
