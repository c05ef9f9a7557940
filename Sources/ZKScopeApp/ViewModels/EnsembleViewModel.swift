import EnsembleCore
import TUIKit

/// Everything the Ensemble and Findings panes show, computed once per poll round from the tracker.
///
/// Pure: a test builds an ``EnsembleTracker`` from hand-made snapshots and checks the rows and lines here, then
/// draws them into an in-memory ``Screen``.
public struct EnsembleViewModel: Hashable, Sendable {
    /// The table's columns, in ``MemberRow/cells`` order.
    public static let columns: [TableColumn] = [
        TableColumn("ID", width: .fixed(3), alignment: .right),
        TableColumn("Member", width: .flex(min: 15)),
        TableColumn("State", width: .fixed(12)),
        TableColumn("Epoch", width: .fixed(5), alignment: .right),
        TableColumn("Zxid", width: .fixed(12), alignment: .right),
        TableColumn("Lag", width: .fixed(6), alignment: .right),
        TableColumn("Lat ms", width: .fixed(9), alignment: .right),
        TableColumn("Out", width: .fixed(4), alignment: .right),
        TableColumn("Conn", width: .fixed(5), alignment: .right),
        TableColumn("Sess", width: .fixed(5), alignment: .right),
        TableColumn("Eph", width: .fixed(5), alignment: .right),
        TableColumn("Znodes", width: .fixed(7), alignment: .right),
        TableColumn("Watch", width: .fixed(7), alignment: .right),
        TableColumn("Rd/s", width: .fixed(6), alignment: .right),
        TableColumn("Wr/s", width: .fixed(6), alignment: .right),
        TableColumn("R:W", width: .fixed(6), alignment: .right),
        TableColumn("Uptime", width: .fixed(6), alignment: .right),
        TableColumn("Rst", width: .fixed(3), alignment: .right),
        // Drawn after State, and only when some member speaks TLS (``MemberTableLayout``).
        TableColumn("TLS", width: .fixed(4), alignment: .right),
    ]

    /// Rounds shown in the sparklines.
    public static let sparkRounds = 120

    /// One row per member, in configuration order.
    public var rows: [MemberRow]
    /// The quorum line.
    public var quorum: QuorumSummary?
    /// Current findings, most severe first.
    public var findings: [Finding]
    /// Timeline events, newest first.
    public var events: [TimelineEvent]
    /// Ensemble reads/s per round (sum over members), oldest first.
    public var readSeries: [Double]
    /// Ensemble writes/s per round (sum over members), oldest first.
    public var writeSeries: [Double]
    /// Worst average latency per round, oldest first.
    public var latencySeries: [Double]
    /// Poll rounds seen.
    public var rounds: Int
    /// Time of the newest round (the tracker's monotonic seconds).
    public var time: Double?
    /// Whether some member was polled over TLS: then the table has a TLS column and the selected member's chain
    /// is shown under it.
    public var usesTLS: Bool

    /// An empty model (before the first round).
    public init() {
        rows = []
        quorum = nil
        findings = []
        events = []
        readSeries = []
        writeSeries = []
        latencySeries = []
        rounds = 0
        time = nil
        usesTLS = false
    }

    /// Builds the model from the tracker's newest state.
    public init(tracker: EnsembleTracker) {
        self.init()
        guard let latest = tracker.history.latest else { return }
        let leader = latest.leaders.first
        usesTLS = latest.members.contains { $0.tls?.secure == true }
        rows = latest.members.map {
            MemberRow.make(
                member: $0, leader: leader, tracker: tracker, sparkRounds: Self.sparkRounds, ensembleUsesTLS: usesTLS)
        }
        let standaloneSeen =
            latest.members.count == 1
            && tracker.history.series(latest.members[0].address).contains { $0.role == .standalone }
        quorum = QuorumSummary(
            snapshot: latest, configuration: tracker.configuration, standaloneSeen: standaloneSeen)
        findings = tracker.findings.sortedForDisplay()
        events = Array(tracker.events.reversed())
        rounds = tracker.history.rounds.count
        time = latest.time
        let width = rows.map(\.readSeries.count).max() ?? 0
        func total(_ pick: (MemberRow) -> [Double], combine: (Double, Double) -> Double) -> [Double] {
            (0..<width).map { i in
                rows.reduce(0.0) { sum, row in
                    let series = pick(row)
                    let offset = width - series.count
                    return i >= offset ? combine(sum, series[i - offset]) : sum
                }
            }
        }
        readSeries = total(\.readSeries, combine: +)
        writeSeries = total(\.writeSeries, combine: +)
        latencySeries = total(\.latencySeries, combine: max)
    }
}

extension Severity {
    /// The role findings of this severity are drawn in.
    public var role: StyleRole {
        switch self {
        case .critical: return .findingCritical
        case .warning: return .findingWarning
        case .info: return .findingInfo
        }
    }

    /// Four-letter label for lists.
    public var label: String {
        switch self {
        case .critical: return "CRIT"
        case .warning: return "WARN"
        case .info: return "INFO"
        }
    }
}

extension Finding {
    /// The finding as list text: `CRIT member-down  127.0.0.1:2182  message`.
    public var listLine: String {
        "\(severity.label) \(code.rawValue)  \(members.joined(separator: ","))  \(message)"
    }

    /// The detail lines: message and remedy first (what a small pane must show), then members and evidence.
    public var detailLines: [String] {
        var lines = ["\(severity.label) \(code.rawValue)", message, "remedy: " + remedy]
        if !members.isEmpty { lines.append("members: " + members.joined(separator: ", ")) }
        if !evidence.isEmpty {
            lines.append("evidence:")
            for key in evidence.keys.sorted() { lines.append("  \(key): \(evidence[key] ?? "")") }
        }
        return lines
    }
}

extension TimelineEvent {
    /// The role an event is drawn in.
    public var role: StyleRole {
        switch kind {
        case .memberStateChanged(_, let to): return to == .serving ? .statusOK : .statusCrit
        case .roleChanged, .leaderChanged, .election: return .statusWarn
        case .memberRestarted, .memberPaused: return .statusWarn
        case .findingRaised(let finding): return finding.severity.role
        case .findingCleared: return .statusOK
        }
    }
}
