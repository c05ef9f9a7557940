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
                rates: history.rates(of: member.address, seconds: thresholds.rateWindowSeconds),
                resets: history.resetEvents(of: member.address))
        }
        var findings = findings
        if let outage = Self.outageFinding(history: history, findings: findings, thresholds: thresholds) {
            findings.append(outage)
        }
        self.findings = findings.sortedForDisplay()
    }

    /// `no-member-serving` (critical): no monitored member served for `persistPolls` rounds and no critical
    /// finding says so already (`quorum-lost` needs two voters or more). A down standalone is the case that
    /// matters: its `member-down` is a warning written for ensembles ("tolerates one failure less"), yet
    /// the only server is gone and clients can neither read nor write.
    static func outageFinding(history: SnapshotHistory, findings: [Finding], thresholds: Thresholds) -> Finding? {
        guard let latest = history.latest, !latest.members.isEmpty,
            !findings.contains(where: { $0.severity == .critical }),
            history.roundsPersisted(polls: thresholds.persistPolls, { !$0.members.contains(where: \.isServing) })
        else { return nil }
        var counts: [Reachability: Int] = [:]
        for member in latest.members { counts[member.reachability, default: 0] += 1 }
        let states = [Reachability.down, .unresponsive, .notServing].compactMap { state in
            counts[state].map { "\($0) \(state.rawValue)" }
        }
        let message: String
        if let only = latest.members.first, latest.members.count == 1 {
            message =
                "The only member, \(only.address), is \(only.reachability.rawValue): "
                + "clients can neither read nor write"
        } else {
            message =
                "None of the \(latest.members.count) members serves (\(states.joined(separator: ", "))): "
                + "clients can neither read nor write"
        }
        var evidence = ["members": String(latest.members.count)]
        for (state, count) in counts { evidence[state.rawValue] = String(count) }
        return Finding(
            code: .noMemberServing, severity: .critical, members: latest.members.map(\.address),
            message: message, evidence: evidence,
            remedy: "Start ZooKeeper on the members (each one's finding says what was seen); if they do run, "
                + "check that --servers or the zoo.cfg names the right hosts and client ports")
    }

    /// Nagios-style exit status: 0 OK (info only), 1 WARNING, 2 CRITICAL, 3 UNKNOWN (no member, or no
    /// member answered and no critical finding has persisted yet: zkscope cannot tell).
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
