/// `member-down`, `member-not-serving`, `member-unresponsive`: a member that has not served for
/// `persistPolls` rounds, reported by its newest state (a clean election's sub-second LOOKING is
/// not reported). A starting or looping member mixes states (refused, timed out while the JVM
/// starts, not serving, empty replies), so persistence counts any non-serving state.
public let detectMemberAvailability: Detector = { history, _, thresholds in
    guard let latest = history.latest else { return [] }
    var findings: [Finding] = []
    for member in latest.members {
        let address = member.address
        let state = member.reachability
        guard state != .serving, history.persisted(address, polls: thresholds.persistPolls, { !$0.isServing })
        else { continue }
        let outage = history.series(address).reversed().prefix { !$0.isServing }
        let since = outage.last?.time ?? member.time
        let evidence = [
            "state": state.rawValue, "polls": String(outage.count), "seconds": format(member.time - since),
        ]
        switch state {
        case .down:
            // Down has three causes with three fixes: say which one this is.
            var message = "\(address) refuses connections on its client port: the process is not running"
            // A standalone server has no failures to tolerate: while it is down nothing serves.
            let consequence =
                latest.members.count == 1
                ? "until it is back, clients can neither read nor write"
                : "until it is back the ensemble tolerates one failure less"
            var remedy =
                "Start the ZooKeeper service on that host and check its log for why it stopped; " + consequence
            switch member.sources[.srvr] {
            case .hostNotFound(let host)?:
                message = "\(address) cannot be reached: host \(host) does not resolve"
                remedy = "Fix the member's address (DNS, /etc/hosts, or the server list zkscope was given)"
            case .notZooKeeper(let why)?:
                message = "\(address) answers, but not as ZooKeeper: \(why)"
                remedy =
                    "Another service (or a TLS-only port) listens there: check the member's clientPort and "
                    + "the address zkscope was given"
            default:
                break
            }
            findings.append(
                Finding(
                    code: .memberDown, severity: .warning, members: [address], message: message,
                    evidence: evidence, remedy: remedy))
        case .notServing:
            findings.append(
                notServingFinding(member, latest: latest, history: history, since: since, evidence: evidence))
        case .unresponsive:
            findings.append(
                Finding(
                    code: .memberUnresponsive, severity: .warning, members: [address],
                    message: "\(address) accepts connections but never answers",
                    evidence: evidence,
                    remedy: "The JVM is hung or starved (GC, swap, SIGSTOP): take a thread dump (jstack), "
                        + "check memory and CPU, and restart it if it does not recover"))
        case .serving:
            break
        }
    }
    return findings
}

/// `member-not-serving` with what the other members show about why.
///
/// A LOOKING member says nothing about its elections over 4lw or the AdminServer (`mntr` answers
/// "not currently serving", `monitor` a 500, `zabstate` an empty phase), so the reason is read from its
/// peers: when they serve without it under a leader, it cannot reach them or does not agree with them
/// (a network partition on its quorum/election ports, or a server list that differs); when the
/// leader counts it as a learner that never syncs, it reaches the leader but fails to sync; when the
/// peers do not serve either, the quorum is lost.
func notServingFinding(
    _ member: MemberSnapshot, latest: EnsembleSnapshot, history: SnapshotHistory, since: Double,
    evidence base: [String: String]
) -> Finding {
    let address = member.address
    var evidence = base
    // Not serving since: the start of this run of not-serving answers (a restart's refused window before it
    // is the process being away, not looking).
    let lookingSince =
        history.series(address).reversed().prefix { $0.reachability == .notServing }.last?.time ?? since
    let seconds = format(member.time - lookingSince)
    evidence["looking_seconds"] = seconds
    let peers = latest.members.filter { $0.address != address }
    let servingPeers = peers.filter { $0.isServing && ($0.role?.isVoter ?? false) }
    evidence["peers_serving"] = "\(servingPeers.count) of \(peers.count)"
    let downPeers = peers.filter { $0.reachability == .down || $0.reachability == .unresponsive }
    if !downPeers.isEmpty { evidence["peers_down"] = downPeers.map(\.address).joined(separator: ", ") }
    if let lastServing = history.series(address).last(where: \.isServing), let zxid = lastServing.zxid {
        evidence["last_served_zxid"] = zxid.description
    }
    let message: String
    let remedy: String
    if let leader = latest.leaders.first(where: { $0.address != address }) {
        evidence["leader"] = leader.address
        let synced = leader.syncedFollowers
        let learners = leader.learners
        if let synced { evidence["leader_synced_followers"] = String(synced) }
        if let learners { evidence["leader_learners"] = String(learners) }
        if let synced, let learners, learners > synced {
            message =
                "\(address) is up but not serving for \(seconds) s: it reaches the leader \(leader.address) "
                + "(\(learners) learners, \(synced) synced) but does not finish syncing"
            remedy =
                "Read its log for the sync error (an epoch it accepted that is higher than the leader's, a "
                + "corrupt or foreign data dir); wiping its data dir makes it take a snapshot from the leader"
        } else {
            message =
                "\(address) is up but cannot join the quorum for \(seconds) s: the others serve without it "
                + "(leader \(leader.address)), so it cannot reach them or does not agree with them — "
                + "a network partition on its quorum/election ports, or a server list on it that differs"
            remedy =
                "From its host, connect to the others' quorum and election ports (firewall, routing, "
                + "security groups); compare its server.N lines with theirs; its log says "
                + "`Cannot open channel to N` for an unreachable peer"
        }
    } else {
        message =
            "\(address) is up but not serving for \(seconds) s: no quorum — \(servingPeers.count) of "
            + "\(peers.count) other members serve"
            + (downPeers.isEmpty ? "" : ", \(downPeers.count) down or hung")
        remedy =
            "Bring enough members back for a majority (see their findings); if they are up, check they reach "
            + "each other's quorum and election ports and share one server list"
    }
    return Finding(
        code: .memberNotServing, severity: .warning, members: [address], message: message, evidence: evidence,
        remedy: remedy)
}
