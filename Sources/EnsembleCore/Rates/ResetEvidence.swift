/// What kind of counter reset happened to a member between two readings.
public enum ResetKind: String, Hashable, Sendable, Codable {
    /// The JVM restarted: a connection-refused window, or `zk_uptime` and per-process counters
    /// (`zk_bytes_received_count`, …) both went back; the epoch does not need to move.
    case processRestart = "process-restart"
    /// Only the server instance restarted (an election or role change): `zk_uptime` went back,
    /// per-process counters kept growing.
    case electionRestart = "election"
    /// `srst` (by someone else; zkscope never sends it): per-process counters went back, uptime did not.
    case statsReset = "stats-reset"
}

/// One counter reset of one member, with the numbers that show it.
public struct ResetEvent: Hashable, Sendable, Codable {
    /// The member's `host:port`.
    public var address: String
    /// The time of the first snapshot after the reset.
    public var time: Double
    /// Restart, election or stats reset.
    public var kind: ResetKind
    /// The numbers that show it.
    public var evidence: [String: String]
}

/// Finds counter resets in one member's series (oldest first).
///
/// Compares each snapshot with data to the previous snapshot with data; snapshots in between
/// where the member was down or unresponsive count as a refused window.
public func resetEvents(in series: [MemberSnapshot]) -> [ResetEvent] {
    var events: [ResetEvent] = []
    var lastWithData: MemberSnapshot?
    var downBetween = false
    for snapshot in series {
        if snapshot.reachability == .down || snapshot.reachability == .unresponsive {
            if lastWithData != nil { downBetween = true }
            continue
        }
        guard snapshot.isServing else { continue }
        defer {
            lastWithData = snapshot
            downBetween = false
        }
        guard let before = lastWithData else { continue }
        var evidence: [String: String] = [:]
        let uptimeWentBack = wentDown(before.uptimeMs, snapshot.uptimeMs)
        if uptimeWentBack, let old = before.uptimeMs, let new = snapshot.uptimeMs {
            evidence["uptime_ms"] = "\(old) -> \(new)"
        }
        var processCountersWentBack = false
        for name in processCounterNames where wentDown(before.counter(name), snapshot.counter(name)) {
            processCountersWentBack = true
            evidence[name] = "\(before.counter(name) ?? 0) -> \(snapshot.counter(name) ?? 0)"
        }
        if downBetween { evidence["refused_window"] = "down between polls" }
        if let old = before.epoch, let new = snapshot.epoch { evidence["epoch"] = "\(old) -> \(new)" }
        let kind: ResetKind?
        let uptimeUnknown = before.uptimeMs == nil || snapshot.uptimeMs == nil
        if (downBetween && (uptimeWentBack || uptimeUnknown)) || (uptimeWentBack && processCountersWentBack) {
            kind = .processRestart
        } else if uptimeWentBack {
            kind = .electionRestart
        } else if processCountersWentBack {
            kind = .statsReset
        } else {
            kind = nil
        }
        if let kind {
            events.append(ResetEvent(address: snapshot.address, time: snapshot.time, kind: kind, evidence: evidence))
        }
    }
    return events
}

/// Counters that live for the whole process: they survive elections but not restarts (or `srst`).
let processCounterNames = ["bytes_received_count", "cnt_fsynctime", "cnt_readlatency", "cnt_updatelatency"]

private func wentDown(_ before: Int64?, _ after: Int64?) -> Bool {
    guard let before, let after else { return false }
    return after < before
}
