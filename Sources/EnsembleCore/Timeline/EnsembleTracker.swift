/// The monitor's pure core: feed it poll rounds, get findings and timeline events back.
///
/// Holds the bounded history, runs every detector on each round and diffs against the previous
/// state. The dashboard, `check` and `check --follow` all drive this one value; it does no I/O
/// and reads no clock (each round carries its time).
public struct EnsembleTracker: Sendable {
    /// The rounds seen so far (bounded).
    public private(set) var history: SnapshotHistory
    /// What the ensemble should look like, when known.
    public var configuration: EnsembleConfiguration?
    /// The limits detectors apply.
    public var thresholds: Thresholds
    /// Findings on the newest round, most severe first.
    public private(set) var findings: [Finding] = []
    /// Every event so far, oldest first, bounded like the history.
    public private(set) var events: [TimelineEvent] = []
    /// The newest epoch any round showed (rounds without a serving member show none).
    public private(set) var lastKnownEpoch: Int64?
    /// How many events are kept.
    public let eventCapacity: Int
    /// Each member's process identity so far (restarts and pauses span rounds).
    private var continuity: [String: MemberContinuity] = [:]
    /// Process restarts and pauses counted per member since the tracker started: the Rst column,
    /// `check --json`'s `restarts`/`pauses` and the timeline's `member-restarted`/`member-paused` events
    /// all come from the same ``MemberContinuity`` results.
    public private(set) var restartCounts: [String: Int] = [:]
    /// Pauses (freezes) counted per member since the tracker started.
    public private(set) var pauseCounts: [String: Int] = [:]

    /// A tracker with an empty history.
    public init(
        configuration: EnsembleConfiguration?, thresholds: Thresholds = .defaults, capacity: Int = 600,
        eventCapacity: Int = 1000
    ) {
        self.configuration = configuration
        self.thresholds = thresholds
        self.history = SnapshotHistory(capacity: capacity, rateWindow: thresholds.rateWindowSeconds)
        self.eventCapacity = max(1, eventCapacity)
    }

    /// The newest state (round and findings), nil before the first round.
    public var state: EnsembleState? { history.latest.map { EnsembleState(snapshot: $0, findings: findings) } }

    /// Records a round; returns the events it caused.
    @discardableResult
    public mutating func record(_ round: EnsembleSnapshot) -> [TimelineEvent] {
        let previous = state
        history.append(round)
        var resets: [ResetEvent] = []
        for member in round.members {
            let found = continuity[member.address, default: MemberContinuity()].observe(member)
            for reset in found {
                if reset.kind == .processRestart { restartCounts[member.address, default: 0] += 1 }
                if reset.kind == .pause { pauseCounts[member.address, default: 0] += 1 }
            }
            resets += found
        }
        findings = detectAll(history: history, configuration: configuration, thresholds: thresholds)
        let new = Timeline.events(
            from: previous, to: EnsembleState(snapshot: round, findings: findings), lastKnownEpoch: lastKnownEpoch,
            resets: resets)
        if let epoch = round.maxEpoch { lastKnownEpoch = max(lastKnownEpoch ?? epoch, epoch) }
        events.append(contentsOf: new)
        if events.count > eventCapacity { events.removeFirst(events.count - eventCapacity) }
        return new
    }

    /// The newest snapshot of a member, to pass as `previous` to `MemberSnapshot.assemble`.
    public func latestSnapshot(of address: String) -> MemberSnapshot? {
        history.rounds.last { $0.member(address) != nil }?.member(address)
    }

    /// The `check --json` document for the newest round.
    public var report: CheckReport {
        var report = CheckReport(history: history, findings: findings, thresholds: thresholds)
        for index in report.members.indices {
            report.members[index].restarts = restartCounts[report.members[index].address, default: 0]
            report.members[index].pauses = pauseCounts[report.members[index].address, default: 0]
        }
        return report
    }

    /// Read/write rates of one member over the rate window.
    public func rates(of address: String) -> MemberRates {
        history.rates(of: address, seconds: thresholds.rateWindowSeconds)
    }

    /// Ensemble-wide rates over the rate window.
    public var ensembleRates: EnsembleRates {
        EnsembleRates.compute(history: history, seconds: thresholds.rateWindowSeconds)
    }
}
