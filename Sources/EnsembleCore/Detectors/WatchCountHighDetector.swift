/// `watch-count-high`: a member holds more than `watchCount` watches.
public let detectWatchCountHigh: Detector = { history, _, thresholds in
    guard let latest = history.latest else { return [] }
    return latest.members.compactMap { member in
        guard let watches = member.watches, watches > thresholds.watchCount else { return nil }
        return Finding(
            code: .watchCountHigh, severity: .warning, members: [member.address],
            message: "\(member.address) holds \(watches) watches (limit \(thresholds.watchCount))",
            evidence: ["watches": String(watches)],
            remedy: "Look for clients that set a watch per node on large subtrees; use persistent recursive watches "
                + "or fewer, coarser watches")
    }
}
