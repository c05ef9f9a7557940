/// `duplicate-server-id` and `server-id-mismatch`.
///
/// Two members reporting one myid (or two `server.N` lines with one N in the given zoo.cfg)
/// confuse elections and sessions; a member whose myid is not the one the configuration gives
/// its address has the wrong `myid` file (or the list points at the wrong host).
public let detectServerIDs: Detector = { history, configuration, _ in
    var findings: [Finding] = []
    if let configuration {
        for (id, lines) in configuration.duplicateServerIDs.sorted(by: { $0.key < $1.key }) {
            findings.append(
                Finding(
                    code: .duplicateServerID, severity: .critical, members: [],
                    message:
                        "server.\(id) appears \(lines.count) times in \(configuration.source); ZooKeeper keeps only the last",
                    evidence: ["file": configuration.source, "lines": lines.map(String.init).joined(separator: ",")],
                    remedy: "Give every server its own id: keep one server.\(id) line and renumber the others "
                        + "(and their myid files)"))
        }
    }
    guard let latest = history.latest else { return findings }
    var byID: [Int: [MemberSnapshot]] = [:]
    for member in latest.members {
        guard let id = member.serverID, !(id == 0 && member.role == .standalone) else { continue }
        byID[id, default: []].append(member)
    }
    for (id, members) in byID.sorted(by: { $0.key < $1.key }) where members.count > 1 {
        findings.append(
            Finding(
                code: .duplicateServerID, severity: .critical, members: members.map(\.address),
                message: "\(members.count) members report myid \(id)",
                evidence: ["myid": String(id), "members": members.map(\.address).sorted().joined(separator: ",")],
                remedy: "Each member's dataDir/myid must hold its own server.N number: fix the myid files and restart"))
    }
    for member in latest.members {
        guard let expected = member.endpoint.expectedID, let reported = member.serverID, reported != expected,
            !(reported == 0 && member.role == .standalone)
        else { continue }
        findings.append(
            Finding(
                code: .serverIDMismatch, severity: .critical, members: [member.address],
                message:
                    "\(member.address) reports myid \(reported), but the configuration lists it as server.\(expected)",
                evidence: ["expected": String(expected), "reported": String(reported)],
                remedy: "Write \(expected) into that member's dataDir/myid (or fix the server.N line that points at "
                    + "\(member.address)) and restart it"))
    }
    return findings
}
