/// `standalone-member`: a member runs standalone while the configuration lists several servers.
///
/// A standalone member accepts writes on its own: clients that reach it see a different tree (split brain).
public let detectStandaloneMember: Detector = { history, configuration, _ in
    guard let latest = history.latest else { return [] }
    let listed = configuration?.servers.count ?? 0
    let observedMembers = latest.members.compactMap(\.membership).map(\.count).max() ?? 0
    let expected = max(listed, observedMembers, latest.members.count)
    guard expected >= 2 else { return [] }
    return latest.members.filter { $0.isServing && $0.role == .standalone }.map { member in
        Finding(
            code: .standaloneMember, severity: .critical, members: [member.address],
            message:
                "\(member.address) runs standalone while the ensemble has \(expected) servers: it is a separate, diverging copy",
            evidence: [
                "mode": "standalone", "expected_servers": String(expected),
                "znodes": member.znodes.map(String.init) ?? "?",
            ],
            remedy: "Its zoo.cfg has no server.N lines (or a different file was used): stop it, give it the "
                + "ensemble's server list, wipe its data dir but keep myid, and start it again")
    }
}
