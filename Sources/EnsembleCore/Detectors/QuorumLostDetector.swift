/// `quorum-lost`: for `persistPolls` rounds, no serving leader backed by a majority of voters.
///
/// A member only serves as leader, follower or observer while a leader holds a quorum, so one
/// such member is proof enough (this also works when zkscope polls only some members, e.g.
/// `--servers` without the leader). A stale `Mode:` right after a leader dies lasts well under
/// one poll, which the `persistPolls` rule absorbs.
public let detectQuorumLost: Detector = { history, configuration, thresholds in
    guard let voters = expectedVoters(history, configuration), voters.count >= 2, let latest = history.latest
    else { return [] }
    let needed = majority(of: voters.count)
    func hasQuorum(_ round: EnsembleSnapshot) -> Bool {
        round.members.contains { member in
            member.isServing && (member.role == .leader || member.role == .follower || member.role == .observer)
        }
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
