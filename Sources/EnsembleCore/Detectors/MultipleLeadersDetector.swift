/// `multiple-leaders`: more than one member serving as leader for `persistPolls` rounds: split brain.
public let detectMultipleLeaders: Detector = { history, _, thresholds in
    guard let latest = history.latest,
        history.roundsPersisted(polls: thresholds.persistPolls, { $0.leaders.count > 1 })
    else { return [] }
    let leaders = latest.leaders
    var evidence: [String: String] = [:]
    for leader in leaders {
        evidence[leader.address] =
            "epoch \(leader.epoch.map(String.init) ?? "?"), zxid \(leader.zxid?.description ?? "?")"
    }
    return [
        Finding(
            code: .multipleLeaders, severity: .critical, members: leaders.map(\.address),
            message: "\(leaders.count) members claim to lead at once: the ensemble is split",
            evidence: evidence,
            remedy: "Compare the server lists of these members (they form separate ensembles); fix zoo.cfg "
                + "so every member lists the same servers, then restart the smaller side")
    ]
}
