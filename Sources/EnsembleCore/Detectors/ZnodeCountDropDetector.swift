/// `znode-count-drop`: the ensemble's node count fell sharply within `eventWindowSeconds`.
///
/// Critical when the epoch changed in the same window (a takeover that replaced the data, facts
/// §7d: 2313 → 248 nodes), warning otherwise (it may be a large, deliberate delete).
public let detectZnodeCountDrop: Detector = { history, _, thresholds in
    let rounds = history.window(seconds: thresholds.eventWindowSeconds)
    guard let latest = rounds.last, let now = latest.maxZnodes else { return [] }
    guard let peakRound = rounds.max(by: { ($0.maxZnodes ?? 0) < ($1.maxZnodes ?? 0) }), let peak = peakRound.maxZnodes
    else { return [] }
    guard let drop = counterDelta(previous: now, current: peak), drop >= thresholds.znodeDropMinimum,
        Double(drop) >= Double(peak) * thresholds.znodeDropFraction,
        peakRound.time < latest.time
    else { return [] }
    let epochs = Set(rounds.compactMap(\.maxEpoch))
    let epochChanged = epochs.count > 1
    return [
        Finding(
            code: .znodeCountDrop, severity: epochChanged ? .critical : .warning,
            members: latest.members.filter(\.isServing).map(\.address),
            message: "The node count fell from \(peak) to \(now)"
                + (epochChanged ? " across a leader change: data was probably lost" : ""),
            evidence: [
                "peak": String(peak), "now": String(now), "epoch_changed": epochChanged ? "yes" : "no",
            ],
            remedy: epochChanged
                ? "Stop writes; find which member's data won (a member with leftover data from another ensemble) "
                    + "and restore from backup or from a member's old snapshot before it is overwritten"
                : "Confirm the delete was intended (look for a recursive delete in client logs)")
    ]
}
