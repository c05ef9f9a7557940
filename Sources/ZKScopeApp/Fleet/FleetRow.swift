import EnsembleCore
import TUIKit

/// One ensemble as the Fleet pane shows it: the newest poll round summarised into the numbers an operator scans
/// across ensembles (is it up, who leads, what is wrong, how busy).
///
/// Pure and built from the tracker's newest round only (no history is kept for an ensemble that is not shown),
/// so a fleet of many ensembles costs one small value per ensemble. The raw values are kept beside the text so
/// sorting compares numbers, not strings.
public struct FleetRow: Hashable, Sendable {
    /// The ensemble's name (the configuration file's `[ensembles.NAME]`).
    public var name: String
    /// Members answering as serving clients in the newest round.
    public var up: Int
    /// Members configured (or polled).
    public var total: Int
    /// The leader's `host:port`, `standalone`, `NO QUORUM`, or nil before the first round.
    public var leader: String?
    /// The leader's epoch (else the highest a serving member reports).
    public var epoch: Int64?
    /// The most severe current finding.
    public var worst: Finding?
    /// Current findings.
    public var findingCount: Int
    /// Znodes (the leader's count, else the highest a serving member reports).
    public var znodes: Int64?
    /// Sessions of the ensemble (the highest a serving member reports).
    public var sessions: Int64?
    /// Reads per second, summed over serving members.
    public var readsPerSecond: Double?
    /// Writes per second, summed over serving members.
    public var writesPerSecond: Double?
    /// Whether a poll round was seen.
    public var polled: Bool

    /// A row before the ensemble's first round.
    public init(name: String) {
        self.name = name
        up = 0
        total = 0
        leader = nil
        epoch = nil
        worst = nil
        findingCount = 0
        znodes = nil
        sessions = nil
        readsPerSecond = nil
        writesPerSecond = nil
        polled = false
    }

    /// Summarises the tracker's newest round.
    public init(name: String, tracker: EnsembleTracker) {
        self.init(name: name)
        guard let latest = tracker.history.latest else { return }
        polled = true
        let serving = latest.members.filter(\.isServing)
        up = serving.count
        total = max(latest.members.count, tracker.configuration?.members.count ?? 0)
        let leaderMember = latest.leaders.first
        if let leaderMember {
            leader = leaderMember.address
        } else if latest.members.count == 1, latest.members[0].role == .standalone {
            leader = "standalone"
        } else {
            leader = "NO QUORUM"
        }
        epoch = leaderMember?.epoch ?? serving.compactMap(\.epoch).max()
        znodes = leaderMember?.znodes ?? serving.compactMap(\.znodes).max()
        sessions = serving.compactMap(\.globalSessions).max()
        let findings = tracker.findings.sortedForDisplay()
        worst = findings.first
        findingCount = findings.count
        var reads: Double?
        var writes: Double?
        for member in serving {
            let rates = tracker.rates(of: member.address)
            if let value = rates.readsPerSecond { reads = (reads ?? 0) + value }
            if let value = rates.writesPerSecond { writes = (writes ?? 0) + value }
        }
        readsPerSecond = reads
        writesPerSecond = writes
    }

    /// Reads per write; infinite with reads and no writes, nil when unknown or idle.
    public var readWriteRatio: Double? {
        guard let reads = readsPerSecond, let writes = writesPerSecond else { return nil }
        if writes > 0 { return reads / writes }
        return reads > 0 ? .infinity : nil
    }

    /// The worst finding and how many there are as a cell: `CRIT member-down (3)`, `ok`, or `-` before the first
    /// round.
    public var findingText: String {
        guard polled else { return "-" }
        guard let worst else { return "ok" }
        return "\(worst.severity.label) \(worst.code.rawValue) (\(findingCount))"
    }

    /// The cells in ``FleetColumn`` order.
    public var cells: [String] {
        [
            name, polled ? "\(up)/\(total)" : "-", leader ?? "-", epoch.map(String.init) ?? "-", findingText,
            Format.count(znodes), Format.count(sessions), Format.rate(readsPerSecond), Format.rate(writesPerSecond),
            Format.ratio(readWriteRatio),
        ]
    }

    /// Per-cell roles in ``cells`` order: members and leader red when something is missing, the finding in its
    /// severity's colour.
    public var cellRoles: [StyleRole?] {
        let membersRole: StyleRole? = polled ? (up == total ? .statusOK : (up == 0 ? .statusCrit : .statusWarn)) : nil
        let leaderRole: StyleRole? = leader == "NO QUORUM" ? .statusCrit : nil
        let findingRole: StyleRole? = worst.map(\.severity.role) ?? (polled ? .statusOK : nil)
        return [nil, membersRole, leaderRole, nil, findingRole, nil, nil, nil, nil, nil]
    }
}
