/// `sessions-expiring`: sessions expire (`zk_stale_sessions_expired`, counted by the leader's session tracker)
/// or connections that never opened a session are dropped (`zk_sessionless_connections_expired`), at least
/// `sessionExpiries` within `counterWindowSeconds`. A client that dies costs one; a steady stream means clients
/// stop talking for longer than their session timeout.
public let detectSessionsExpiring: Detector = { history, _, thresholds in
    let rises = history.risingCounters(
        ["stale_sessions_expired", "sessionless_connections_expired"], seconds: thresholds.counterWindowSeconds)
    let total = rises.map(\.total).reduce(0, saturatingAdd)
    guard !rises.isEmpty, total >= thresholds.sessionExpiries else { return [] }
    return [
        Finding(
            code: .sessionsExpiring, severity: .warning, members: rises.map(\.address),
            message: "\(total) sessions or sessionless connections expired in the last "
                + "\(seconds(thresholds.counterWindowSeconds)) (limit \(thresholds.sessionExpiries))",
            evidence: evidence(rises),
            remedy: "Their ephemeral nodes and locks went with them: look for clients pausing (GC) or losing the "
                + "network longer than their session timeout, clients killed without closing, or connections that "
                + "never send a ConnectRequest (a TCP health check that holds the port open)")
    ]
}
