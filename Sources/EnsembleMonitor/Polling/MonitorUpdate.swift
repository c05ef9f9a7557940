import EnsembleCore

/// What the monitor publishes after each poll round: the newest state, what changed, and the
/// whole tracker (history, rates, report) for screens that need more than the newest round.
///
/// A value: consumers may keep it, diff it or hand it to another task. Copying is cheap (the
/// tracker's history is copy-on-write).
public struct MonitorUpdate: Sendable {
    /// 1 for the first round, then +1 per round; tests count poll rounds with it.
    public var round: Int
    /// The newest round and its findings.
    public var state: EnsembleState
    /// Events this round caused (leader change, election, restart, finding raised or cleared).
    public var events: [TimelineEvent]
    /// The tracker after recording this round: `history`, `findings`, `events`, `report`, `rates(of:)`.
    public var tracker: EnsembleTracker
    /// Per member address: which sources answered, which are blocked and why, the AdminServer's state.
    public var sources: [String: SourceReport]
    /// How long the round took (bounded by the probe deadline).
    public var roundDuration: Duration

    /// Builds an update.
    public init(
        round: Int, state: EnsembleState, events: [TimelineEvent], tracker: EnsembleTracker,
        sources: [String: SourceReport], roundDuration: Duration
    ) {
        self.round = round
        self.state = state
        self.events = events
        self.tracker = tracker
        self.sources = sources
        self.roundDuration = roundDuration
    }

    /// The findings on the newest round, most severe first.
    public var findings: [Finding] { state.findings }

    /// The newest snapshot of every member, in configuration order.
    public var members: [MemberSnapshot] { state.snapshot.members }
}
