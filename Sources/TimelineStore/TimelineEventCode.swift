import EnsembleCore

/// The stable codes events are stored and printed under (the same words as `check --follow`'s `kind`), so a
/// database outlives changes to ``TimelineEvent``'s Swift shape and a query can filter on a column.
public enum TimelineEventCode {
    /// The kind code: `member-state-changed`, `role-changed`, `leader-changed`, `election`,
    /// `member-restarted`, `member-paused`, `finding-raised`, `finding-cleared`.
    public static func kind(of event: TimelineEvent) -> String {
        switch event.kind {
        case .memberStateChanged: "member-state-changed"
        case .roleChanged: "role-changed"
        case .leaderChanged: "leader-changed"
        case .election: "election"
        case .memberRestarted: "member-restarted"
        case .memberPaused: "member-paused"
        case .findingRaised: "finding-raised"
        case .findingCleared: "finding-cleared"
        }
    }

    /// The finding behind a `finding-raised`/`finding-cleared` event, nil for the others.
    public static func finding(of event: TimelineEvent) -> Finding? {
        switch event.kind {
        case .findingRaised(let finding), .findingCleared(let finding): finding
        default: nil
        }
    }

    /// The numbers behind the event: a restart's or pause's evidence, else a finding's (nil when empty).
    public static func evidence(of event: TimelineEvent) -> [String: String]? {
        if let evidence = event.evidence, !evidence.isEmpty { return evidence }
        if let finding = finding(of: event), !finding.evidence.isEmpty { return finding.evidence }
        return nil
    }
}
