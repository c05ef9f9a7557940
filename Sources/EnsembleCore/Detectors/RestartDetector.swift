/// `member-restarting`: process restarts of a member within `restartWindowSeconds`.
///
/// Restarts are told apart from re-elections by `resetEvents`: an election resets `zk_uptime`
/// on every member but keeps per-process counters; a restart resets both or leaves a
/// connection-refused window. `restartsForLoop` restarts in the window are a warning; one is info.
/// The events come from the member's whole series (the tracker's timeline folds the same series), then
/// the window is applied, so a restart whose refused window began before the window still counts.
public let detectRestarts: Detector = { history, _, thresholds in
    var findings: [Finding] = []
    guard let now = history.latest?.time else { return [] }
    for address in history.addresses {
        let series = history.series(address)
        let restarts = history.resetEvents(of: address)
            .filter { $0.kind == .processRestart && $0.time >= now - thresholds.restartWindowSeconds }
        guard let lastRestart = restarts.last else { continue }
        if let latest = series.last, latest.isServing, latest.time - lastRestart.time >= thresholds.restartQuietSeconds,
            series.allSatisfy({ $0.time < lastRestart.time || $0.isServing })
        {
            continue
        }
        let looping = restarts.count >= thresholds.restartsForLoop
        var evidence: [String: String] = [
            "restarts": String(restarts.count), "window_seconds": format(thresholds.restartWindowSeconds),
        ]
        if let last = restarts.last {
            for (key, value) in last.evidence { evidence["last_" + key] = value }
        }
        findings.append(
            Finding(
                code: .memberRestarting, severity: looping ? .warning : .info, members: [address],
                message: looping
                    ? "\(address) keeps restarting: \(restarts.count) process restarts in \(format(thresholds.restartWindowSeconds)) s"
                    : "\(address) restarted once",
                evidence: evidence,
                remedy: looping
                    ? "Look at its log just before each stop and at the service manager (OOM killer, "
                        + "failing health check, crash on a bad data dir or a server list that differs from the others)"
                    : "Nothing to do if the restart was planned"))
    }
    return findings
}
