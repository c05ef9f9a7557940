/// `znode-count-high`: more than `znodeCount` znodes (snapshots and restarts get slow).
public let detectZnodeCountHigh: Detector = { history, _, thresholds in
    guard let latest = history.latest,
        let worst = latest.members.filter({ ($0.znodes ?? 0) > thresholds.znodeCount }).max(by: {
            ($0.znodes ?? 0) < ($1.znodes ?? 0)
        }), let count = worst.znodes
    else { return [] }
    return [
        Finding(
            code: .znodeCountHigh, severity: .warning, members: [],
            message: "The tree holds \(count) znodes (limit \(thresholds.znodeCount))",
            evidence: ["znodes": String(count)],
            remedy: "Find the subtree that grows (the tree screen shows counts per path) and clean it up; "
                + "large trees make snapshots, syncs and restarts slow")
    ]
}
