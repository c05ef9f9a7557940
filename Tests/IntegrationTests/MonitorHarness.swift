import EnsembleCore
import EnsembleMonitor
import Foundation
import Testing
import ZooKeeperLab
import ZooKeeperTLS

/// Drives a real `EnsembleMonitor` (its `updates()` stream, the dashboard's API) against a lab and
/// waits on conditions counted in poll rounds, with generous wall-clock limits for a loaded machine.
final class MonitorHarness {
    let monitor: EnsembleMonitor
    let lab: LabEnsemble
    private var iterator: AsyncStream<MonitorUpdate>.AsyncIterator
    private(set) var latest: MonitorUpdate?
    /// Every event seen so far.
    private(set) var events: [TimelineEvent] = []
    /// The longest round seen (a hung member must not stretch rounds past the probe deadline).
    private(set) var longestRound: Duration = .zero

    /// The short interval the fault tests poll at.
    static let interval: Duration = .milliseconds(500)

    /// `tls` polls every member over TLS (`PollSettings.tls`), as `--tls` would.
    init(
        lab: LabEnsemble, thresholds: Thresholds = MonitorHarness.thresholds, admin: Bool = true,
        interval: Duration = MonitorHarness.interval, tls: TLSSettings? = nil
    ) {
        self.lab = lab
        var settings = PollSettings(interval: interval)
        settings.tls = tls
        settings.probeTimeout = interval == Self.interval ? .milliseconds(450) : interval * 0.8
        settings.slowInterval = .seconds(2)
        settings.blockedRecheckInterval = .seconds(5)
        settings.adminRecheckInterval = .seconds(2)
        settings.useAdminServer = admin
        monitor = EnsembleMonitor(
            configuration: MonitorHarness.configuration(lab), settings: settings, thresholds: thresholds)
        iterator = monitor.updates(bufferingNewest: 64).makeAsyncIterator()
    }

    /// Thresholds with short windows, so findings that depend on time clear within a test.
    static var thresholds: Thresholds {
        var thresholds = Thresholds.defaults
        thresholds.rateWindowSeconds = 4
        thresholds.restartWindowSeconds = 30
        return thresholds
    }

    /// The lab as `--servers host:port@adminPort,...` would give it.
    static func configuration(_ lab: LabEnsemble) -> EnsembleConfiguration {
        EnsembleConfiguration(
            source: "--servers",
            members: lab.members.map {
                MemberEndpoint(host: $0.host, clientPort: $0.clientPort, adminPort: $0.adminPort)
            })
    }

    /// `host:port` of a lab member.
    func address(_ id: Int) -> String { lab.member(id).map { "\($0.host):\($0.clientPort)" } ?? "?" }

    /// The next round.
    @discardableResult
    func next() async throws -> MonitorUpdate {
        guard let update = await iterator.next() else { throw LabError("the monitor stream ended") }
        latest = update
        events += update.events
        longestRound = max(longestRound, update.roundDuration)
        return update
    }

    /// Returns the first round (the current one included) where `condition` holds; fails after
    /// `timeout` of wall time, naming `what` and the newest findings.
    @discardableResult
    func waitFor(
        _ what: String, timeout: Duration = .seconds(90), sourceLocation: SourceLocation = #_sourceLocation,
        _ condition: (MonitorUpdate) -> Bool
    ) async throws -> MonitorUpdate {
        if let latest, condition(latest) { return latest }
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            let update = try await next()
            if condition(update) { return update }
        }
        let findings = latest?.findings.map { "\($0.code)\($0.members)" } ?? []
        let states = latest?.members.map { "\($0.address)=\($0.reachability.rawValue)" } ?? []
        Issue.record(
            "timed out waiting for \(what); findings: \(findings), members: \(states)", sourceLocation: sourceLocation)
        throw LabError("timed out waiting for \(what)")
    }

    /// Polls `rounds` more rounds.
    func advance(_ rounds: Int) async throws {
        for _ in 0..<rounds { try await next() }
    }

    /// Waits for the fault to become visible, then for its finding; checks the finding came within
    /// `maxRounds` poll rounds of the fault being visible. Returns the finding.
    @discardableResult
    func expectFlagged(
        _ code: FindingCode, member: String?, visible: String, maxRounds: Int = 2, timeout: Duration = .seconds(90),
        sourceLocation: SourceLocation = #_sourceLocation, _ isVisible: (MonitorUpdate) -> Bool
    ) async throws -> Finding {
        let seen = try await waitFor(visible, timeout: timeout, sourceLocation: sourceLocation, isVisible)
        let flagged = try await waitFor("\(code) after \(visible)", timeout: timeout, sourceLocation: sourceLocation) {
            Self.finding(code, member: member, in: $0) != nil
        }
        let states = flagged.tracker.history.rounds.suffix(flagged.round - seen.round + 1).map { round in
            round.members.map { "\($0.address)=\($0.reachability.rawValue)\($0.stateReason.map { " (\($0))" } ?? "")" }
                .joined(separator: ",")
        }
        #expect(
            flagged.round - seen.round <= maxRounds,
            "\(code) came \(flagged.round - seen.round) rounds after the fault was visible; rounds: \(states)",
            sourceLocation: sourceLocation)
        return try #require(Self.finding(code, member: member, in: flagged), sourceLocation: sourceLocation)
    }

    /// Waits until no finding with `code` (for `member`, when given) is raised.
    @discardableResult
    func expectCleared(
        _ code: FindingCode, member: String?, timeout: Duration = .seconds(90),
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> MonitorUpdate {
        try await waitFor("\(code) to clear", timeout: timeout, sourceLocation: sourceLocation) {
            Self.finding(code, member: member, in: $0) == nil
        }
    }

    /// The finding with `code` concerning `member` (any member when nil).
    static func finding(_ code: FindingCode, member: String?, in update: MonitorUpdate) -> Finding? {
        update.findings.first { $0.code == code && (member == nil || $0.members.contains(member ?? "")) }
    }

    /// The member's newest snapshot.
    static func member(_ address: String, in update: MonitorUpdate) -> MemberSnapshot? {
        update.state.snapshot.member(address)
    }

    /// Findings above info on the newest round.
    var seriousFindings: [Finding] { latest?.findings.filter { $0.severity > .info } ?? [] }
}
