/// `signals-missing`: four-letter words blocked by `4lw.commands.whitelist`, with the line that enables them.
///
/// A warning when no metrics source answers (neither `mntr` nor the AdminServer's `monitor`) and
/// the member's AdminServer has not answered anything within `rateWindowSeconds`, for the member's last
/// ``blindRoundsForWarning`` serving rounds in a row: sessions, ephemerals and load are then invisible.
/// Info when the AdminServer fills the gap, and in the first rounds, when a poller has not reached the
/// AdminServer yet (or its first probe timed out on a loaded machine): one blind round is not yet a
/// blind member.
public let detectSignalsMissing: Detector = { history, _, thresholds in
    guard let latest = history.latest else { return [] }
    var blockedByMember: [String: [String]] = [:]
    var blind: [String] = []
    for member in latest.members where member.reachability == .serving {
        let blocked = member.sources.filter { $0.value == .notWhitelisted }.map(\.key.rawValue).sorted()
        guard !blocked.isEmpty else { continue }
        blockedByMember[member.address] = blocked
        let series = history.series(member.address, seconds: thresholds.rateWindowSeconds)
        let adminWorks = series.contains { snapshot in
            snapshot.sources.contains { $0.key.isAdmin && $0.value == .answered }
        }
        let recent = series.filter { $0.reachability == .serving }.suffix(blindRoundsForWarning)
        let blindThroughout =
            recent.count == blindRoundsForWarning
            && recent.allSatisfy { snapshot in
                SignalTable.metricsSources.allSatisfy { snapshot.sources[$0] != .answered }
            }
        if blindThroughout && !adminWorks { blind.append(member.address) }
    }
    guard !blockedByMember.isEmpty else { return [] }
    let allBlocked = Set(blockedByMember.values.flatMap { $0 }).sorted()
    let line = SignalTable.whitelistLine
    var evidence: [String: String] = [:]
    for (address, blocked) in blockedByMember { evidence[address] = blocked.joined(separator: ",") }
    return [
        Finding(
            code: .signalsMissing, severity: blind.isEmpty ? .info : .warning,
            members: Array(blockedByMember.keys),
            message: "Four-letter words blocked by the whitelist: \(allBlocked.joined(separator: ", "))"
                + (blind.isEmpty ? "" : "; no metrics source answers on \(blind.sorted().joined(separator: ", "))"),
            evidence: evidence,
            remedy: "Add `\(line)` to zoo.cfg on each member and restart it one at a time, "
                + "or enable the AdminServer (admin.enableServer=true, servlet-api.jar on the classpath), which ignores the whitelist"
        )
    ]
}

/// Serving rounds in a row without any metrics source before `signals-missing` becomes a warning (`check`
/// polls at least three rounds, so it still judges a blind member within one run).
let blindRoundsForWarning = 3
