import Testing
import ZooKeeperAdmin

@testable import EnsembleCore

@Suite("Member and quorum detectors")
struct AvailabilityDetectorTests {
    @Test func healthyEnsembleRaisesNothingAboveInfo() throws {
        let h = history([try healthyRound(), try healthyRound(), try healthyRound()])
        let findings = detectAll(history: h, configuration: nil)
        #expect(codes(findings, atLeast: .warning).isEmpty)
    }

    @Test(
        "a member in one state for two polls is reported; one poll is not",
        arguments: [
            ("down", FindingCode.memberDown), ("hung", .memberUnresponsive), ("looking", .memberNotServing),
        ])
    func availability(state: String, code: FindingCode) throws {
        let bad: MemberReplies = state == "down" ? Capture.down : state == "hung" ? Capture.hung : Capture.looking
        func round(_ zk1: MemberReplies) throws -> [(Int, MemberReplies)] {
            var round = try healthyRound()
            round[0] = (1, zk1)
            return round
        }
        let once = history([try healthyRound(), try round(bad)])
        #expect(detectMemberAvailability(once, nil, .defaults).isEmpty)
        let twice = history([try healthyRound(), try round(bad), try round(bad)])
        let findings = detectMemberAvailability(twice, nil, .defaults)
        #expect(findings.map(\.code) == [code])
        #expect(findings.first?.members == [lab(1).address])
        #expect(findings.first?.evidence["polls"] == "2")
        let recovered = history([try round(bad), try round(bad), try healthyRound()])
        #expect(detectMemberAvailability(recovered, nil, .defaults).isEmpty)
    }

    @Test("a starting member mixes states: any two non-serving rounds count, the newest state names it")
    func mixedStates() throws {
        func round(_ zk1: MemberReplies) throws -> [(Int, MemberReplies)] {
            var round = try healthyRound()
            round[0] = (1, zk1)
            return round
        }
        let h = history([try healthyRound(), try round(Capture.looking), try round(Capture.hung)])
        let findings = detectMemberAvailability(h, nil, .defaults)
        #expect(findings.map(\.code) == [.memberUnresponsive])
        #expect(findings.first?.evidence["polls"] == "2")
        let back = history([try round(Capture.down), try round(Capture.looking), try healthyRound()])
        #expect(detectMemberAvailability(back, nil, .defaults).isEmpty)
    }

    @Test("kill -9 the leader (capture a): down member flagged, the election itself is not a restart")
    func killLeader() throws {
        let before = try healthyRound()
        let electing: [(Int, MemberReplies)] = [(1, Capture.looking), (2, Capture.looking), (3, Capture.down)]
        let after: [(Int, MemberReplies)] = [
            (1, try Capture.replies(srvr: "kill-leader/after-zk1-srvr.txt", mntr: "kill-leader/after-zk1-mntr.txt")),
            (2, try Capture.replies(srvr: "kill-leader/after-zk2-srvr.txt", mntr: "kill-leader/after-zk2-mntr.txt")),
            (3, Capture.down),
        ]
        let h = history([before, electing, after])
        let findings = detectAll(history: h, configuration: nil)
        #expect(codes(findings).contains("member-down"))
        #expect(findings.first { $0.code == .memberDown }?.members == [lab(3).address])
        #expect(!codes(findings).contains("quorum-lost"))  // one LOOKING round only
        #expect(!codes(findings).contains("member-restarting"))
        #expect(!codes(findings).contains("epoch-jump"))
        #expect(!codes(findings).contains("zxid-lag"))  // leader at 0x200000000, followers at 0x100000a78
        #expect(codes(findings).contains("followers-unsynced") == false)  // only one leader round so far
    }

    @Test func quorumLostAfterTwoPolls() throws {
        let lost: [(Int, MemberReplies)] = [(1, Capture.looking), (2, Capture.down), (3, Capture.down)]
        let h = history([try healthyRound(), lost, lost])
        let findings = detectQuorumLost(h, nil, .defaults)
        #expect(findings.map(\.code) == [.quorumLost])
        #expect(findings.first?.severity == .critical)
        #expect(findings.first?.evidence["needed"] == "2")
        #expect(detectQuorumLost(history([try healthyRound(), lost]), nil, .defaults).isEmpty)
        #expect(detectQuorumLost(history([lost, lost, try healthyRound()]), nil, .defaults).isEmpty)
    }

    @Test("restart loop (capture b): two restarts in the window is a warning, one is info")
    func restartLoop() throws {
        let leader = try Capture.replies(mntr: "restart-loop/leader-zk2-mntr-before.txt")
        func round(_ zk1: MemberReplies) -> [(Int, MemberReplies)] { [(1, zk1), (2, leader)] }
        let steady = try Capture.replies(mntr: "restart-loop/zk1-mntr-before.txt")
        let first = try Capture.replies(mntr: "restart-loop/zk1-mntr-after-restart1.txt")
        let second = try Capture.replies(mntr: "restart-loop/zk1-mntr-after-restart2.txt")
        let once = history([round(steady), round(Capture.down), round(first)])
        let onceFindings = detectRestarts(once, nil, .defaults)
        #expect(onceFindings.map(\.severity) == [.info])
        let twice = history([round(steady), round(Capture.down), round(first), round(Capture.down), round(second)])
        let findings = detectRestarts(twice, nil, .defaults)
        #expect(findings.map(\.code) == [.memberRestarting])
        #expect(findings.first?.severity == .warning)
        #expect(findings.first?.members == [lab(1).address])
        #expect(findings.first?.evidence["restarts"] == "2")
        // Restarts age out of the window: the finding clears (a restart in the newest round is inside any window).
        var quiet = Thresholds()
        quiet.restartWindowSeconds = 1
        #expect(detectRestarts(twice, nil, quiet).map(\.evidence["restarts"]) == ["1"])
        let later = history([
            round(steady), round(Capture.down), round(first), round(Capture.down), round(second), round(second),
            round(second),
        ])
        #expect(detectRestarts(later, nil, quiet).isEmpty)
        // A healthy history has none.
        #expect(detectRestarts(history([round(steady), round(steady)]), nil, .defaults).isEmpty)
    }

    @Test func multipleLeaders() throws {
        let leader = try Capture.replies(srvr: "healthy/leader-srvr.txt")
        let follower = try Capture.replies(srvr: "healthy/follower-srvr.txt")
        let split = [(1, leader), (2, leader), (3, follower)]
        #expect(detectMultipleLeaders(history([split, split]), nil, .defaults).map(\.code) == [.multipleLeaders])
        #expect(detectMultipleLeaders(history([split]), nil, .defaults).isEmpty)
        #expect(detectMultipleLeaders(history([try healthyRound(), try healthyRound()]), nil, .defaults).isEmpty)
    }

    @Test func standaloneMemberInAnEnsemble() throws {
        var round = try healthyRound()
        round[0] = (1, try Capture.replies(srvr: "whitelist/standalone-srvr.txt"))
        let findings = detectStandaloneMember(history([round]), nil, .defaults)
        #expect(findings.map(\.code) == [.standaloneMember])
        #expect(findings.first?.severity == .critical)
        // A lone standalone server is fine.
        let alone = history([[(1, try Capture.replies(srvr: "whitelist/standalone-srvr.txt"))]])
        #expect(detectStandaloneMember(alone, nil, .defaults).isEmpty)
        #expect(detectStandaloneMember(history([try healthyRound()]), nil, .defaults).isEmpty)
    }

    @Test func evenEnsemble() throws {
        let four = try EnsembleConfiguration.parse(
            zooCfg: "clientPort=2181\nserver.1=a:1:2\nserver.2=b:1:2\nserver.3=c:1:2\nserver.4=d:1:2\n", file: "z")
        let three = try EnsembleConfiguration.parse(
            zooCfg: "clientPort=2181\nserver.1=a:1:2\nserver.2=b:1:2\nserver.3=c:1:2\nserver.4=d:1:2:observer\n",
            file: "z")
        let h = history([try healthyRound()])
        #expect(detectEvenEnsemble(h, four, .defaults).map(\.code) == [.evenEnsemble])
        #expect(detectEvenEnsemble(h, three, .defaults).isEmpty)
        // Without a file the members' quorum_size (3) is used.
        #expect(detectEvenEnsemble(h, nil, .defaults).isEmpty)
    }

    @Test("followers-unsynced: the new leader after the kill has 1 of 2 followers")
    func followersUnsynced() throws {
        let after: [(Int, MemberReplies)] = [
            (1, try Capture.replies(srvr: "kill-leader/after-zk1-srvr.txt", mntr: "kill-leader/after-zk1-mntr.txt")),
            (2, try Capture.replies(srvr: "kill-leader/after-zk2-srvr.txt", mntr: "kill-leader/after-zk2-mntr.txt")),
            (3, Capture.down),
        ]
        let findings = detectFollowersUnsynced(history([after, after]), nil, .defaults)
        #expect(findings.map(\.code) == [.followersUnsynced])
        #expect(findings.first?.evidence["synced_followers"] == "1")
        #expect(Set(findings.first?.members ?? []) == [lab(2).address, lab(3).address])
        #expect(detectFollowersUnsynced(history([try healthyRound(), try healthyRound()]), nil, .defaults).isEmpty)
    }

    @Test func signalsMissingNamesTheWhitelistLine() throws {
        let replies = try Capture.replies(
            srvr: "whitelist/standalone-srvr.txt", mntr: "whitelist/standalone-mntr.txt",
            conf: "whitelist/standalone-conf.txt")
        // One blind round is not yet a blind member: the poller may not have reached the AdminServer.
        #expect(detectSignalsMissing(history([[(1, replies)]]), nil, .defaults).first?.severity == .info)
        let findings = detectSignalsMissing(history([[(1, replies)], [(1, replies)], [(1, replies)]]), nil, .defaults)
        #expect(findings.map(\.code) == [.signalsMissing])
        #expect(findings.first?.severity == .warning)
        #expect(findings.first?.remedy.contains("4lw.commands.whitelist=srvr,mntr,conf") == true)
        #expect(findings.first?.evidence[lab(1).address] == "conf,mntr")
        var withAdmin = replies
        withAdmin.adminMonitor = ProbeResult { try MonitorReply.parse(try Capture.text("healthy/follower-mntr.txt")) }
        #expect(detectSignalsMissing(history([[(1, withAdmin)]]), nil, .defaults).first?.severity == .info)
        // A round in which the poller has not asked the AdminServer yet, after it answered before.
        var zabOnly = replies
        zabOnly.adminZabState = ProbeResult {
            try ZabStateReply.parse(try Capture.text("divergence/zk3-looping-admin-zabstate.json"))
        }
        let between = history([[(1, zabOnly)], [(1, replies)]])
        #expect(detectSignalsMissing(between, nil, .defaults).first?.severity == .info)
        #expect(detectSignalsMissing(history([try healthyRound()]), nil, .defaults).isEmpty)
    }
}

@Suite("Restart findings clear once the member is quiet")
struct RestartQuietTests {
    @Test func clearsAfterQuietPeriod() throws {
        let leader = try Capture.replies(mntr: "restart-loop/leader-zk2-mntr-before.txt")
        let steady = try Capture.replies(mntr: "restart-loop/zk1-mntr-before.txt")
        let first = try Capture.replies(mntr: "restart-loop/zk1-mntr-after-restart1.txt")
        let second = try Capture.replies(mntr: "restart-loop/zk1-mntr-after-restart2.txt")
        var rounds: [[(Int, MemberReplies)]] = [
            [(1, steady), (2, leader)], [(1, Capture.down), (2, leader)], [(1, first), (2, leader)],
            [(1, Capture.down), (2, leader)], [(1, second), (2, leader)],
        ]
        #expect(detectRestarts(history(rounds, interval: 5), nil, .defaults).first?.severity == .warning)
        // 12 more rounds of 5 s serving (60 s quiet, uptime growing) and the loop is over.
        for index in 1...12 {
            let text = try edited(
                "restart-loop/zk1-mntr-after-restart2.txt", "zk_uptime\t3155", "zk_uptime\t\(3155 + index * 5000)")
            rounds.append([(1, try Capture.replies(mntrText: text)), (2, leader)])
        }
        #expect(detectRestarts(history(rounds, interval: 5), nil, .defaults).isEmpty)
        var patient = Thresholds()
        patient.restartQuietSeconds = 600
        #expect(!detectRestarts(history(rounds, interval: 5), nil, patient).isEmpty)
    }
}

@Suite("Quorum seen from a subset of members")
struct QuorumSubsetTests {
    @Test("--servers without the leader: serving followers prove the quorum")
    func followersOnly() throws {
        let round = try Array(healthyRound().prefix(2))  // zk1, zk2 follow; zk3 (the leader) is not polled
        #expect(detectQuorumLost(history([round, round]), nil, .defaults).isEmpty)
        let lost: [(Int, MemberReplies)] = [(1, Capture.looking), (2, Capture.looking)]
        #expect(detectQuorumLost(history([lost, lost]), nil, .defaults).map(\.code) == [.quorumLost])
    }
}
