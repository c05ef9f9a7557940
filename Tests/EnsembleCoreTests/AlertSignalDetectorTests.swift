import Foundation
import Testing
import ZooKeeperAdmin

@testable import EnsembleCore

/// A real follower `mntr` (3.8.0, loaded ensemble) with some integer metrics set to new values: the rounds of
/// one process whose counters move.
private func follower(_ values: [String: Int64]) throws -> String {
    var text = try Capture.text("healthy/follower-mntr.txt")
    for (key, value) in values {
        let name = "zk_" + key
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if let index = lines.firstIndex(where: { $0.hasPrefix(name + "\t") }) {
            var edited = lines
            edited[index] = Substring("\(name)\t\(value)")
            text = edited.joined(separator: "\n")
        } else {
            // Keys 3.8 does not print (e.g. `zk_fsync_threshold_exceed_count`) are added, as newer servers do.
            if !text.hasSuffix("\n") { text += "\n" }
            text += "\(name)\t\(value)\n"
        }
    }
    return text
}

/// One member (lab 1) polled once per round, `interval` seconds apart, with these metric values per round.
/// `zk_uptime` grows with the clock (the capture's value plus the elapsed time), as it does on a real server.
private func rounds(_ values: [[String: Int64]], interval: Double = 10) throws -> SnapshotHistory {
    try history(
        values.enumerated().map { index, round in
            var round = round
            if round["uptime"] == nil { round["uptime"] = 95_427 + Int64(Double(index) * interval * 1000) }
            return [(1, try Capture.replies(srvr: "healthy/follower-srvr.txt", mntrText: try follower(round)))]
        }, interval: interval)
}

/// Codes of the alert-signal detectors only.
private func alertCodes(_ findings: [Finding]) -> Set<FindingCode> {
    let alerts: Set<FindingCode> = [
        .fsyncSlow, .jvmPausing, .dataSizeHigh, .leaderElections, .electionSlow, .authFailures,
        .digestMismatchReported, .unrecoverableErrors, .requestsThrottled, .largeRequestsRejected, .sessionsExpiring,
    ]
    return Set(findings.map(\.code)).intersection(alerts)
}

@Suite("Alert signal detectors")
struct AlertSignalDetectorTests {
    @Test func healthyCapturesRaiseNone() throws {
        let h = history([try healthyRound(), try healthyRound(), try healthyRound()])
        #expect(alertCodes(detectAll(history: h, configuration: nil)).isEmpty)
        // The follower's own counters, unchanged for ten minutes of 10 s polls.
        let quiet = try rounds(Array(repeating: [:], count: 60))
        #expect(alertCodes(detectAll(history: quiet, configuration: nil)).isEmpty)
    }

    // MARK: fsync

    @Test func fsyncTimePerSecondFollowsTheRuleFile() throws {
        // 150 ms of fsync per second for a minute (rules/zk.yml: rate(fsynctime_sum[1m]) > 100); each fsync 15 ms.
        let busy = try rounds(
            (0..<7).map { ["cnt_fsynctime": 291 + Int64($0) * 100, "sum_fsynctime": 178 + Int64($0) * 1500] })
        let finding = try #require(detectFsyncSlow(busy, nil, .defaults).first)
        #expect(finding.code == .fsyncSlow && finding.severity == .warning && finding.members == [lab(1).address])
        #expect(finding.evidence["fsync_ms_per_second"] == "150")
        #expect(finding.message.contains("150 ms per second"))
        // 50 ms per second is fine; so is 150 ms/s seen for only 10 s (less than half the window).
        let calm = try rounds(
            (0..<7).map { ["cnt_fsynctime": 291 + Int64($0) * 100, "sum_fsynctime": 178 + Int64($0) * 500] })
        #expect(detectFsyncSlow(calm, nil, .defaults).isEmpty)
        let brief = try rounds([["sum_fsynctime": 178], ["cnt_fsynctime": 391, "sum_fsynctime": 1678]])
        #expect(detectFsyncSlow(brief, nil, .defaults).isEmpty)
        var strict = Thresholds()
        strict.fsyncMillisecondsPerSecond = 40
        #expect(!detectFsyncSlow(calm, nil, strict).isEmpty)
    }

    @Test func oneSlowFsyncAndTheServersOwnCount() throws {
        // One fsync of 1.5 s between two polls: above fsync.warningthresholdms (1000 ms).
        let slow = try rounds([[:], ["cnt_fsynctime": 292, "sum_fsynctime": 1678]])
        let finding = try #require(detectFsyncSlow(slow, nil, .defaults).first)
        #expect(finding.evidence["slowest_mean_fsync_ms"] == "1500")
        #expect(finding.message.contains("1500 ms on average"))
        // zk_fsync_threshold_exceed_count rising, where a server prints it.
        let counted = try rounds([["fsync_threshold_exceed_count": 1], ["fsync_threshold_exceed_count": 4]])
        #expect(detectFsyncSlow(counted, nil, .defaults).first?.evidence["fsync_threshold_exceed_count"] == "+3")
        let flat = try rounds([["fsync_threshold_exceed_count": 4], ["fsync_threshold_exceed_count": 4]])
        #expect(detectFsyncSlow(flat, nil, .defaults).isEmpty)
    }

    // MARK: JVM pauses

    @Test func jvmPausesFromTheServersPauseMonitor() throws {
        // The monitor sleeps 500 ms in a loop: 20 checks per 10 s, a few ms of jitter each time.
        func pauses(_ extra: Int64) throws -> SnapshotHistory {
            try rounds([
                ["cnt_jvm_pause_time_ms": 100, "sum_jvm_pause_time_ms": 40, "max_jvm_pause_time_ms": 3],
                ["cnt_jvm_pause_time_ms": 120, "sum_jvm_pause_time_ms": 48, "max_jvm_pause_time_ms": 3],
                [
                    "cnt_jvm_pause_time_ms": 135, "sum_jvm_pause_time_ms": 54 + extra,
                    "max_jvm_pause_time_ms": max(3, extra),
                ],
            ])
        }
        #expect(detectJvmPausing(try pauses(0), nil, .defaults).isEmpty)
        let warning = try #require(detectJvmPausing(try pauses(2500), nil, .defaults).first)
        #expect(warning.code == .jvmPausing && warning.severity == .warning)
        #expect(warning.evidence["paused_ms"] == "2506")
        #expect(warning.evidence["longest_pause_ms_since_start"] == "2500")
        #expect(detectJvmPausing(try pauses(12_000), nil, .defaults).first?.severity == .critical)
        // The pause stays reported for the counter window, then clears.
        var later = try pauses(2500).rounds
        for index in 1...31 {
            let time = (later.last?.time ?? 0) + 10
            let text = try follower([
                "cnt_jvm_pause_time_ms": 135 + Int64(index) * 20, "sum_jvm_pause_time_ms": 2554 + Int64(index) * 8,
                "uptime": 95_427 + Int64(time - 100) * 1000,
            ])
            let snapshot = MemberSnapshot.assemble(
                endpoint: lab(1), time: time,
                replies: try Capture.replies(srvr: "healthy/follower-srvr.txt", mntrText: text))
            later.append(EnsembleSnapshot(time: time, members: [snapshot]))
        }
        #expect(detectJvmPausing(SnapshotHistory(capacity: 100, rounds: later), nil, .defaults).isEmpty)
    }

    // MARK: Elections (real captures: the leader killed, facts §7a)

    private func killLeader() throws -> SnapshotHistory {
        history([
            try (1...3).map { n in
                (
                    n,
                    try Capture.replies(
                        srvr: "kill-leader/before-zk\(n)-srvr.txt", mntr: "kill-leader/before-zk\(n)-mntr.txt")
                )
            },
            try (1...2).map { n in
                (
                    n,
                    try Capture.replies(
                        srvr: "kill-leader/after-zk\(n)-srvr.txt", mntr: "kill-leader/after-zk\(n)-mntr.txt")
                )
            } + [(3, Capture.down)],
        ])
    }

    @Test func anElectionOfTheSurvivorsIsCountedOnce() throws {
        let findings = detectLeaderElections(try killLeader(), nil, .defaults)
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.code == .leaderElections && finding.severity == .info)
        #expect(finding.members == [lab(1).address, lab(2).address])
        #expect(finding.message.hasPrefix("1 leader election "))
        // 214 ms and 238 ms (LEADER ELECTION TOOK - 238 MS): not slow.
        #expect(detectElectionSlow(try killLeader(), nil, .defaults).isEmpty)
        var strict = Thresholds()
        strict.electionSlowMs = 220
        let slow = try #require(detectElectionSlow(try killLeader(), nil, strict).first)
        #expect(slow.members == [lab(2).address])
        #expect(slow.evidence[lab(2).address] == "238 ms")
        strict.electionsForWarning = 1
        #expect(detectLeaderElections(try killLeader(), nil, strict).first?.severity == .warning)
    }

    @Test func aRestartedProcessIsNotAnElectionNorARise() throws {
        // zk1 restarted (facts §7b): its new process counts its own first election and starts every counter over.
        let restart = history([
            [(1, try Capture.replies(mntr: "restart-loop/zk1-mntr-before.txt"))],
            [(1, Capture.down)],
            [
                (
                    1,
                    try Capture.replies(
                        srvr: "restart-loop/zk1-srvr-after-restart1.txt",
                        mntr: "restart-loop/zk1-mntr-after-restart1.txt")
                )
            ],
        ])
        #expect(alertCodes(detectAll(history: restart, configuration: nil)).isEmpty)
        // Even when the new process's counters are above the old ones (no poll saw it down), they are no rise.
        let before = try Capture.text("restart-loop/zk1-mntr-before.txt")
        var after = try Capture.text("restart-loop/zk1-mntr-after-restart1.txt")
        for (key, value) in [("cnt_election_time", "5"), ("sum_election_time", "90000"), ("throttled_ops", "7")] {
            after = after.replacingOccurrences(
                of: try #require(after.split(separator: "\n").first { $0.hasPrefix("zk_\(key)\t") }),
                with: "zk_\(key)\t\(value)")
        }
        let quick = history([
            [(1, try Capture.replies(mntrText: before))],
            [(1, try Capture.replies(srvr: "restart-loop/zk1-srvr-after-restart1.txt", mntrText: after))],
        ])
        #expect(!resetEvents(in: quick.series(lab(1).address)).isEmpty)
        #expect(alertCodes(detectAll(history: quick, configuration: nil)).isEmpty)
    }

    @Test func countersGoingBackAfterSrstAreNoRise() throws {
        let reset = history([
            [(2, try Capture.replies(mntr: "srst/srst-before-zk2-mntr.txt"))],
            [(2, try Capture.replies(mntr: "srst/srst-after-zk2-mntr.txt"))],
        ])
        #expect(alertCodes(detectAll(history: reset, configuration: nil)).isEmpty)
    }

    // MARK: Data size

    @Test func dataSizeAgainstOneGigabyteAndTheHeap() throws {
        func member(size: Int64, envi: Bool) throws -> SnapshotHistory {
            var replies = try Capture.replies(
                srvr: "healthy/follower-srvr.txt", mntrText: try follower(["approximate_data_size": size]))
            if envi {
                let text = try Capture.text("healthy/follower-envi.txt")
                replies.envi = ProbeResult { try EnvironmentReply.parse(text) }
            }
            return history([[(1, replies)]])
        }
        // The capture's 65 KB in a 256 MB heap.
        let small = try member(size: 65_223, envi: true)
        #expect(small.latest?.members.first?.heapMaxBytes == 256 << 20)
        #expect(detectDataSizeHigh(small, nil, .defaults).isEmpty)
        let huge = try #require(detectDataSizeHigh(try member(size: 1_500 << 20, envi: false), nil, .defaults).first)
        #expect(huge.code == .dataSizeHigh && huge.severity == .warning)
        #expect(huge.message.contains("1.46 GiB") && huge.message.contains("above 1 GiB"))
        // 200 MiB of data in a 256 MiB heap: far below 1 GB, but the JVM is nearly full.
        let heavy = try #require(detectDataSizeHigh(try member(size: 200 << 20, envi: true), nil, .defaults).first)
        #expect(heavy.message.contains("of the heap"))
        #expect(heavy.evidence[lab(1).address] == "200 MiB of a 256 MiB heap")
        #expect(detectDataSizeHigh(try member(size: 200 << 20, envi: false), nil, .defaults).isEmpty)
        #expect(MemberSnapshot.heapBytes("256MB") == 256 << 20)
        #expect(MemberSnapshot.heapBytes("8GB") == 8 << 30)
        #expect(MemberSnapshot.heapBytes("lots") == nil && MemberSnapshot.heapBytes("-5MB") == nil)
    }

    // MARK: Counters that rise

    @Test(
        "a rising counter raises its finding; a flat one does not",
        arguments: [
            ("auth_failed_count", FindingCode.authFailures), ("ensemble_auth_fail", .authFailures),
            ("throttled_ops", .requestsThrottled), ("request_throttle_wait_count", .requestsThrottled),
            ("large_requests_rejected", .largeRequestsRejected),
        ])
    func risingCounters(name: String, code: FindingCode) throws {
        let rising = try rounds([[name: 2], [name: 2], [name: 5]])
        let findings = detectAll(history: rising, configuration: nil).filter { $0.code == code }
        #expect(findings.count == 1)
        #expect(findings.first?.severity == .warning)
        #expect(findings.first?.evidence["\(lab(1).address) \(name)"] == "+3")
        let flat = try rounds([[name: 5], [name: 5], [name: 5]])
        #expect(!detectAll(history: flat, configuration: nil).contains { $0.code == code })
        // A rise older than the counter window no longer counts.
        var quick = Thresholds()
        quick.counterWindowSeconds = 15
        let old = try rounds([[name: 2], [name: 5], [name: 5], [name: 5]])
        #expect(!detectAll(history: old, configuration: nil, thresholds: quick).contains { $0.code == code })
    }

    @Test func authFailuresCountPerServerInstance() throws {
        // zk_auth_failed_count lives in ServerStats, which an election replaces: 0 -> 3 across an election
        // (uptime back, per-process counters on) is the new instance's count, not a rise in the window.
        let election = try rounds([
            ["auth_failed_count": 0, "looking_count": 1],
            ["auth_failed_count": 3, "looking_count": 2, "uptime": 2_000],
        ])
        #expect(!resetEvents(in: election.series(lab(1).address)).isEmpty)
        #expect(detectAuthFailures(election, nil, .defaults).isEmpty)
    }

    @Test func sessionExpiriesNeedALimit() throws {
        let many = try rounds([
            ["stale_sessions_expired": 0, "sessionless_connections_expired": 0],
            ["stale_sessions_expired": 8, "sessionless_connections_expired": 4],
        ])
        let finding = try #require(detectSessionsExpiring(many, nil, .defaults).first)
        #expect(finding.code == .sessionsExpiring && finding.message.hasPrefix("12 sessions"))
        let few = try rounds([["stale_sessions_expired": 0], ["stale_sessions_expired": 3]])
        #expect(detectSessionsExpiring(few, nil, .defaults).isEmpty)
        var strict = Thresholds()
        strict.sessionExpiries = 3
        #expect(!detectSessionsExpiring(few, nil, strict).isEmpty)
    }

    @Test func unrecoverableErrorsAreCritical() throws {
        let failed = try rounds([["unrecoverable_error_count": 1]])
        let finding = try #require(detectUnrecoverableErrors(failed, nil, .defaults).first)
        #expect(finding.severity == .critical && finding.evidence[lab(1).address] == "1")
        #expect(detectUnrecoverableErrors(try rounds([[:]]), nil, .defaults).isEmpty)
    }

    // MARK: Counter steps

    @Test func stepsSpanAFrozenJVMButNotARestart() throws {
        let frozen = history([
            [(1, try Capture.replies(srvr: "healthy/follower-srvr.txt", mntrText: try follower(["uptime": 95_427])))],
            [(1, Capture.hung)],
            [(1, Capture.hung)],
            [
                (
                    1,
                    try Capture.replies(
                        srvr: "healthy/follower-srvr.txt",
                        mntrText: try follower(["uptime": 101_427, "sum_jvm_pause_time_ms": 4000]))
                )
            ],
        ])
        let steps = counterSteps(frozen.series(lab(1).address), ["sum_jvm_pause_time_ms"])
        #expect(steps.map(\.deltas) == [[4000]])
        #expect(steps.first?.seconds == 6)
        #expect(detectJvmPausing(frozen, nil, .defaults).first?.evidence["paused_ms"] == "4000")
    }
}

@Suite("Watch summary")
struct WatchSummarySnapshotTests {
    @Test func wchsFillsTheSummaryAndIsCarriedOverBetweenSlowPolls() throws {
        var first = try Capture.replies(srvr: "healthy/follower-srvr.txt")
        let text = try Capture.text("healthy/follower-wchs.txt")
        first.wchs = ProbeResult { try WatchSummaryReply.parse(text) }
        let second = try Capture.replies(srvr: "healthy/follower-srvr.txt")
        let h = history([[(1, first)], [(1, second)]])
        let snapshots = h.series(lab(1).address)
        #expect(snapshots.map { $0.watchSummary?.paths } == [12, 12])
        // Without mntr, the watch count comes from wchs (data watches only).
        #expect(snapshots.map(\.watches) == [12, 12])
        // mntr's zk_watch_count (16: data and child watches) wins when both answer (facts §3.3: wchs said 12).
        var both = try Capture.replies(srvr: "healthy/follower-srvr.txt", mntr: "healthy/follower-mntr.txt")
        both.wchs = first.wchs
        let withMntr = history([[(1, both)]]).latest?.members.first
        #expect(withMntr?.watchSummary?.totalWatches == 12)
        #expect(withMntr?.watches == 16)
    }
}
