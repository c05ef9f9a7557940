import Testing

@testable import ZooKeeperAdmin

@Suite("AdminServer JSON and HTTP over real captures")
struct AdminParserTests {
    @Test func monitorMatchesMntrNames() throws {
        let admin = try MonitorReply.parseAdmin(try Fixture.text("admin/leader-monitor.json"))
        #expect(admin.string("server_state") == "leader")
        #expect(admin.int("znode_count") != nil)
        #expect(admin["command"] == nil)
        #expect(admin.metrics.count > 400)
        #expect(admin.double("avg_latency") != nil)
    }

    @Test func votingView() throws {
        let reply = try VotingViewReply.parse(try Fixture.text("admin/leader-voting_view.json"))
        #expect(reply.servers.map(\.id) == [1, 2, 3])
        #expect(
            reply.servers[2]
                == ServerSpec(
                    id: 3, host: "127.0.0.1", quorumPort: 2890, electionPort: 3890, clientHost: "127.0.0.1",
                    clientPort: 2183))
        #expect(try VotingViewReply.parse(try Fixture.text("admin/standalone-voting_view.json")).servers.isEmpty)
        #expect(throws: ReplyFailure.notServing) {
            try VotingViewReply.parse(try Fixture.text("admin/looking-voting_view.json"))
        }
    }

    @Test func zabstate() throws {
        let leader = try ZabStateReply.parse(try Fixture.text("admin/leader-zabstate.json"))
        #expect(leader.myid == 3)
        #expect(leader.isLeader == true)
        #expect(leader.voting)
        #expect(leader.phase == "broadcast")
        #expect(leader.lastZxid?.description == "0x100000892")
        #expect(leader.epoch == 1)
        let looking = try ZabStateReply.parse(try Fixture.text("admin/looking-zabstate.json"))
        #expect(!looking.voting)
        #expect(looking.phase == "")
        #expect(looking.myid == nil)
    }

    @Test func leaderFromFollower() throws {
        let reply = try LeaderReply.parse(try Fixture.text("admin/follower-leader.json"))
        #expect(!reply.isLeader)
        #expect(reply.leaderID == 3)
        #expect(throws: ReplyFailure.notServing) {
            try LeaderReply.parse(try Fixture.text("admin/looking-leader.json"))
        }
    }

    @Test("session ids above 2^53 keep every bit")
    func sessionIDPrecision() throws {
        let dump = try DumpReply.parseAdmin(try Fixture.text("admin/leader-dump.json"))
        // 216172804811325440 = 0x0300000548e10000; through Double it would round.
        #expect(dump.sessions.contains(216_172_804_811_325_440))
        #expect(dump.sessions.contains(72_057_616_738_418_689))
        #expect(dump.sessions.count == 5)
        #expect(dump.ephemeralsBySession[216_172_804_811_325_440]?.count == 11)
        #expect(dump.ephemeralCount == 51)
        let fourLetter = try DumpReply.parse(try Fixture.text("4lw/leader-dump.txt"))
        #expect(Set(dump.sessions) == Set(fourLetter.sessions))
        #expect(dump.ephemeralsBySession == fourLetter.ephemeralsBySession)

        let connections = try AdminConnectionsReply.parse(try Fixture.text("admin/leader-connections.json"))
        #expect(connections.connections.first?.session_id == 216_172_804_811_325_440)
        #expect(formatSessionID(216_172_804_811_325_440) == "0x300000548e10000")
    }

    @Test func hashMatchesFourLetterForm() throws {
        let admin = try HashReply.parseAdmin(try Fixture.text("admin/leader-hash.json"))
        let fourLetter = try HashReply.parse(try Fixture.text("4lw/leader-hash.txt"))
        #expect(admin == fourLetter)
    }

    @Test func serverStatsAndSmallEndpoints() throws {
        let stats = try AdminServerStatsReply.parse(try Fixture.text("admin/leader-server_stats.json"))
        #expect(stats.mode == .leader)
        #expect(stats.nodeCount == 2191)
        #expect(stats.lastProcessedZxid?.rawValue == 4_294_969_490)
        #expect(stats.version?.description == "3.8.0")
        let env = try EnvironmentReply.parseAdmin(try Fixture.text("admin/leader-environment.json"))
        #expect(env.javaVersion == "17.0.15")
        let watches = try WatchSummaryReply.parseAdmin(try Fixture.text("admin/leader-watch_summary.json"))
        #expect(watches.totalWatches == 6)
        #expect(try ReadOnlyReply.parseAdmin(try Fixture.text("admin/leader-is_read_only.json")) == .readWrite)
        #expect(try AdminConfigurationReply.parse(try Fixture.text("admin/leader-configuration.json")).server_id == 3)
        #expect(
            try LastSnapshotReply.parse(try Fixture.text("admin/leader-last_snapshot.json")).timestamp == 1_795_561_333)
        #expect(try ObserversReply.parse(try Fixture.text("admin/leader-observers.json")).syncedObservers == 0)
    }

    @Test func envelopeErrorsAndJunk() {
        #expect(throws: ReplyFailure.serverError("server is not initialized")) {
            try LeaderReply.parse(#"{"error":"server is not initialized","command":"leader"}"#)
        }
        #expect(throws: ReplyFailure.empty) { try LeaderReply.parse("") }
        #expect(throws: ReplyFailure.self) { try LeaderReply.parse("<html>oops</html>") }
    }

    @Test func httpResponses() throws {
        let ok = try AdminHTTPResponse.parse(Array(try Fixture.data("admin/leader-leader.http")))
        #expect(ok.status == 200)
        #expect(ok.header("content-type") == "application/json")
        #expect(try LeaderReply.parse(try ok.successBody()).leaderID == 3)

        let looking = try AdminHTTPResponse.parse(Array(try Fixture.data("admin/looking-monitor.http")))
        #expect(looking.status == 500)
        #expect(throws: ReplyFailure.httpStatus(500)) { try looking.successBody() }

        let chunked = Array(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\n\r\n".utf8)
        #expect(try AdminHTTPResponse.parse(chunked).body == "{\"a\":1}")
        #expect(throws: AdminServerError.self) { try AdminHTTPResponse.parse(Array("garbage".utf8)) }
        #expect(throws: AdminServerError.self) {
            try AdminHTTPResponse.parse(Array("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nshort".utf8))
        }
    }

    @Test func resetEndpointsAreUnrepresentable() {
        for name in [
            "stat_reset", "srst", "connection_stat_reset", "crst", "set_trace_mask", "stmk",
            "observer_connection_stat_reset",
        ] {
            #expect(AdminCommand(name: name) == nil)
        }
        #expect(AdminCommand(name: "monitor") == .monitor)
        #expect(AdminCommand.allowed.count == 14)
        let request = AdminServerClient.requestText(for: .monitor, host: "127.0.0.1", port: 8081)
        #expect(request.hasPrefix("GET /commands/monitor HTTP/1.1\r\n"))
        #expect(request.contains("Connection: close\r\n"))
        #expect(request.hasSuffix("\r\n\r\n"))
    }

    @Test func refusedAdminPortIsReported() async {
        // Port 1 on loopback: nothing listens there.
        await #expect(throws: AdminServerError.connectionRefused) {
            _ = try await AdminServerClient.get(.monitor, host: "127.0.0.1", port: 1, timeout: .seconds(2))
        }
    }
}
