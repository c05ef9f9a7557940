import EnsembleCore
import Foundation

/// One ensemble's newest poll round as `/metrics` and `/api/v1/ensembles` serve it. Built once per round by the
/// poller (``init(name:report:snapshot:roundDuration:)``), read by every scrape until the next round replaces it.
public struct EnsembleReading: Hashable, Sendable {
    /// The ensemble's name: the `ensemble` label.
    public var name: String
    /// Per member, in configuration order.
    public var members: [MemberReading]
    /// Raised finding codes with the worst severity among each code's findings.
    public var findings: [FindingCode: Severity]
    /// `check`'s exit status for this round: 0 ok, 1 warning, 2 critical, 3 unknown.
    public var checkStatus: Int
    /// Whether a voting majority serves (or the standalone member does) and no quorum finding is raised.
    public var quorumOK: Bool
    /// Serving leaders (more than one is a split brain).
    public var leaders: Int
    /// Sessions and znodes of the ensemble (the largest any serving member reports); nil when none answered.
    public var sessions: Int64?
    public var znodes: Int64?
    /// How long the round took (members are polled concurrently, so this is the slowest member's poll).
    public var roundDuration: Double
    /// The `check --json` document of the round.
    public var report: CheckReport

    /// A reading from parts (tests build these directly).
    public init(
        name: String, members: [MemberReading], findings: [FindingCode: Severity], checkStatus: Int,
        quorumOK: Bool, leaders: Int, sessions: Int64? = nil, znodes: Int64? = nil, roundDuration: Double = 0,
        report: CheckReport = CheckReport(members: [], findings: [])
    ) {
        self.name = name
        self.members = members
        self.findings = findings
        self.checkStatus = checkStatus
        self.quorumOK = quorumOK
        self.leaders = leaders
        self.sessions = sessions
        self.znodes = znodes
        self.roundDuration = roundDuration
        self.report = report
    }

    /// Members that answered as serving.
    public var membersUp: Int { members.count { $0.state == .serving } }

    /// The reading of one round: the report (what `check --json` prints, with restart counts and rates) and the
    /// round's snapshot (latency, outstanding requests, watches and zxids the report does not carry).
    public init(name: String, report: CheckReport, snapshot: EnsembleSnapshot, roundDuration: Duration) {
        let summaries = Dictionary(report.members.map { ($0.address, $0) }, uniquingKeysWith: { first, _ in first })
        let newest = snapshot.members.filter { $0.isServing }.compactMap(\.zxid).max()
        var members: [MemberReading] = []
        for member in snapshot.members {
            var reading = MemberReading(
                address: member.address, state: member.reachability, role: MemberReading.roleLabel(member.role),
                version: member.version.map { String(describing: $0) } ?? "unknown")
            if !member.isServing { reading.role = "unknown" }
            reading.zxid = member.zxid?.rawValue
            reading.epoch = member.epoch
            if member.isServing, let zxid = member.zxid, let newest {
                reading.lagTransactions = zxid.epoch == newest.epoch ? newest.counter - zxid.counter : newest.counter
            }
            reading.latencyAverageSeconds = member.latency.map { $0.avg / 1000 }
            reading.latencyMaximumSeconds = member.latency.map { $0.max / 1000 }
            reading.outstandingRequests = member.outstandingRequests
            reading.connections = member.connections
            reading.sessions = member.globalSessions
            reading.ephemerals = member.ephemerals
            reading.znodes = member.znodes
            reading.watches = member.watches
            let summary = summaries[member.address]
            reading.readsPerSecond = summary?.readsPerSecond
            reading.writesPerSecond = summary?.writesPerSecond
            reading.restarts = summary?.restarts ?? 0
            reading.certificateExpiry = member.tls?.leaf?.notAfter.timeIntervalSince1970
            members.append(reading)
        }
        var findings: [FindingCode: Severity] = [:]
        for finding in report.findings {
            findings[finding.code] = max(findings[finding.code] ?? finding.severity, finding.severity)
        }
        let serving = snapshot.members.filter(\.isServing)
        let voters = serving.filter { $0.role?.isVoter ?? false }.count
        let observers = snapshot.members.filter { $0.role == .observer }.count
        let configuredVoters = max(1, snapshot.members.count - observers)
        let standalone = serving.contains { $0.role == .standalone }
        let quorumFinding = findings[.quorumLost] != nil || findings[.noMemberServing] != nil
        self.init(
            name: name, members: members, findings: findings, checkStatus: Int(report.exitCode),
            quorumOK: !quorumFinding && (standalone || voters * 2 > configuredVoters),
            leaders: snapshot.leaders.count, sessions: serving.compactMap(\.globalSessions).max(),
            znodes: serving.compactMap(\.znodes).max(), roundDuration: roundDuration.seconds, report: report)
    }
}
