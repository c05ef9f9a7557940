/// `latency-high`: average request latency above `averageLatencyMs` for `persistPolls` rounds.
public let detectLatencyHigh: Detector = { history, _, thresholds in
    guard let latest = history.latest else { return [] }
    return latest.members.compactMap { member in
        guard
            history.persisted(
                member.address, polls: thresholds.persistPolls,
                {
                    ($0.latency?.avg ?? 0) > thresholds.averageLatencyMs
                }), let latency = member.latency
        else { return nil }
        return Finding(
            code: .latencyHigh, severity: .warning, members: [member.address],
            message:
                "\(member.address) answers in \(format(latency.avg)) ms on average (limit \(format(thresholds.averageLatencyMs)) ms)",
            evidence: ["avg_ms": format(latency.avg), "max_ms": format(latency.max)],
            remedy: "Check fsync time of its transaction log disk (put dataLogDir on its own disk), GC pauses "
                + "and CPU; reduce write load")
    }
}
