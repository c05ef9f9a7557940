/// The elections each member took part in within `counterWindowSeconds`, and how long each took (ms).
///
/// `zk_cnt_election_time` rises by one and `zk_sum_election_time` by its length (from entering LOOKING to
/// serving) per election a process finishes. Both survive elections (per process), and a restarted process's
/// first election is not counted (its counters started over): a restart is `member-restarting`, not an election.
private func elections(_ history: SnapshotHistory, _ thresholds: Thresholds) -> [(
    address: String, count: Int64, lengths: [Double]
)] {
    history.addresses.compactMap { address in
        let steps = history.counterSteps(
            of: address, ["cnt_election_time", "sum_election_time"], seconds: thresholds.counterWindowSeconds
        )
        .filter { $0.deltas[0] > 0 }
        guard !steps.isEmpty else { return nil }
        let count = steps.reduce(Int64(0)) { saturatingAdd($0, $1.deltas[0]) }
        return (address, count, steps.map { Double($0.deltas[1]) / Double($0.deltas[0]) })
    }
}

/// `leader-elections`: leader elections within `counterWindowSeconds` (`rules/zk.yml`:
/// `increase(election_time_count[5m]) > 0`). Every member that stays up takes part in each election, so the
/// ensemble's count is the largest member's. `electionsForWarning` or more is a warning; one is info (a planned
/// restart of the leader looks exactly like this).
public let detectLeaderElections: Detector = { history, _, thresholds in
    let seen = elections(history, thresholds)
    guard let most = seen.map({ $0.count }).max() else { return [] }
    var evidence: [String: String] = [:]
    for entry in seen { evidence[entry.address] = String(entry.count) }
    evidence["window_seconds"] = format(thresholds.counterWindowSeconds)
    let many = most >= Int64(thresholds.electionsForWarning)
    return [
        Finding(
            code: .leaderElections, severity: many ? .warning : .info, members: seen.map { $0.address },
            message:
                "\(most) leader election\(most == 1 ? "" : "s") in the last \(seconds(thresholds.counterWindowSeconds))"
                + ": clients had no service while each ran",
            evidence: evidence,
            remedy: many
                ? "Elections keep happening: look for a leader that restarts or pauses (jvm-pausing, fsync-slow), "
                    + "and for network trouble between members (the leader's log: `Timeout while waiting for quorum`)"
                : "Nothing to do if the leader was restarted on purpose; otherwise read the old leader's log")
    ]
}

/// `election-slow`: an election within `counterWindowSeconds` took longer than `electionSlowMs`.
public let detectElectionSlow: Detector = { history, _, thresholds in
    let slow = elections(history, thresholds).compactMap { entry -> (String, Double)? in
        guard let longest = entry.lengths.max(), longest > thresholds.electionSlowMs else { return nil }
        return (entry.address, longest)
    }
    guard let worst = slow.map({ $0.1 }).max() else { return [] }
    var evidence: [String: String] = [:]
    for (address, length) in slow { evidence[address] = format(length) + " ms" }
    return [
        Finding(
            code: .electionSlow, severity: .warning, members: slow.map { $0.0 },
            message: "A leader election took \(format(worst)) ms (limit \(format(thresholds.electionSlowMs)) ms): "
                + "no writes or reads were served meanwhile",
            evidence: evidence,
            remedy: "An election lasts until a majority can talk: check that every member reaches the others' election "
                + "ports (3888) and that their server lists agree; a long one after a quorum loss counts the whole outage"
        )
    ]
}
