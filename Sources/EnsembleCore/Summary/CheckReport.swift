import Foundation

/// The document `zkscope check --json` prints: `{"members": [...], "findings": [...]}`.
public struct CheckReport: Hashable, Sendable, Codable {
    /// One entry per member, in configuration order.
    public var members: [MemberSummary]
    /// Findings, most severe first.
    public var findings: [Finding]

    /// Wraps already-built parts.
    public init(members: [MemberSummary], findings: [Finding]) {
        self.members = members
        self.findings = findings
    }

    /// Builds the report from history: members of the newest round with rates over `rateWindowSeconds`.
    public init(history: SnapshotHistory, findings: [Finding], thresholds: Thresholds = .defaults) {
        let latest = history.latest?.members ?? []
        self.members = latest.map { member in
            MemberSummary(
                latest: member,
                rates: RateCalculator.window(history.series(member.address, seconds: thresholds.rateWindowSeconds)),
                series: history.series(member.address))
        }
        self.findings = findings.sortedForDisplay()
    }

    /// Nagios-style exit status: 0 OK (info only), 1 WARNING, 2 CRITICAL, 3 UNKNOWN (no member answered).
    public var exitCode: Int32 {
        if members.isEmpty || members.allSatisfy({ $0.state == .down || $0.state == .unresponsive }) {
            return findings.worstSeverity == .critical ? 2 : 3
        }
        switch findings.worstSeverity {
        case .critical: return 2
        case .warning: return 1
        case .info, nil: return 0
        }
    }

    /// Pretty, key-sorted JSON, stable for diffs and tests.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
