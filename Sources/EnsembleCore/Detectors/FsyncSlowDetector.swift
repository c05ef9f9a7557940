/// `fsync-slow`: the transaction log's fsync is slow, the first suspect of an unstable ensemble.
///
/// Three signs, each from a member's own metrics between two readings of the same process:
/// - time spent in fsync per second above `fsyncMillisecondsPerSecond` over `fsyncWindowSeconds` (ZooKeeper's
///   sample rule `rate(fsynctime_sum[1m]) > 100` in `rules/zk.yml`), judged once half the window is covered;
/// - the mean fsync between two polls above `fsyncMeanMs` (the server's own `fsync.warningthresholdms`);
/// - `zk_fsync_threshold_exceed_count` rising within `counterWindowSeconds`, where a server reports it (3.8's
///   `mntr` does not; its AdminServer `server_stats` and JMX do).
public let detectFsyncSlow: Detector = { history, _, thresholds in
    var findings: [Finding] = []
    for address in history.addresses {
        // No steps when neither counter moved in the window (an idle member): nothing to judge, no walk.
        let steps = history.counterSteps(
            of: address, ["cnt_fsynctime", "sum_fsynctime"], seconds: thresholds.fsyncWindowSeconds)
        var reasons: [String] = []
        var evidence: [String: String] = [:]
        let covered = steps.reduce(0) { $0 + $1.seconds }
        let spent = steps.reduce(Int64(0)) { saturatingAdd($0, $1.deltas[1]) }
        let fsyncs = steps.reduce(Int64(0)) { saturatingAdd($0, $1.deltas[0]) }
        if covered > 0 {
            let perSecond = Double(spent) / covered
            evidence["fsync_ms_per_second"] = format(perSecond)
            evidence["fsyncs"] = String(fsyncs)
            evidence["window_seconds"] = format(covered)
            if covered >= thresholds.fsyncWindowSeconds / 2, perSecond > thresholds.fsyncMillisecondsPerSecond {
                reasons.append(
                    "spends \(format(perSecond)) ms per second in fsync (limit \(format(thresholds.fsyncMillisecondsPerSecond)))"
                )
            }
        }
        let slowest = steps.filter { $0.deltas[0] > 0 }.map { Double($0.deltas[1]) / Double($0.deltas[0]) }.max()
        if let slowest {
            evidence["slowest_mean_fsync_ms"] = format(slowest)
            if slowest > thresholds.fsyncMeanMs {
                reasons.append(
                    "fsyncs took \(format(slowest)) ms on average (limit \(format(thresholds.fsyncMeanMs)) ms)")
            }
        }
        let exceeded = history.counterSteps(
            of: address, ["fsync_threshold_exceed_count"], seconds: thresholds.counterWindowSeconds, lifetime: .instance
        ).reduce(Int64(0)) { saturatingAdd($0, $1.deltas[0]) }
        if exceeded > 0 {
            evidence["fsync_threshold_exceed_count"] = "+\(exceeded)"
            reasons.append("\(exceeded) fsyncs over the server's fsync.warningthresholdms")
        }
        guard !reasons.isEmpty else { continue }
        findings.append(
            Finding(
                code: .fsyncSlow, severity: .warning, members: [address],
                message: "\(address) \(reasons.joined(separator: "; ")): writes wait for the disk",
                evidence: evidence,
                remedy: "Put dataLogDir on its own fast disk (not shared with the snapshots, other services or swap); "
                    + "check the disk's latency (iostat -x) and the log for `fsync-ing the write ahead log ... took`"))
    }
    return findings
}
