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
            var remedy =
                "Start the ZooKeeper service on that host and check its log for why it stopped; "
                + "until it is back the ensemble tolerates one failure less"
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
                Finding(
                    code: .memberNotServing, severity: .warning, members: [address],
                    message: "\(address) is up but not serving requests (no quorum, or it cannot join the leader)",
                    evidence: evidence,
                    remedy: "Check that its server.N lines match the other members and that it reaches their "
                        + "quorum and election ports; its log says why (`Cannot open channel`, epoch errors)"))
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
