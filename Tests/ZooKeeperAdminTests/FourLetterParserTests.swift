import Testing

@testable import ZooKeeperAdmin

@Suite("Four-letter-word parsers over real captures")
struct FourLetterParserTests {
    struct SrvrCase: Sendable, CustomStringConvertible {
        var path: String
        var mode: ServerMode
        var zxid: String
        var nodes: Int64
        var connections: Int64
        var hasProposals: Bool
        var description: String { path }
    }

    @Test(
        "srvr",
        arguments: [
            SrvrCase(
                path: "4lw/leader-srvr.txt", mode: .leader, zxid: "0x100000892", nodes: 2191, connections: 2,
                hasProposals: true),
            SrvrCase(
                path: "4lw/follower-srvr.txt", mode: .follower, zxid: "0x100000892", nodes: 2191, connections: 3,
                hasProposals: false),
            SrvrCase(
                path: "4lw/standalone-srvr.txt", mode: .standalone, zxid: "0x0", nodes: 5, connections: 1,
                hasProposals: false),
            SrvrCase(
                path: "4lw/fresh-follower-srvr.txt", mode: .follower, zxid: "0x0", nodes: 5, connections: 1,
                hasProposals: false),
            SrvrCase(
                path: "4lw/whitelist-srvr.txt", mode: .standalone, zxid: "0x0", nodes: 5, connections: 1,
                hasProposals: false),
        ])
    func srvr(_ expected: SrvrCase) throws {
        let reply = try ServerStatsReply.parse(try Fixture.text(expected.path))
        #expect(reply.mode == expected.mode)
        #expect(reply.zxid?.description == expected.zxid)
        #expect(reply.nodeCount == expected.nodes)
        #expect(reply.connections == expected.connections)
        #expect(reply.version?.description == "3.8.0")
        #expect((reply.proposalSizes != nil) == expected.hasProposals)
        #expect(reply.clients == nil)
        #expect(reply.outstanding == 0)
    }

    @Test func srvrLatencyAndCounters() throws {
        let reply = try ServerStatsReply.parse(try Fixture.text("4lw/follower-srvr.txt"))
        #expect(reply.latency == LatencyStats(min: 0, avg: 1.4167, max: 9))
        #expect(reply.received == 58)
        #expect(reply.sent == 63)
        let afterReset = try ServerStatsReply.parse(try Fixture.text("4lw/leader-srvr-after-srst.txt"))
        #expect((afterReset.received ?? 99) < 34)
    }

    @Test func statHasClients() throws {
        let reply = try ServerStatsReply.parse(try Fixture.text("4lw/leader-stat.txt"))
        #expect(reply.mode == .leader)
        #expect(reply.clients?.count == 2)
        #expect(reply.clients?.first?.remoteAddress == "127.0.0.1:37336")
        #expect(reply.nodeCount == 2191)
    }

    @Test func srvrGarbageIsMalformed() {
        #expect(throws: ReplyFailure.self) { try ServerStatsReply.parse("hello\nworld\n") }
    }

    @Test(
        "mntr",
        arguments: [
            ("4lw/leader-mntr.txt", ServerMode.leader, true),
            ("4lw/follower-mntr.txt", ServerMode.follower, false),
            ("4lw/standalone-mntr.txt", ServerMode.standalone, false),
        ])
    func mntr(path: String, mode: ServerMode, isLeader: Bool) throws {
        let reply = try MonitorReply.parse(try Fixture.text(path))
        #expect(reply.string("zk_server_state").map { ServerMode(parsing: $0) } == mode)
        #expect(reply.int("znode_count") != nil)
        #expect(reply.int("zk_znode_count") == reply.int("znode_count"))
        #expect((reply.int("synced_followers") != nil) == isLeader)
        #expect(reply.metrics.count > 400)
        #expect(reply.ignoredLines == 0)
        #expect(reply.string("version")?.hasPrefix("3.8.0") == true)
    }

    @Test func mntrTypesValues() throws {
        let reply = try MonitorReply.parse(try Fixture.text("4lw/leader-mntr.txt"))
        #expect(reply["avg_latency"] == .double(1.25))
        #expect(reply["ephemerals_count"] == .int(51))
        #expect(reply["peer_state"] == .string("leading - broadcast"))
        #expect(reply.int("cnt_tree_write_per_namespace") == 2101)
        #expect(reply.int("max_file_descriptor_count") == 20000)
    }

    @Test func mntrToleratesJunkLines() throws {
        let reply = try MonitorReply.parse(
            "zk_znode_count\t5\ngarbage line\n\nzk_avg_latency\t0.5\nkey with space\t1\n")
        #expect(reply.int("znode_count") == 5)
        #expect(reply.double("avg_latency") == 0.5)
        #expect(reply.ignoredLines == 2)
        #expect(throws: ReplyFailure.self) { try MonitorReply.parse("only junk\n") }
    }

    @Test func confFollowerMembership() throws {
        let reply = try ConfReply.parse(try Fixture.text("4lw/follower-conf.txt"))
        #expect(reply.serverID == 1)
        #expect(reply.clientPort == 2181)
        #expect(reply.maxClientConnections == 60)
        #expect(reply.configVersion == 0)
        #expect(reply.membership.count == 3)
        #expect(
            reply.membership[1]
                == ServerSpec(
                    id: 2, host: "127.0.0.1", quorumPort: 2889, electionPort: 3889, clientHost: "127.0.0.1",
                    clientPort: 2182))
        #expect(reply.membershipLines[0] == "server.1=127.0.0.1:2888:3888:participant;127.0.0.1:2181")
        #expect(reply.membership[0].description == reply.membershipLines[0])
    }

    @Test func confVariants() throws {
        let standalone = try ConfReply.parse(try Fixture.text("4lw/standalone-conf.txt"))
        #expect(standalone.membership.isEmpty)
        #expect(standalone.serverID == 0)
        #expect(standalone.configVersion == nil)

        let noClient = try ConfReply.parse(try Fixture.text("4lw/conf-no-client-addr.txt"))
        #expect(noClient.membership == [ServerSpec(id: 3, host: "127.0.0.1", quorumPort: 2990, electionPort: 3990)])

        let reconfig = try ConfReply.parse(try Fixture.text("4lw/conf-reconfig-enabled.txt"))
        #expect(reconfig.configVersion == 0x1_0000_0000)
    }

    @Test func serverSpecForms() throws {
        let bare = try ServerSpec.parse(key: "server.4", value: "zk4.example:2888:3888")
        #expect(bare.clientPort == nil)
        #expect(bare.type == .participant)
        let observer = try ServerSpec.parse(key: "server.5", value: "h:1:2:observer;2181")
        #expect(observer.type == .observer)
        #expect(observer.clientPort == 2181)
        #expect(observer.clientHost == "0.0.0.0")
        let v6 = try ServerSpec.parse(key: "server.6", value: "[::1]:2888:3888;[::1]:2181")
        #expect(v6.host == "::1")
        #expect(v6.clientHost == "::1")
        #expect(throws: ServerSpec.ParseError.self) { try ServerSpec.parse(key: "server.x", value: "h:1:2") }
        #expect(throws: ServerSpec.ParseError.self) { try ServerSpec.parse(key: "server.1", value: "h:1") }
        #expect(throws: ServerSpec.ParseError.self) { try ServerSpec.parse(key: "server.1", value: "h:1:2:voter") }
        #expect(throws: ServerSpec.ParseError.self) { try ServerSpec.parse(key: "server.1", value: "h:1:99999") }
        #expect(
            bare.agrees(with: try ServerSpec.parse(key: "server.4", value: "zk4.example:2888:3888:participant;2181")))
        #expect(!bare.agrees(with: try ServerSpec.parse(key: "server.4", value: "zk4.example:2889:3888")))
    }

    @Test func consWithAndWithoutSessions() throws {
        let reply = try ConsReply.parse(try Fixture.text("4lw/leader-cons.txt"))
        #expect(reply.connections.count == 2)
        let session = reply.connections[0]
        #expect(session.sessionID == 0x300000548e10000)
        #expect(session.lastOperation == "PING")
        #expect(session.timeout == 10000)
        #expect(session.established == 1_795_561_425_077)
        #expect(session.interestOps == 1)
        #expect(reply.connections[1].sessionID == nil)
        #expect(reply.sessionConnections.count == 1)

        let afterReset = try ConsReply.parse(try Fixture.text("4lw/leader-cons-after-crst.txt"))
        #expect(afterReset.connections[0].lastOperation == "NA")
        #expect(afterReset.connections[0].lastZxid?.rawValue == -1)
        #expect(afterReset.connections[0].fields["lcxid"] == nil)

        let follower = try ConsReply.parse(try Fixture.text("4lw/follower-cons.txt"))
        #expect(follower.sessionConnections.count == 2)
    }

    @Test func dumpLeaderAndFollower() throws {
        let leader = try DumpReply.parse(try Fixture.text("4lw/leader-dump.txt"))
        #expect(leader.layout == .leader)
        #expect(leader.sessions.count == 5)
        #expect(leader.ephemeralsBySession.count == 5)
        #expect(leader.ephemeralCount == 51)
        let lease = leader.ephemeralsBySession[0x300000548e10000] ?? []
        #expect(lease.contains { $0.hasPrefix("/lock/mutex/aaa/leases/_c_") })

        let follower = try DumpReply.parse(try Fixture.text("4lw/follower-dump.txt"))
        #expect(follower.layout == .follower)
        #expect(Set(follower.sessions) == Set(leader.sessions))
        #expect(follower.ephemeralsBySession == leader.ephemeralsBySession)
    }

    @Test func hashLinesAndEmpty() throws {
        let reply = try HashReply.parse(try Fixture.text("4lw/leader-hash.txt"))
        #expect(reply.digests.count == 17)
        #expect(reply.digests[Zxid(hex: "100000080")!] == 302_888_095_670)
        let fresh = try HashReply.parse(try Fixture.text("4lw/fresh-follower-hash.txt"))
        #expect(fresh.digests.isEmpty)
        #expect(throws: ReplyFailure.notServing) { try HashReply.parse(try Fixture.text("4lw/looking-hash.txt")) }
    }

    @Test func enviAnswersEvenWhileLooking() throws {
        let reply = try EnvironmentReply.parse(try Fixture.text("4lw/leader-envi.txt"))
        #expect(reply.zooKeeperVersion?.description == "3.8.0")
        #expect(reply.hostName == "localhost")
        #expect(reply.javaVersion == "17.0.15")
        let looking = try EnvironmentReply.parse(try Fixture.text("4lw/looking-envi.txt"))
        #expect(looking.properties["os.name"] == "Linux")
    }

    @Test func wchs() throws {
        let reply = try WatchSummaryReply.parse(try Fixture.text("4lw/leader-wchs.txt"))
        #expect(reply == WatchSummaryReply(connections: 1, paths: 6, totalWatches: 6))
    }
}

@Suite("mntr: selective single-pass parse")
struct MonitorSelectionTests {
    private let selection = MetricSelection(
        names: ["znode_count", "server_state", "avg_latency"],
        families: [.init(prefix: "cnt_", suffix: "_per_namespace")], familyLimit: 3)

    @Test("only the selected names and at most familyLimit family members are kept")
    func keepsOnlySelected() throws {
        let text = try Fixture.text("4lw/leader-mntr.txt")
        let all = try MonitorReply.parse(text)
        let kept = try MonitorReply.parse(text, keeping: selection)
        #expect(Set(kept.metrics.keys).isSubset(of: Set(all.metrics.keys)))
        let named = kept.metrics.keys.filter { !$0.hasSuffix("_per_namespace") }
        #expect(Set(named) == ["znode_count", "server_state", "avg_latency"])
        #expect(kept.metrics.keys.filter { $0.hasSuffix("_per_namespace") }.count == 3)
        for (key, value) in kept.metrics { #expect(all.metrics[key] == value) }
        #expect(kept.droppedMetrics == all.metrics.count - kept.metrics.count)
        #expect(kept.ignoredLines == 0)
        // A reply of only unselected metrics is a reply, not malformed.
        #expect(try MonitorReply.parse("zk_other\t1\n", keeping: selection).metrics.isEmpty)
        #expect(throws: ReplyFailure.empty) { try MonitorReply.parse(String(repeating: " \n", count: 400)) }
    }

    /// The scanner matches keys by length, first byte and `memcmp`: keys one byte off a kept name, a family's
    /// two ends overlapping, CRLF line ends and stray spaces must come out as a full parse filtered by name.
    @Test("the byte matcher keeps exactly what a full parse filtered by name keeps")
    func byteMatcherAgreesWithTheFullParse() throws {
        let edges = [
            "zk_znode_count\t5", "zk_znode_counu\t6", "zk_ynode_count\t7", "znode_count_\t8", "zk_avg_latency \t1.5",
            "cnt__per_namespace\t9", "cnt_per_namespace\t10", "zk_cnt_x_per_namespace\t11", "cnt_x_per_namespacf\t12",
            "zk_server_state\tleader\r", "  zk_avg_latency\t2.5  ", "zk_\t13", "junk line", "",
        ].joined(separator: "\n")
        var texts = [edges]
        for path in ["4lw/leader-mntr.txt", "4lw/follower-mntr.txt", "4lw/standalone-mntr.txt"] {
            texts.append(try Fixture.text(path))
            texts.append(try Fixture.text(path).replacing("\n", with: "\r\n"))
        }
        let wide = MetricSelection(
            names: ["znode_count", "server_state", "avg_latency"],
            families: [.init(prefix: "cnt_", suffix: "_per_namespace")])
        for text in texts {
            let all = try MonitorReply.parse(text)
            let expected = all.metrics.filter { wide.keepsName($0.key) || wide.inFamily($0.key) }
            #expect(try MonitorReply.parse(text, keeping: wide).metrics == expected)
        }
        let kept = try MonitorReply.parse(edges, keeping: wide).metrics
        #expect(kept["znode_count"] == .int(5) && kept["server_state"] == .string("leader"))
        #expect(kept["avg_latency"] == .double(2.5))
        let names: Set<String> = [
            "znode_count", "server_state", "avg_latency", "cnt__per_namespace", "cnt_x_per_namespace",
        ]
        #expect(Set(kept.keys) == names)
    }

    @Test("a value reads the same from its bytes as from its text, plain integers and every other spelling")
    func valuesReadTheSameFromBytesAndText() {
        let expected: [(String, MetricValue)] = [
            ("0", .int(0)), ("7", .int(7)), ("-5", .int(-5)), ("-0", .int(0)), ("00012", .int(12)),
            ("999999999999999999", .int(999_999_999_999_999_999)),
            ("-999999999999999999", .int(-999_999_999_999_999_999)),
            ("9223372036854775807", .int(Int64.max)), ("99999999999999999999", .double(1e20)),
            ("1.5", .double(1.5)), ("0.0", .double(0)), (" 7", .int(7)), ("7 ", .int(7)), ("7\r", .int(7)),
            ("+5", .int(5)), ("", .string("")), ("-", .string("-")), ("--1", .string("--1")), ("1-", .string("1-")),
            ("abc", .string("abc")), ("leader", .string("leader")), ("3.8.4-5b", .string("3.8.4-5b")),
            ("1e3", .double(1000)),
        ]
        var fast = 0
        for (spelling, value) in expected {
            if Array(spelling.utf8).withUnsafeBufferPointer(MetricValue.plainInteger) != nil { fast += 1 }
            #expect(MetricValue(parsing: spelling) == value, "\(spelling)")
            #expect(MetricValue(parsing: Substring(spelling)) == value, "\(spelling)")
            let fromBytes = Array(spelling.utf8).withUnsafeBufferPointer { MetricValue(parsing: $0) }
            #expect(fromBytes == value, "\(spelling)")
        }
        // Signs, spaces, fractions and numbers past 18 digits go the general way.
        #expect(fast == 7)
    }

    @Test("srvr with CRLF line ends")
    func serverStatsWithCarriageReturns() throws {
        let text = try Fixture.text("4lw/follower-srvr.txt").replacing("\n", with: "\r\n")
        let reply = try ServerStatsReply.parse(text)
        #expect(reply.mode == .follower && reply.zxid == Zxid(hex: "0x100000892") && reply.nodeCount == 2191)
        #expect(reply.latency == LatencyStats(min: 0, avg: 1.4167, max: 9))
    }

    /// The adversarial reply's shape at a tenth of its size (200,000 lines, ~0.8 MB), so a debug build parses it
    /// in about a second; `scripts/bench-mntr.sh` times the full 8 MB, 2 million lines in release.
    @Test("a reply of 200,000 short lines keeps the selection only")
    func hugeReplyStaysBounded() throws {
        let reply = Self.hugeReply(lines: 200_000)
        let clock = ContinuousClock.now
        let kept = try MonitorReply.parse(reply, keeping: selection)
        print(
            "mntr \(reply.utf8.count) bytes, 200,000 lines, selective parse (debug build): \(ContinuousClock.now - clock)"
        )
        #expect(kept.metrics.count == 3 + 3)
        #expect(kept.int("znode_count") == 42)
        #expect(kept.string("server_state") == "leader")
        #expect(kept.droppedMetrics == 200_000 - 6)
        #expect(try MonitorReply.parse(reply).metrics.count == 4 + 1 + 1_562)  // the named, `x`, every 128th
    }

    /// Known keys once each, then short lines (the adversarial reply: ~4 bytes a line, under the
    /// transport's 8 MiB cap), every 128th a distinct name, half of those per-namespace counters.
    static func hugeReply(lines: Int) -> String {
        var text = "zk_server_state\tleader\nzk_znode_count\t42\nzk_avg_latency\t0.5\nzk_unknown\t1\n"
        text.reserveCapacity(8 * 1024 * 1024)
        for index in 4..<lines {
            if index % 128 != 0 {
                text += "x\t1\n"
            } else {
                text += index % 256 == 0 ? "zk_\(index)\t1\n" : "cnt_\(index)_per_namespace\t1\n"
            }
        }
        return text
    }
}
