import Testing
import ZooKeeperAdmin

@testable import EnsembleCore

/// A member that does not serve says why, with the cause an operator can act on: refused, does not resolve,
/// not ZooKeeper's (binary or endless), no answer in time; and the member-down finding says the same.
@Suite("Why a member does not serve")
struct StateReasonTests {
    /// One round of a member whose `srvr` failed with `error` (the poller asks nothing else then).
    static func failed(_ error: FourLetterWordError) -> MemberReplies {
        var replies = MemberReplies()
        replies.srvr = .fourLetterWord(.failure(error), parse: ServerStatsReply.parse)
        return replies
    }

    static let causes: [(FourLetterWordError, Reachability, String)] = [
        (.connectionRefused, .down, "connection refused: nothing listens on the port"),
        (.hostNotFound("zk9.invalid"), .down, "host zk9.invalid does not resolve"),
        (
            .notZooKeeper("binary data: 15 03 03"), .down,
            "the reply is not ZooKeeper's (binary data: 15 03 03)"
        ),
        (
            .replyTooLarge(limit: 8_388_608), .down,
            "the reply is not ZooKeeper's (endless reply, cut at 8388608 bytes)"
        ),
        (.timedOut, .unresponsive, "no answer within the deadline"),
    ]

    @Test func everyTransportCauseHasItsOwnReason() {
        var reasons: Set<String> = []
        for (error, state, reason) in Self.causes {
            let member = MemberSnapshot.assemble(endpoint: lab(1), time: 0, replies: Self.failed(error))
            #expect(member.reachability == state, "\(error)")
            #expect(member.stateReason == reason, "\(error)")
            reasons.insert(member.stateReason ?? "")
        }
        #expect(reasons.count == Self.causes.count)
    }

    @Test func notServingAndServingReasons() throws {
        let looking = MemberSnapshot.assemble(endpoint: lab(1), time: 0, replies: Capture.looking)
        #expect(looking.stateReason == "up, but not serving requests (no quorum, or it cannot join the leader)")
        var empty = MemberReplies()
        empty.srvr = .fourLetterWord(.success(""), parse: ServerStatsReply.parse)
        let starting = MemberSnapshot.assemble(endpoint: lab(1), time: 0, replies: empty)
        #expect(starting.reachability == .notServing)
        #expect(starting.stateReason == "up, but its replies are empty (starting, or changing state)")
        let serving = MemberSnapshot.assemble(
            endpoint: lab(1), time: 0, replies: try Capture.replies(srvr: "config-iv/zk1-srvr.txt"))
        #expect(serving.stateReason == nil)
    }

    @Test("member-down names the cause: refused, does not resolve, not ZooKeeper's")
    func memberDownMessages() throws {
        func finding(_ error: FourLetterWordError) throws -> Finding? {
            func round() throws -> [(Int, MemberReplies)] {
                [(1, Self.failed(error)), (2, try Capture.replies(srvr: "config-iv/zk2-srvr.txt"))]
            }
            return detectMemberAvailability(history([try round(), try round()]), nil, .defaults).first
        }
        let refused = try #require(try finding(.connectionRefused))
        #expect(refused.message.contains("the process is not running"))
        let unresolvable = try #require(try finding(.hostNotFound("zk9.invalid")))
        #expect(unresolvable.code == .memberDown)
        #expect(unresolvable.message == "\(lab(1).address) cannot be reached: host zk9.invalid does not resolve")
        #expect(!unresolvable.remedy.contains("Start the ZooKeeper service"))
        let foreign = try #require(try finding(.notZooKeeper("starts with \"SSH-2.0\"")))
        #expect(foreign.message.contains("answers, but not as ZooKeeper"))
        #expect(!foreign.message.contains("not running"))
        let endless = try #require(try finding(.replyTooLarge(limit: 1024)))
        #expect(endless.message.contains("endless reply, cut at 1024 bytes"))
        #expect(refused.remedy.contains("tolerates one failure less"))
    }

    @Test("a down standalone server's remedy says nothing serves, not that the ensemble tolerates less")
    func downStandaloneRemedy() throws {
        let rounds = [[(1, Self.failed(.connectionRefused))], [(1, Self.failed(.connectionRefused))]]
        let down = try #require(detectMemberAvailability(history(rounds), nil, .defaults).first)
        #expect(down.code == .memberDown)
        #expect(down.remedy.contains("clients can neither read nor write"), "\(down.remedy)")
        #expect(!down.remedy.contains("tolerates"), "\(down.remedy)")
    }

    @Test("conf with a line break in a host name: parsed, compared raw, quoted escaped")
    func confWithControlCharacters() throws {
        // A `\n` escape in zoo.cfg reaches conf as a real line break inside server.3's host.
        let broken = try edited("config-iv/zk1-conf.txt", "server.3=127.0.0.1:", "server.3=127.0.0.1\n:")
        let conf = try ConfReply.parse(broken)
        #expect(conf.membership.count == 3)
        #expect(conf.membership.last?.host == "127.0.0.1\n")
        #expect(conf.membershipLines.last == "server.3=127.0.0.1\\x0A:2890:3890:participant;127.0.0.1:2183")
        // The mismatch it hides is found: zk1's list differs from zk2's and zk3's in server.3's host.
        var round = try [1, 2, 3].map { n in
            (n, try Capture.replies(srvr: "config-iv/zk\(n)-srvr.txt", conf: "config-iv/zk2-conf.txt"))
        }
        round[0].1.conf = ProbeResult { try ConfReply.parse(broken) }
        let finding = try #require(detectConfigMismatch(history([round]), nil, .defaults).first)
        #expect(finding.members == [lab(1).address])
        #expect(finding.severity == .critical)
        let quoted = try #require(finding.evidence[lab(1).address])
        #expect(quoted.contains("127.0.0.1\\x0A"))
        #expect(!quoted.contains("\n"))
    }

    @Test func confWithControlCharactersInSettingsIsRead() throws {
        let text = try edited("config-iv/zk1-conf.txt", "dataDir=/srv", "dataDir=\u{1b}[31m/srv\nred")
        let conf = try ConfReply.parse(text)
        #expect(conf.setting("dataDir") == "\u{1b}[31m/srv\nred/zklab/ens/zk1/data/version-2")
        #expect(conf.serverID == 1)
        #expect(conf.membership.count == 3)
    }
}
