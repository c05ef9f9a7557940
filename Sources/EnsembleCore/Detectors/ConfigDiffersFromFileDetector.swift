/// `config-differs-from-file`: a serving member's server list differs from the zoo.cfg zkscope was given.
public let detectConfigDiffersFromFile: Detector = { history, configuration, _ in
    guard let configuration, configuration.hasServerList, let latest = history.latest else { return [] }
    let file = configuration.servers
    var findings: [Finding] = []
    for member in latest.members where member.isServing {
        guard let list = member.membership, !listsAgree(list, file) else { continue }
        let extra = list.filter { spec in !file.contains { $0.agrees(with: spec) } }.map(\.description)
        let missing = file.filter { spec in !list.contains { $0.agrees(with: spec) } }.map(\.description)
        var evidence = [
            "member_has": extra.joined(separator: " | "), "file_has": missing.joined(separator: " | "),
            "file": configuration.source,
        ]
        // The dynamic file's name carries its version: a lower one than the member's is a stale copy.
        if let fileVersion = configuration.dynamicConfigVersion, let memberVersion = member.configVersion {
            evidence["file_version"] = String(fileVersion, radix: 16)
            evidence["member_version"] = String(memberVersion, radix: 16)
        }
        findings.append(
            Finding(
                code: .configDiffersFromFile, severity: .warning, members: [member.address],
                message: "\(member.address) runs with a server list that differs from \(configuration.source)",
                evidence: evidence,
                remedy:
                    "Decide which list is right; update \(configuration.source) or the member's zoo.cfg so they match, "
                    + "and restart the member if its file changes"))
    }
    return findings
}
