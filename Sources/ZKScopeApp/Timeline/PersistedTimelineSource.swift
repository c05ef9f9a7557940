import EnsembleCore

/// Where the dashboard reads the events `serve` persisted for its ensemble (the executable wires the SQLite
/// store; tests a fake). The dashboard only reads; a read is done off the draw path, at start and every
/// ``DashboardSession/persistedRefresh``.
public protocol PersistedTimelineSource: Sendable {
    /// The stored events of `ensemble`, oldest first, with Unix-second times; empty when there is no database
    /// yet. A thrown error's description is one line for the status bar (the file and the fix).
    func events(ensemble: String) async throws -> [TimelineEvent]
}

/// One line of the Findings pane's timeline: an event and whether it came from the persisted store (seen by
/// `serve`, maybe before this dashboard started) rather than this dashboard's own polls.
public struct TimelineEntry: Hashable, Sendable {
    /// The event; its time is on the tracker's clock (add `clockOffset` for Unix time), as live events are.
    public var event: TimelineEvent
    /// Read from the persisted timeline, not seen by this dashboard.
    public var persisted: Bool

    /// Builds an entry.
    public init(event: TimelineEvent, persisted: Bool) {
        self.event = event
        self.persisted = persisted
    }
}

/// Merges the persisted events into the live timeline without showing anything twice.
public enum PersistedTimelineMerge {
    /// How far apart (seconds) a persisted and a live event of the same kind and members may be and still be
    /// the same happening: `serve` and the dashboard poll on their own clocks, a round or two apart.
    public static let window: Double = 15

    /// The timeline, newest first: every live event, and the persisted events that no live event matches.
    ///
    /// - Parameters:
    ///   - live: this dashboard's events, newest first, times on the tracker's clock.
    ///   - persisted: stored events, any order, Unix times.
    ///   - clockOffset: Unix time minus tracker time.
    public static func entries(live: [TimelineEvent], persisted: [TimelineEvent], clockOffset: Double)
        -> [TimelineEntry]
    {
        guard !persisted.isEmpty else { return live.map { TimelineEntry(event: $0, persisted: false) } }
        var liveByKey: [String: [Double]] = [:]
        for event in live { liveByKey[key(event), default: []].append(event.time + clockOffset) }
        var entries = live.map { TimelineEntry(event: $0, persisted: false) }
        var seen = Set<TimelineEvent>()
        for var event in persisted {
            let times = liveByKey[key(event)] ?? []
            if times.contains(where: { abs($0 - event.time) <= window }) { continue }
            event.time -= clockOffset
            guard seen.insert(event).inserted else { continue }
            entries.append(TimelineEntry(event: event, persisted: true))
        }
        // Newest first; at equal times the live one first (stable order for tests and eyes).
        return entries.enumerated().sorted { lhs, rhs in
            if lhs.element.event.time != rhs.element.event.time {
                return lhs.element.event.time > rhs.element.event.time
            }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }

    /// What two observers of the same happening agree on: its kind (a finding's code and severity, not its
    /// numbers; a pause without its length) and the members.
    static func key(_ event: TimelineEvent) -> String {
        let kind: String
        switch event.kind {
        case .findingRaised(let finding): kind = "raised \(finding.code.rawValue) \(finding.severity.rawValue)"
        case .findingCleared(let finding): kind = "cleared \(finding.code.rawValue)"
        case .memberPaused: kind = "paused"
        case .memberRestarted: kind = "restarted"
        default: kind = "\(event.kind)"
        }
        return kind + " " + event.members.sorted().joined(separator: ",")
    }
}
