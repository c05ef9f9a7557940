import ZooKeeperAdmin

/// `zxid-lag`: a serving member trails the newest zxid by more than `zxidLagTransactions`,
/// for `persistPolls` rounds.
///
/// Right after an election the leader shows the new epoch (`0x200000000`) while followers show
/// the old epoch's last zxid until the first write; that is not lag, so a member on an older
/// epoch only lags when the newest zxid has writes in its epoch.
public let detectZxidLag: Detector = { history, _, thresholds in
    func lags(in round: EnsembleSnapshot) -> [String: Int64] {
        let serving = round.members.filter { $0.isServing && $0.zxid != nil }
        guard let newest = serving.compactMap(\.zxid).max() else { return [:] }
        var result: [String: Int64] = [:]
        for member in serving {
            guard let zxid = member.zxid else { continue }
            let lag: Int64
            if zxid.epoch == newest.epoch {
                lag = newest.counter - zxid.counter
            } else {
                lag = newest.counter
            }
            if lag > thresholds.zxidLagTransactions { result[member.address] = lag }
        }
        return result
    }
    let rounds = history.last(thresholds.persistPolls)
    guard rounds.count == thresholds.persistPolls, let latest = rounds.last else { return [] }
    let current = lags(in: latest)
    let persistent = current.filter { address, _ in rounds.allSatisfy { lags(in: $0)[address] != nil } }
    guard let newest = latest.members.filter(\.isServing).compactMap(\.zxid).max() else { return [] }
    return persistent.sorted { $0.key < $1.key }.map { address, lag in
        let zxid = latest.member(address)?.zxid
        return Finding(
            code: .zxidLag, severity: .warning, members: [address],
            message: "\(address) is \(lag) transactions behind the newest zxid",
            evidence: ["zxid": zxid?.description ?? "?", "newest_zxid": newest.description, "lag": String(lag)],
            remedy: "Check that member's disk (fsync time), network to the leader and GC pauses; a follower that "
                + "cannot keep up serves stale reads")
    }
}
