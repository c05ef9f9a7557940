/// What happened to a member's process between two of its answers.
public enum ResetKind: String, Hashable, Sendable, Codable {
    /// The JVM restarted. Seen as a connection-refused window (nothing listened on the client port)
    /// whose next answer does not continue the old instance's uptime, or, without such a window (a
    /// restart faster than one poll), as `zk_uptime` going back while per-process counters went back
    /// (`zk_bytes_received_count`, …) or `zk_looking_count` did not rise (an old process counts every
    /// LOOKING; a new one starts over), or as an instance younger than the poll gap that did not age by
    /// it (per-process counters went back, or it fell short by half the gap). The epoch does not need to move.
    case processRestart = "process-restart"
    /// Only the server instance restarted (an election or role change): `zk_uptime` went back,
    /// per-process counters kept growing.
    case electionRestart = "election"
    /// `srst` (by someone else; zkscope never sends it): per-process counters went back, uptime did not.
    case statsReset = "stats-reset"
    /// Not a reset: the member stopped answering (its port accepted connections, or queued them, but
    /// nothing came back before the deadline, at least two polls in a row) and then answered again without any sign of a new
    /// process — a long GC pause, a stalled VM, a hung disk, SIGSTOP. Its sessions and counters lived on.
    case pause = "pause"
}

/// One thing that happened to one member's process, with the numbers that show it.
public struct ResetEvent: Hashable, Sendable, Codable {
    /// The member's `host:port`.
    public var address: String
    /// The time of the first snapshot after the reset (for a pause: the first answer after it).
    public var time: Double
    /// Restart, election, stats reset or pause.
    public var kind: ResetKind
    /// The numbers that show it.
    public var evidence: [String: String]
    /// For a pause: how long the member did not answer, estimated from the polls around it (the
    /// midpoint of what the timed-out polls prove and the gap between the answers around them).
    public var pauseSeconds: Double?

    /// An event; `pauseSeconds` only for pauses.
    public init(
        address: String, time: Double, kind: ResetKind, evidence: [String: String], pauseSeconds: Double? = nil
    ) {
        self.address = address
        self.time = time
        self.kind = kind
        self.evidence = evidence
        self.pauseSeconds = pauseSeconds
    }
}

/// Finds restarts, elections, stats resets and pauses in one member's series (oldest first).
///
/// The fold of ``MemberContinuity`` over the series: the tracker runs the same fold one snapshot at a
/// time, so the timeline, the findings and the restart counts see the same events.
public func resetEvents(in series: [MemberSnapshot]) -> [ResetEvent] {
    var continuity = MemberContinuity()
    return series.flatMap { continuity.observe($0) }
}

/// The running state of one member's process identity: what it last said, and what happened since.
///
/// A refused connection (`down`) means no process listened on the client port, so the next answer
/// comes from a new process unless its uptime continues the old one's. A timed-out poll
/// (`unresponsive`) means something held the port (a frozen process, or one still starting), so the
/// next answer is a pause unless uptime and counters show a new process. A not-serving answer (LOOKING)
/// carries no uptime or counters: a restart seen through a refused window is counted there, once, and
/// the serving answer that follows only takes over as the new reference.
public struct MemberContinuity: Hashable, Sendable {
    /// The newest serving snapshot (the one with uptime and counters).
    private var lastWithData: MemberSnapshot?
    /// The newest answer (serving or not serving).
    private var lastAnswer: MemberSnapshot?
    /// Polls refused since `lastAnswer`.
    private var refusedPolls = 0
    /// Polls that timed out since `lastAnswer`, and the times of the first and last of them.
    private var silentPolls = 0
    private var firstSilent: Double?
    private var lastSilent: Double?
    /// A restart already counted at a not-serving answer since `lastWithData`.
    private var restartCounted = false

    /// A member nobody has seen yet.
    public init() {}

    /// Feeds the member's next snapshot; returns what it shows happened since the previous answers.
    public mutating func observe(_ snapshot: MemberSnapshot) -> [ResetEvent] {
        switch snapshot.reachability {
        case .down:
            if lastAnswer != nil { refusedPolls += 1 }
            return []
        case .unresponsive:
            if lastAnswer != nil {
                silentPolls += 1
                firstSilent = firstSilent ?? snapshot.time
                lastSilent = snapshot.time
            }
            return []
        case .serving, .notServing:
            break
        }
        defer {
            lastAnswer = snapshot
            refusedPolls = 0
            silentPolls = 0
            firstSilent = nil
            lastSilent = nil
        }
        guard let previousAnswer = lastAnswer else {
            if snapshot.isServing { lastWithData = snapshot }
            return []
        }
        var events: [ResetEvent] = []
        var restarted = false
        // A process counted as restarted that has not served yet is still starting: a slow answer then is
        // its start-up, not a freeze.
        let startingUp = restartCounted
        let reference = lastWithData
        if snapshot.isServing {
            defer {
                lastWithData = snapshot
                restartCounted = false
            }
            if let before = lastWithData, !(restartCounted && refusedPolls == 0) {
                if let event = compare(before, snapshot) {
                    events.append(event)
                    restarted = event.kind == .processRestart
                }
            } else if lastWithData == nil, refusedPolls > 0 {
                // Seen only not serving before the refused window: no numbers to compare, the window says it.
                events.append(refusedRestart(snapshot, refusedPolls: refusedPolls))
                restarted = true
            }
        } else if refusedPolls > 0 {
            // Back from a refused window, not serving yet (LOOKING, syncing): a new process, counted now.
            events.append(refusedRestart(snapshot, refusedPolls: refusedPolls))
            restartCounted = true
            restarted = true
        }
        // One timed-out poll is a slow answer (a loaded host, a state change), not yet a freeze.
        if silentPolls >= minimumPausePolls, refusedPolls == 0, !restarted, !startingUp {
            events.append(pause(previousAnswer, snapshot, reference: reference))
        }
        return events
    }

    private func refusedRestart(_ snapshot: MemberSnapshot, refusedPolls: Int) -> ResetEvent {
        var evidence = ["refused_window": "\(refusedPolls) refused polls", "answer": snapshot.reachability.rawValue]
        if let before = lastWithData, let uptime = before.uptimeMs { evidence["uptime_ms"] = "\(uptime) -> ?" }
        return ResetEvent(address: snapshot.address, time: snapshot.time, kind: .processRestart, evidence: evidence)
    }

    private func pause(_ before: MemberSnapshot, _ after: MemberSnapshot, reference: MemberSnapshot?) -> ResetEvent {
        let upper = after.time - before.time
        let lower = (lastSilent ?? after.time) - (firstSilent ?? after.time)
        let seconds = (lower + upper) / 2
        var evidence = [
            "unresponsive_polls": String(silentPolls),
            "paused_seconds": format(seconds) + " (between \(format(lower)) and \(format(upper)))",
            "answer": after.reachability.rawValue,
        ]
        if let old = reference?.uptimeMs, let new = after.uptimeMs {
            evidence["uptime_ms"] = "\(old) -> \(new)"
        }
        for name in jvmPauseCounterNames {
            if let value = after.counter(name) {
                let old = reference?.counter(name).map { "\($0) -> " } ?? ""
                evidence["zk_" + name] = old + String(value)
            }
        }
        return ResetEvent(
            address: after.address, time: after.time, kind: .pause, evidence: evidence, pauseSeconds: seconds)
    }

    /// The kind of reset between two serving snapshots, given what happened between them.
    private func compare(_ before: MemberSnapshot, _ snapshot: MemberSnapshot) -> ResetEvent? {
        var evidence: [String: String] = [:]
        // The server instance started after the previous reading: its uptime went back, or the
        // instance is younger than the gap between the readings and did not age by that gap since
        // the previous one (a quick restart soon after a restart, when both uptimes are small; an
        // instance that kept running would be old + gap). The slack absorbs poll jitter in a round.
        let elapsedMs = (snapshot.time - before.time) * 1000
        let slackMs = max(1000, elapsedMs / 4)
        var uptimeWentBack = false
        var uptimeYoung = false
        var uptimeContinued = false
        var agingDeficitMs = 0.0
        if let old = before.uptimeMs, let new = snapshot.uptimeMs {
            uptimeWentBack = new < old
            // Younger than the gap without having aged by it. Two readings of one young instance can be up to
            // a round's probes closer in real time than their rounds' times (seen live on a loaded machine:
            // 2337 -> 5321 ms in 4.3 s), so a small deficit needs counters that went back; a new process's
            // deficit is its predecessor's age plus the downtime.
            agingDeficitMs = Double(old) + elapsedMs - Double(new)
            uptimeYoung = !uptimeWentBack && Double(new) < elapsedMs + slackMs && agingDeficitMs > slackMs
            uptimeContinued = Double(new) >= Double(old) + elapsedMs - slackMs
            if uptimeWentBack || uptimeYoung || refusedPolls > 0 { evidence["uptime_ms"] = "\(old) -> \(new)" }
        }
        var processCountersWentBack = false
        for name in processCounterNames where wentDown(before.counter(name), snapshot.counter(name)) {
            processCountersWentBack = true
            evidence[name] = "\(before.counter(name) ?? 0) -> \(snapshot.counter(name) ?? 0)"
        }
        // An old process re-entering LOOKING (election, rejoin) counts it; a new process starts at 1 again.
        var lookingDidNotRise = false
        if let old = before.counter("looking_count"), let new = snapshot.counter("looking_count") {
            lookingDidNotRise = new <= old
            if uptimeWentBack || uptimeYoung { evidence["looking_count"] = "\(old) -> \(new)" }
        }
        if refusedPolls > 0 { evidence["refused_window"] = "\(refusedPolls) refused polls" }
        if let old = before.epoch, let new = snapshot.epoch { evidence["epoch"] = "\(old) -> \(new)" }
        let kind: ResetKind?
        // After a refused window only an instance that kept aging (and kept its counters) is the old
        // process: the port refused for another reason (a firewall that rejects, say).
        if (refusedPolls > 0 && !(uptimeContinued && !processCountersWentBack))
            || (uptimeWentBack && (processCountersWentBack || lookingDidNotRise))
            || (uptimeYoung
                && (processCountersWentBack || (lookingDidNotRise && agingDeficitMs > max(1000, elapsedMs / 2))))
        {
            kind = .processRestart
        } else if uptimeWentBack {
            kind = .electionRestart
        } else if processCountersWentBack {
            kind = .statsReset
        } else {
            kind = nil
        }
        return kind.map { ResetEvent(address: snapshot.address, time: snapshot.time, kind: $0, evidence: evidence) }
    }
}

/// Timed-out polls in a row that make a freeze: one alone happens on a loaded host or mid-election.
let minimumPausePolls = 2

/// Counters that live for the whole process: they survive elections but not restarts (or `srst`).
let processCounterNames = ["bytes_received_count", "cnt_fsynctime", "cnt_readlatency", "cnt_updatelatency"]

/// The JVM pause monitor's summary (`jvm.pause.monitor=true`): pauses it saw and the longest.
let jvmPauseCounterNames = ["cnt_jvm_pause_time_ms", "max_jvm_pause_time_ms"]

private func wentDown(_ before: Int64?, _ after: Int64?) -> Bool {
    guard let before, let after else { return false }
    return after < before
}
