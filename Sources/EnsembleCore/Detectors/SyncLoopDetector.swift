/// `member-sync-loop`: a member keeps connecting to the leader and dropping (facts §7d).
///
/// The leader shows it: `zk_cnt_socket_closing_time` climbs (≈440/s in the capture; ~0 when
/// healthy), often with `zk_learners` above `zk_synced_followers`, while the member itself stays
/// up but not serving. The classic cause is leftover data with a higher epoch: that member
/// would win the next election and overwrite the whole ensemble with its data.
public let detectSyncLoop: Detector = { history, _, thresholds in
    guard let latest = history.latest, let leader = latest.leaders.first else { return [] }
    let series = history.recent(leader.address, polls: thresholds.persistPolls + 1) ?? []
    guard series.count >= 2 else { return [] }
    var closeRates: [Double] = []
    for index in series.indices.dropFirst() {
        let before = series[index - 1]
        let after = series[index]
        guard before.role == .leader, after.role == .leader,
            let rate = counterRate(
                previous: before.counter("cnt_socket_closing_time"), current: after.counter("cnt_socket_closing_time"),
                seconds: after.time - before.time)
        else { return [] }
        closeRates.append(rate)
    }
    guard closeRates.allSatisfy({ $0 >= thresholds.syncLoopSocketClosesPerSecond }) else { return [] }
    let stuck = latest.members.filter { member in
        member.reachability == .notServing
            && history.persisted(member.address, polls: thresholds.persistPolls) { $0.reachability == .notServing }
    }
    let concerned = stuck.isEmpty ? [leader.address] : stuck.map(\.address)
    let who = stuck.isEmpty ? "A learner" : stuck.map(\.address).joined(separator: ", ")
    return [
        Finding(
            code: .memberSyncLoop, severity: .critical, members: concerned,
            message: "\(who) keeps joining the leader and dropping; if it holds leftover data with a higher epoch "
                + "it would win the next election and overwrite the ensemble",
            evidence: [
                "leader": leader.address,
                "socket_closes_per_second": format(closeRates.last ?? 0),
                "learners": leader.learners.map(String.init) ?? "?",
                "synced_followers": leader.syncedFollowers.map(String.init) ?? "?",
            ],
            remedy: "Do not restart the leader. Stop the looping member, wipe its data dir (version-2) but keep "
                + "its myid file, and start it again: it will take a fresh snapshot from the leader")
    ]
}
