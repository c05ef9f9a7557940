import ZooKeeperAdmin

/// `znode-count-divergence`: members at the same zxid disagree on the node count.
///
/// Uses the zxid and count `srvr` reports in one reply. Same zxid means same transactions
/// applied, so different counts mean different trees. Must hold in `persistPolls` rounds
/// (at whatever zxid each round shares) to rule out a reply caught mid-apply.
public let detectZnodeCountDivergence: Detector = { history, _, thresholds in
    func divergence(in round: EnsembleSnapshot) -> (Zxid, [String: Int64])? {
        var byZxid: [Zxid: [String: Int64]] = [:]
        for member in round.members where member.isServing {
            guard let sample = member.znodesAtZxid else { continue }
            byZxid[sample.zxid, default: [:]][member.address] = sample.znodes
        }
        for (zxid, counts) in byZxid.sorted(by: { $0.key > $1.key }) where Set(counts.values).count > 1 {
            return (zxid, counts)
        }
        return nil
    }
    let rounds = history.last(thresholds.persistPolls)
    guard rounds.count == thresholds.persistPolls, rounds.allSatisfy({ divergence(in: $0) != nil }),
        let latest = rounds.last, let (zxid, counts) = divergence(in: latest)
    else { return [] }
    var evidence = ["zxid": zxid.description]
    for (address, count) in counts { evidence[address] = String(count) }
    return [
        Finding(
            code: .znodeCountDivergence, severity: .critical, members: Array(counts.keys),
            message: "Members at zxid \(zxid) hold different node counts: their data has diverged",
            evidence: evidence,
            remedy: "Find the odd member out (compare with the leader), stop it, wipe its data dir but keep myid, "
                + "and start it again so it takes a snapshot from the leader")
    ]
}
