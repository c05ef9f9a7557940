import ZooKeeperAdmin

/// `config-mismatch`: serving members report different server lists (`conf` membership / voting_view).
///
/// Only serving members can be read (a member whose list breaks the quorum stays LOOKING and
/// hides its list; it shows up as `member-not-serving`). The finding names each member's lines
/// that the majority list does not have. Critical when quorum or election addresses differ,
/// warning when only client addresses do. Members' dynamic config versions (`conf`'s `version=`) are in the
/// evidence; the same list under different versions (a member that missed a `reconfig`) is a warning too.
public let detectConfigMismatch: Detector = { history, _, _ in
    guard let latest = history.latest else { return [] }
    let reporting = latest.members.filter { $0.isServing && $0.membership != nil }
    guard reporting.count >= 2 else { return [] }
    // The reference list: the one most members share (ties: the leader's).
    var groups: [[ServerSpec]: [MemberSnapshot]] = [:]
    for member in reporting { groups[member.membership ?? [], default: []].append(member) }
    let versions = configVersions(reporting)
    guard groups.count > 1 else { return versions.map { [versionMismatch(reporting, $0)] } ?? [] }
    let leaderList = latest.leaders.first?.membership
    let reference =
        groups.max { lhs, rhs in
            if lhs.value.count != rhs.value.count { return lhs.value.count < rhs.value.count }
            return rhs.key == leaderList
        }?.key ?? []

    var evidence: [String: String] = [:]
    var differing: [String] = []
    var quorumLevel = false
    for member in reporting where !listsAgree(member.membership ?? [], reference) {
        differing.append(member.address)
        let list = member.membership ?? []
        let extra = list.filter { spec in !reference.contains { $0.agrees(with: spec) } }
        let missing = reference.filter { spec in !list.contains { $0.id == spec.id } }
        var lines = extra.map(\.description)
        lines += missing.map { "missing server.\($0.id)" }
        evidence[member.address] = lines.joined(separator: " | ")
        for spec in extra {
            guard let other = reference.first(where: { $0.id == spec.id }) else {
                quorumLevel = true
                continue
            }
            if other.host != spec.host || other.quorumPort != spec.quorumPort || other.electionPort != spec.electionPort
                || other.type != spec.type
            {
                quorumLevel = true
            }
        }
        if !missing.isEmpty { quorumLevel = true }
    }
    // Lists that differ only in what one side leaves out (a missing `;client` part) agree.
    guard !differing.isEmpty else { return [] }
    evidence["majority"] = reference.map(\.description).joined(separator: " | ")
    if let versions { evidence["config_versions"] = versions }
    return [
        Finding(
            code: .configMismatch, severity: quorumLevel ? .critical : .warning, members: differing,
            message: "Server lists differ between members: \(differing.sorted().joined(separator: ", ")) "
                + "disagree with the others",
            evidence: evidence,
            remedy: "Make the server.N lines identical in every member's zoo.cfg (copy them from one file), "
                + "then restart the differing members one at a time")
    ]
}

/// `addr=version` (hex, as `conf` prints it) of every member that reported one, when they are not all the same.
func configVersions(_ members: [MemberSnapshot]) -> String? {
    let reported = members.compactMap { member in member.configVersion.map { (member.address, $0) } }
    guard Set(reported.map(\.1)).count > 1 else { return nil }
    return reported.sorted { $0.0 < $1.0 }.map { "\($0.0)=\(String($0.1, radix: 16))" }.joined(separator: ", ")
}

/// Members agree on the list but not on its version: the ones behind the newest version missed a `reconfig`.
private func versionMismatch(_ members: [MemberSnapshot], _ versions: String) -> Finding {
    let newest = members.compactMap(\.configVersion).max()
    let behind = members.filter { $0.configVersion != nil && $0.configVersion != newest }.map(\.address)
    return Finding(
        code: .configMismatch, severity: .warning, members: behind,
        message: "Members run different dynamic config versions of the same server list",
        evidence: ["config_versions": versions],
        remedy: "A member on an older version missed a reconfig: compare /zookeeper/config on each member, and "
            + "restart a member that stays behind so it syncs the config from the leader")
}

/// Two lists agree when they name the same ids and every pair agrees on the parts both state.
func listsAgree(_ lhs: [ServerSpec], _ rhs: [ServerSpec]) -> Bool {
    guard lhs.count == rhs.count else { return false }
    return lhs.allSatisfy { spec in rhs.contains { $0.agrees(with: spec) } }
}
