/// `jvm-pausing`: the server's JVM (or its host) stopped for a while: GC, swapping, a frozen VM.
///
/// ZooKeeper measures it itself when `jvm.pause.monitor=true` (off by default; `JvmPauseMonitor` sleeps 500 ms
/// in a loop and adds each oversleep to `zk_*_jvm_pause_time_ms`). Between two readings of the same process
/// the rise of `zk_sum_jvm_pause_time_ms` is the time the JVM stood still; a rise of `zk_max_…` is one pause
/// of that length. Warning from `jvmPauseMs`, critical from `jvmPauseCriticalMs`, within `counterWindowSeconds`.
public let detectJvmPausing: Detector = { history, _, thresholds in
    var findings: [Finding] = []
    for address in history.addresses {
        let steps = history.counterSteps(
            of: address, ["cnt_jvm_pause_time_ms", "sum_jvm_pause_time_ms"], seconds: thresholds.counterWindowSeconds)
        guard let worst = steps.max(by: { $0.deltas[1] < $1.deltas[1] }),
            Double(worst.deltas[1]) >= thresholds.jvmPauseMs
        else { continue }
        let paused = Double(worst.deltas[1])
        var evidence: [String: String] = [
            "paused_ms": format(paused), "within_seconds": format(worst.seconds),
            "pause_checks": String(worst.deltas[0]),
        ]
        let series = history.series(address, seconds: thresholds.counterWindowSeconds)
        if let longest = series.last(where: { $0.isServing })?.counter("max_jvm_pause_time_ms") {
            evidence["longest_pause_ms_since_start"] = String(longest)
        }
        let critical = paused >= thresholds.jvmPauseCriticalMs
        findings.append(
            Finding(
                code: .jvmPausing, severity: critical ? .critical : .warning, members: [address],
                message: "\(address)'s JVM stood still for \(format(paused)) ms within \(seconds(worst.seconds)) "
                    + "(limit \(format(critical ? thresholds.jvmPauseCriticalMs : thresholds.jvmPauseMs)) ms)",
                evidence: evidence,
                remedy: "Read its GC log (long full GCs: heap too small for the tree, or too large for the collector), "
                    + "check for swapping (vm.swappiness, free -m) and CPU steal; a pause longer than syncLimit × "
                    + "tickTime drops followers, one longer than the session timeout expires sessions"))
    }
    return findings
}
