/// `member-paused`: a member that stopped answering (its polls timed out) and came back as the same
/// process — its uptime and per-process counters went on, nothing refused connections.
///
/// That is what a long GC pause, a stalled VM, swapping or a hung disk look like from outside; calling
/// it a restart sends an operator hunting a crash loop that does not exist. One freeze in
/// `pauseWindowSeconds` is info; `pausesForWarning` of them a warning with the remedy. The JVM's own
/// pause monitor numbers (`zk_max_jvm_pause_time_ms`, `zk_cnt_jvm_pause_time_ms`, with
/// `jvm.pause.monitor=true`) are added when the server reports them.
public let detectPauses: Detector = { history, _, thresholds in
    guard let now = history.latest?.time else { return [] }
    var findings: [Finding] = []
    for address in history.addresses {
        let pauses = history.resetEvents(of: address)
            .filter { $0.kind == .pause && $0.time >= now - thresholds.pauseWindowSeconds }
        guard let last = pauses.last else { continue }
        let lengths = pauses.map { format($0.pauseSeconds ?? 0) + " s" }
        let longest = pauses.compactMap(\.pauseSeconds).max() ?? 0
        var evidence: [String: String] = [
            "pauses": String(pauses.count), "window_seconds": format(thresholds.pauseWindowSeconds),
            "pause_seconds": lengths.joined(separator: ", "),
        ]
        for (key, value) in last.evidence where key != "paused_seconds" { evidence["last_" + key] = value }
        let repeated = pauses.count >= thresholds.pausesForWarning
        findings.append(
            Finding(
                code: .memberPaused, severity: repeated ? .warning : .info, members: [address],
                message: repeated
                    ? "\(address) froze \(pauses.count) times in \(format(thresholds.pauseWindowSeconds)) s "
                        + "(longest about \(format(longest)) s): the same process stopped answering, not a restart"
                    : "\(address) froze for about \(format(last.pauseSeconds ?? 0)) s and resumed: "
                        + "the same process, not a restart",
                evidence: evidence,
                remedy: repeated
                    ? "Find what stops the JVM: GC pauses (heap too small or too large for its collector: "
                        + "see the GC log and zk_max_jvm_pause_time_ms with jvm.pause.monitor=true), swapping "
                        + "(vm.swappiness, memory limits), a slow or hung disk under dataLogDir (fsync times), or "
                        + "a stalled VM/host; a freeze longer than the session timeout expires client sessions"
                    : "Nothing to do if it does not repeat; a GC log or jvm.pause.monitor=true tells a GC pause "
                        + "from a stalled VM or disk"))
    }
    return findings
}
