/// `signals-missing`: four-letter words blocked by `4lw.commands.whitelist`, with the line that enables them.
///
/// A warning when no metrics source answers (neither `mntr` nor the AdminServer's `monitor`) and
/// the member's AdminServer has not answered anything within `rateWindowSeconds`: sessions,
/// ephemerals and load are then invisible. Info when the AdminServer fills the gap, including the
/// rounds in which a poller has not turned to it yet.
public let detectSignalsMissing: Detector = { history, _, thresholds in
    guard let latest = history.latest else { return [] }
    var blockedByMember: [String: [String]] = [:]
    var blind: [String] = []
    for member in latest.members where member.reachability == .serving {
        let blocked = member.sources.filter { $0.value == .notWhitelisted }.map(\.key.rawValue).sorted()
        guard !blocked.isEmpty else { continue }
        blockedByMember[member.address] = blocked
        let noMetrics = member.sources[.mntr] != .answered && member.sources[.adminMonitor] != .answered
        let adminWorks = history.series(member.address, seconds: thresholds.rateWindowSeconds).contains { snapshot in
            snapshot.sources.contains { $0.key.isAdmin && $0.value == .answered }
        }
        if noMetrics && !adminWorks { blind.append(member.address) }
    }
    guard !blockedByMember.isEmpty else { return [] }
    let allBlocked = Set(blockedByMember.values.flatMap { $0 }).sorted()
    let wanted = ["srvr", "mntr", "conf", "isro", "envi", "cons", "dump", "hash", "wchs"]
    let line = "4lw.commands.whitelist=" + wanted.joined(separator: ",")
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
