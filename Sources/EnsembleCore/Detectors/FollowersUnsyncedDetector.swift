/// `followers-unsynced`: the leader has fewer synced followers than voters minus itself,
/// for `persistPolls` rounds.
public let detectFollowersUnsynced: Detector = { history, configuration, thresholds in
    guard let latest = history.latest, let leader = latest.leaders.first else { return [] }
    let voters = leader.quorumSize.map(Int.init) ?? expectedVoters(history, configuration)?.count ?? 0
    guard voters >= 2 else { return [] }
    let expected = voters - 1
    let unsynced = history.persisted(leader.address, polls: thresholds.persistPolls) { snapshot in
        guard snapshot.role == .leader, let synced = snapshot.syncedFollowers else { return false }
        return Int(synced) < expected
    }
    guard unsynced, let synced = leader.syncedFollowers else { return [] }
    let lagging = latest.members.filter { $0.address != leader.address && !($0.isServing && $0.role == .follower) }
    return [
        Finding(
            code: .followersUnsynced, severity: .warning, members: [leader.address] + lagging.map(\.address),
            message: "The leader has \(synced) synced follower(s) of \(expected)",
            evidence: [
                "synced_followers": String(synced), "expected": String(expected),
                "learners": leader.learners.map(String.init) ?? "?",
            ],
            remedy: "Find the follower that is not synced (down, not serving or looping) and fix it; "
                + "until then one more failure loses the quorum")
    ]
}
