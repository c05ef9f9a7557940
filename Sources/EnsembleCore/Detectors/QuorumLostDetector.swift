/// `quorum-lost`: for `persistPolls` rounds, no serving leader backed by a majority of voters.
///
/// A quorum holds when a serving leader exists and either a majority of voters serve, or the
/// leader itself reports enough synced followers (members zkscope does not poll still count).
public let detectQuorumLost: Detector = { history, configuration, thresholds in
    guard let voters = expectedVoters(history, configuration), voters.count >= 2, let latest = history.latest
    else { return [] }
    let needed = majority(of: voters.count)
    func hasQuorum(_ round: EnsembleSnapshot) -> Bool {
        guard let leader = round.leaders.first else { return false }
        if round.servingVoters.count >= needed { return true }
        if let synced = leader.syncedFollowers, synced >= Int64(needed - 1) { return true }
        return false
    }
    guard history.roundsPersisted(polls: thresholds.persistPolls, { !hasQuorum($0) }) else { return [] }
    return [
        Finding(
            code: .quorumLost, severity: .critical, members: latest.members.map(\.address),
            message: "No quorum: \(latest.servingVoters.count) of \(voters.count) voters serving, \(needed) needed; "
                + "clients can neither read nor write",
            evidence: [
                "serving_voters": String(latest.servingVoters.count), "voters": String(voters.count),
                "needed": String(needed), "leaders": String(latest.leaders.count),
            ],
            remedy: "Bring the down or not-serving members back (see their findings); a majority must run "
                + "with matching server lists and reach each other's quorum and election ports")
    ]
}
