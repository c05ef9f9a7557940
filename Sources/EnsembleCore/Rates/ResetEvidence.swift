/// What kind of counter reset happened to a member between two readings.
public enum ResetKind: String, Hashable, Sendable, Codable {
    /// The JVM restarted: a connection-refused window, or the server instance restarted (`zk_uptime`
    /// went back or is shorter than the poll gap) while per-process counters went back
    /// (`zk_bytes_received_count`, …) or `zk_looking_count` did not rise (an old process counts every
    /// LOOKING; a new one starts over). The epoch does not need to move.
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
        // The server instance started after the previous reading: its uptime went back, or the
        // instance is younger than the gap between the readings and did not age by that gap since
        // the previous one (a quick restart soon after a restart, when both uptimes are small; an
        // instance that kept running would be old + gap). The slack absorbs poll jitter in a round.
        let elapsedMs = (snapshot.time - before.time) * 1000
        let slackMs = max(1000, elapsedMs / 4)
        let uptimeWentBack: Bool
        if let old = before.uptimeMs, let new = snapshot.uptimeMs {
            uptimeWentBack =
                new < old || (Double(new) < elapsedMs + slackMs && Double(new) < Double(old) + elapsedMs - slackMs)
        } else {
            uptimeWentBack = false
        }
        if uptimeWentBack, let old = before.uptimeMs, let new = snapshot.uptimeMs {
            evidence["uptime_ms"] = "\(old) -> \(new)"
        }
        var processCountersWentBack = false
        for name in processCounterNames where wentDown(before.counter(name), snapshot.counter(name)) {
            processCountersWentBack = true
            evidence[name] = "\(before.counter(name) ?? 0) -> \(snapshot.counter(name) ?? 0)"
        }
        // An old process re-entering LOOKING (election, rejoin) counts it; a new process starts at 1 again.
        let lookingDidNotRise: Bool
        if let old = before.counter("looking_count"), let new = snapshot.counter("looking_count") {
            lookingDidNotRise = new <= old
            if uptimeWentBack { evidence["looking_count"] = "\(old) -> \(new)" }
        } else {
            lookingDidNotRise = false
        }
        if downBetween { evidence["refused_window"] = "down between polls" }
        if let old = before.epoch, let new = snapshot.epoch { evidence["epoch"] = "\(old) -> \(new)" }
        let kind: ResetKind?
        let uptimeUnknown = before.uptimeMs == nil || snapshot.uptimeMs == nil
        if (downBetween && (uptimeWentBack || uptimeUnknown))
            || (uptimeWentBack && (processCountersWentBack || lookingDidNotRise))
        {
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
