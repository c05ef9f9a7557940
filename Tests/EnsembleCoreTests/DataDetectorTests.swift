import Testing
import ZooKeeperAdmin

@testable import EnsembleCore

@Suite("Data detectors (capture d and synthetic)")
struct DataDetectorTests {
    private func d2Round(leaderMntr: String) throws -> [(Int, MemberReplies)] {
        [
            (1, try Capture.replies(srvr: "divergence/before-zk1-srvr.txt", mntr: leaderMntr)),
            (2, try Capture.replies(srvr: "divergence/before-zk2-srvr.txt")),
            (
                3,
                try Capture.replies(
                    srvr: "divergence/zk3-looping-srvr.txt", zabstate: "divergence/zk3-looping-admin-zabstate.json")
            ),
        ]
    }

    @Test("d2: the leader's socket-close counter climbs while zk3 loops: member-sync-loop names zk3")
    func syncLoop() throws {
        // Times are the leader's zk_uptime in each capture (285.473 s, 316.861 s, 321.885 s).
        var h = SnapshotHistory()
        var last: [Int: MemberSnapshot] = [:]
        for (time, mntr) in [
            (285.473, "divergence/before-zk1-mntr.txt"), (316.861, "divergence/leader-loop-t0.txt"),
            (321.885, "divergence/leader-loop-t5.txt"),
        ] {
            let members = try d2Round(leaderMntr: mntr).map { n, replies in
                MemberSnapshot.assemble(endpoint: lab(n), time: time, replies: replies, previous: last[n])
            }
            for member in members { last[member.endpoint.clientPort - 2180] = member }
            h.append(EnsembleSnapshot(time: time, members: members))
        }
        let findings = detectSyncLoop(h, nil, .defaults)
        #expect(findings.map(\.code) == [.memberSyncLoop])
        let finding = try #require(findings.first)
        #expect(finding.members == [lab(3).address])
        #expect(finding.severity == .critical)
        #expect(finding.message.contains("win the next election and overwrite the ensemble"))
        #expect(finding.remedy.contains("keep its myid"))
        #expect(Double(finding.evidence["socket_closes_per_second"] ?? "0") ?? 0 > 400)
        // Also reported as not serving, and never as a restart.
        let all = detectAll(history: h, configuration: nil)
        #expect(codes(all).contains("member-not-serving"))
        #expect(!codes(all).contains("member-restarting"))

        // Healthy: the same leader capture twice means no socket closes.
        let calm = history([
            try d2Round(leaderMntr: "divergence/before-zk1-mntr.txt"),
            try d2Round(leaderMntr: "divergence/before-zk1-mntr.txt"),
            try d2Round(leaderMntr: "divergence/before-zk1-mntr.txt"),
        ])
        #expect(detectSyncLoop(calm, nil, .defaults).isEmpty)
    }

    @Test("d2b: the time bomb goes off: epoch 4 -> 7 and 2313 -> 248 nodes")
    func timeBomb() throws {
        let before = try (1...3).map { n in (n, try Capture.replies(srvr: "divergence/before-zk\(n)-srvr.txt")) }
        let after = try (1...3).map { n in (n, try Capture.replies(srvr: "divergence/d2b-after-zk\(n)-srvr.txt")) }
        let h = history([before, before, after])
        let jump = detectEpochJump(h, nil, .defaults)
        #expect(jump.map(\.code) == [.epochJump])
        #expect(jump.first?.evidence["from"] == "4")
        #expect(jump.first?.evidence["to"] == "7")
        let drop = detectZnodeCountDrop(h, nil, .defaults)
        #expect(drop.map(\.code) == [.znodeCountDrop])
        #expect(drop.first?.severity == .critical)
        #expect(drop.first?.evidence["peak"] == "2313")
        #expect(drop.first?.evidence["now"] == "248")
        // A clean election (+1) and steady counts raise neither.
        let steady = history([before, before])
        #expect(detectEpochJump(steady, nil, .defaults).isEmpty)
        #expect(detectZnodeCountDrop(steady, nil, .defaults).isEmpty)
        let killLeader = history([
            try healthyRound(),
            [
                (1, try Capture.replies(srvr: "kill-leader/after-zk1-srvr.txt")),
                (2, try Capture.replies(srvr: "kill-leader/after-zk2-srvr.txt")),
            ],
        ])
        #expect(detectEpochJump(killLeader, nil, .defaults).isEmpty)
        // Once the jump is older than the event window it clears.
        var short = Thresholds()
        short.eventWindowSeconds = 1
        let later = history([before, after, after, after])
        #expect(detectEpochJump(later, nil, short).isEmpty)
    }

    @Test func znodeCountDivergenceAtSameZxid() throws {
        let odd = try edited("divergence/before-zk3-srvr.txt", "Node count: 2313", "Node count: 2301")
        let round: [(Int, MemberReplies)] = [
            (1, try Capture.replies(srvr: "divergence/before-zk1-srvr.txt")),
            (2, try Capture.replies(srvr: "divergence/before-zk2-srvr.txt")),
            (3, try Capture.replies(srvrText: odd)),
        ]
        let findings = detectZnodeCountDivergence(history([round, round]), nil, .defaults)
        #expect(findings.map(\.code) == [.znodeCountDivergence])
        #expect(findings.first?.evidence[lab(3).address] == "2301")
        #expect(findings.first?.evidence["zxid"] == "0x40000000e")
        #expect(detectZnodeCountDivergence(history([round]), nil, .defaults).isEmpty)
        let healthy = try (1...3).map { n in (n, try Capture.replies(srvr: "divergence/before-zk\(n)-srvr.txt")) }
        #expect(detectZnodeCountDivergence(history([healthy, healthy]), nil, .defaults).isEmpty)
    }

    @Test func digestMismatch() throws {
        let leaderHash = try Capture.text("healthy/leader-hash.txt")
        let changed = leaderHash.replacingOccurrences(of: "100000100: 598776441826", with: "100000100: 598776441827")
        func round(_ followerHash: String) throws -> [(Int, MemberReplies)] {
            var leader = try Capture.replies(srvr: "healthy/leader-srvr.txt")
            leader.hash = ProbeResult { try HashReply.parse(leaderHash) }
            var follower = try Capture.replies(srvr: "healthy/follower-srvr.txt")
            follower.hash = ProbeResult { try HashReply.parse(followerHash) }
            return [(3, leader), (1, follower)]
        }
        let findings = detectDigestMismatch(history([try round(changed)]), nil, .defaults)
        #expect(findings.map(\.code) == [.digestMismatch])
        #expect(Set(findings.first?.members ?? []) == [lab(1).address, lab(3).address])
        #expect(
            detectDigestMismatch(history([try round(try Capture.text("healthy/follower-hash.txt"))]), nil, .defaults)
                .isEmpty)
        // An empty history (after a SNAP) cannot be compared and is not a mismatch.
        #expect(detectDigestMismatch(history([try round("")]), nil, .defaults).isEmpty)

        let counted = try edited(
            "healthy/follower-mntr.txt", "zk_digest_mismatches_count\t0", "zk_digest_mismatches_count\t2")
        let h = history([[(1, try Capture.replies(srvr: "healthy/follower-srvr.txt", mntrText: counted))]])
        // The server's own count is its own finding, `digest-mismatch-reported`.
        #expect(detectDigestMismatch(h, nil, .defaults).isEmpty)
        let reported = detectDigestMismatchReported(h, nil, .defaults)
        #expect(reported.map(\.code) == [.digestMismatchReported])
        #expect(reported.first?.severity == .critical)
        #expect(reported.first?.evidence[lab(1).address] == "2")
    }

    @Test func zxidLag() throws {
        let behind = try edited("divergence/before-zk2-srvr.txt", "Zxid: 0x40000000e", "Zxid: 0x400000001")
        let leaderAhead = try edited("divergence/before-zk1-srvr.txt", "Zxid: 0x40000000e", "Zxid: 0x400000800")
        let round: [(Int, MemberReplies)] = [
            (1, try Capture.replies(srvrText: leaderAhead)), (2, try Capture.replies(srvrText: behind)),
            (3, try Capture.replies(srvrText: leaderAhead)),
        ]
        let findings = detectZxidLag(history([round, round]), nil, .defaults)
        #expect(findings.map(\.code) == [.zxidLag])
        #expect(findings.first?.members == [lab(2).address])
        #expect(findings.first?.evidence["lag"] == String(0x800 - 1))
        #expect(detectZxidLag(history([round]), nil, .defaults).isEmpty)
        #expect(detectZxidLag(history([try healthyRound(), try healthyRound()]), nil, .defaults).isEmpty)
    }
}
