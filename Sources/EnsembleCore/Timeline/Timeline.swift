import ZooKeeperAdmin

/// Derives timeline events as a pure diff of two consecutive ensemble states.
public enum Timeline {
    /// Events between `previous` and `current` (nil previous: only raised findings are reported).
    ///
    /// `lastKnownEpoch` is the newest epoch seen before `current` (a round in which nobody served
    /// has none); without it the previous round's epoch is used. `resets` are what the members'
    /// ``MemberContinuity`` found in `current` (a restart or pause spans several rounds, so a diff of
    /// two rounds cannot see it): their restarts and pauses become events.
    public static func events(
        from previous: EnsembleState?, to current: EnsembleState, lastKnownEpoch: Int64? = nil,
        resets: [ResetEvent] = []
    ) -> [TimelineEvent] {
        let time = current.snapshot.time
        var events: [TimelineEvent] = []
        if let previous {
            for member in current.snapshot.members {
                guard let before = previous.snapshot.member(member.address) else { continue }
                if before.reachability != member.reachability {
                    events.append(
                        TimelineEvent(
                            time: time, kind: .memberStateChanged(from: before.reachability, to: member.reachability),
                            members: [member.address],
                            message:
                                "\(member.address): \(before.reachability.rawValue) → \(member.reachability.rawValue)"))
                }
                if before.isServing, member.isServing, before.role != member.role {
                    events.append(
                        TimelineEvent(
                            time: time, kind: .roleChanged(from: before.role, to: member.role),
                            members: [member.address],
                            message:
                                "\(member.address): \(before.role?.description ?? "?") → \(member.role?.description ?? "?")"
                        ))
                }
            }
            for reset in resets where reset.kind == .processRestart || reset.kind == .pause {
                events.append(event(for: reset))
            }
            let oldLeader = previous.snapshot.leaders.first?.address
            let newLeader = current.snapshot.leaders.first?.address
            if oldLeader != newLeader, newLeader != nil || oldLeader != nil {
                events.append(
                    TimelineEvent(
                        time: time, kind: .leaderChanged(from: oldLeader, to: newLeader),
                        members: [oldLeader, newLeader].compactMap { $0 },
                        message: newLeader.map { "Leader is now \($0)" + (oldLeader.map { " (was \($0))" } ?? "") }
                            ?? "No leader (was \(oldLeader ?? "?"))"))
            }
            let oldEpoch = lastKnownEpoch ?? previous.snapshot.maxEpoch
            if let newEpoch = current.snapshot.maxEpoch, newEpoch > (oldEpoch ?? newEpoch) {
                events.append(
                    TimelineEvent(
                        time: time, kind: .election(fromEpoch: oldEpoch, toEpoch: newEpoch),
                        members: current.snapshot.leaders.map(\.address),
                        message: "Election: epoch \(oldEpoch.map(String.init) ?? "?") → \(newEpoch)"))
            }
        }
        let before = Dictionary(
            (previous?.findings ?? []).map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(current.findings.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        // A finding whose severity changed is cleared at the old severity and raised at the new one, so a
        // reader of the event stream (`check --follow`) never keeps a severity that no longer holds.
        for finding in current.findings {
            guard let old = before[finding.key], old.severity != finding.severity else { continue }
            events.append(
                TimelineEvent(
                    time: time, kind: .findingCleared(old), members: old.members,
                    message: "cleared \(old.severity.rawValue) \(old.code): now \(finding.severity.rawValue)"))
            events.append(
                TimelineEvent(
                    time: time, kind: .findingRaised(finding), members: finding.members,
                    message: "\(finding.severity.rawValue) \(finding.code): \(finding.message)"))
        }
        for finding in current.findings where before[finding.key] == nil {
            events.append(
                TimelineEvent(
                    time: time, kind: .findingRaised(finding), members: finding.members,
                    message: "\(finding.severity.rawValue) \(finding.code): \(finding.message)"))
        }
        for finding in previous?.findings ?? [] where after[finding.key] == nil {
            events.append(
                TimelineEvent(
                    time: time, kind: .findingCleared(finding), members: finding.members,
                    message: "cleared \(finding.code)"))
        }
        return events
    }

    /// The timeline event of a restart or a pause.
    static func event(for reset: ResetEvent) -> TimelineEvent {
        let address = reset.address
        if reset.kind == .pause {
            let seconds = reset.pauseSeconds ?? 0
            return TimelineEvent(
                time: reset.time, kind: .memberPaused(seconds: seconds), members: [address],
                message: "\(address) froze for about \(format(seconds)) s and resumed: the same process "
                    + "(uptime and counters went on), not a restart", evidence: reset.evidence)
        }
        let how: String
        if let refused = reset.evidence["refused_window"] {
            how = "refused connections (\(refused)), then answered \(reset.evidence["answer"] ?? "serving")"
        } else {
            how = "uptime and per-process counters started over"
        }
        return TimelineEvent(
            time: reset.time, kind: .memberRestarted(reset.kind), members: [address],
            message: "\(address) restarted: \(how)", evidence: reset.evidence)
    }
}
