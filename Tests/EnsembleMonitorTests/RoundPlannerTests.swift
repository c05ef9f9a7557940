import EnsembleCore
import EnsembleMonitor
import Testing
import ZooKeeperAdmin

/// The poll round's decisions as values, without sockets: which requests each batch holds on the cadence
/// (every round, refresh, slow, `envi`), what a down, not-serving or rejoining member is asked, and how a word
/// the whitelist blocks is replaced by its AdminServer stand-in. Replies are real reply texts run through the
/// ``SignalTable`` rows' own parsers.
@Suite struct RoundPlannerTests {
    let settings: PollSettings = {
        var settings = PollSettings(interval: .seconds(1))
        settings.blockedRecheckInterval = .seconds(60)
        settings.adminRecheckInterval = .seconds(30)
        settings.slowInterval = .seconds(10)
        return settings
    }()

    /// Reply texts as ZooKeeper 3.8 sends them (shortened captures from zookeeper-facts).
    static let wordTexts: [String: String] = [
        "srvr": """
        Zookeeper version: 3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC
        Latency min/avg/max: 0/1.4167/9
        Received: 58
        Sent: 63
        Connections: 3
        Outstanding: 0
        Zxid: 0x100000892
        Mode: follower
        Node count: 2191

        """,
        "mntr": "zk_version\t3.8.0\nzk_server_state\tfollower\nzk_znode_count\t2191\nzk_watch_count\t16\n",
        "conf": "clientPort=2181\ndataDir=/var/lib/zookeeper\nserverId=2\n",
        "isro": "rw",
        "envi": "Environment:\nzookeeper.version=3.8.0\nos.memory.max=256MB\n",
        "cons": " /127.0.0.1:45678[0](queued=0,recved=1,sent=0)\n\n",
        "dump": "SessionTracker dump:\nSession Sets (0)/(0):\nephemeral nodes dump:\nSessions with Ephemerals (0):\n",
        "hash": "100000080: 302888095670\n100000100: 598776441826\n",
        "wchs": "2 connections watching 12 paths\nTotal watches:12\n",
    ]

    static let adminBodies: [String: String] = [
        "zabstate":
            #"{"voting":true,"zabstate":"broadcast","myid":2,"last_zxid":"0x100000892","command":"zabstate","error":null}"#,
        "leader": #"{"is_leader":false,"leader_id":1,"leader_ip":"127.0.0.1","command":"leader","error":null}"#,
        "monitor":
            #"{"version":"3.8.0","server_state":"follower","znode_count":2191,"command":"monitor","error":null}"#,
        "voting_view": #"""
        {"current_config":{"1":{"server_addresses":["127.0.0.1:2888"],"election_addresses":["127.0.0.1:3888"],
        "client_address":"127.0.0.1:2181","learner_type":"participant"}},"command":"voting_view","error":null}
        """#,
        "server_stats":
            #"{"version":"3.8.0","read_only":false,"server_stats":{"packets_sent":1},"command":"server_stats","error":null}"#,
        "dump": #"{"expiry_time_to_session_ids":{},"session_id_to_ephemeral_paths":{},"command":"dump","error":null}"#,
        "hash": #"{"digests":[{"zxid":4294969490,"digest":1234567}],"command":"hash","error":null}"#,
        "watch_summary":
            #"{"num_connections":2,"num_paths":12,"num_total_watches":12,"command":"watch_summary","error":null}"#,
        "environment": #"{"zookeeper.version":"3.8.0","os.memory.max":"256MB","command":"environment","error":null}"#,
    ]

    /// The reply a healthy 3.8 member gives to `request`.
    static func answer(_ request: SignalRequest) -> SignalReply {
        let row = SignalTable.descriptor(for: request)!
        switch request {
        case .word(let word): return row.reply(to: .word(.success(wordTexts[word.rawValue] ?? "")))
        case .admin(let command):
            let response = AdminHTTPResponse(status: 200, headers: [], body: adminBodies[command.name] ?? "")
            return row.reply(to: .admin(.success(response)))
        }
    }

    /// The reply of a member whose whitelist blocks the word.
    static func blocked(_ request: SignalRequest) -> SignalReply {
        guard case .word(let word) = request else { return answer(request) }
        return SignalTable.descriptor(for: request)!.reply(
            to: .word(.success(word.rawValue + ReplyClassifier.notWhitelistedSuffix + "\n")))
    }

    /// Runs a whole round, answering each request with `reply`; returns the batches asked and the planner.
    static func round(
        _ state: MemberPollState, at now: Double, settings: PollSettings,
        reply: (SignalRequest) -> SignalReply = answer
    ) -> (batches: [[SignalRequest]], planner: RoundPlanner) {
        var planner = RoundPlanner(state: state, settings: settings, now: now)
        var batches: [[SignalRequest]] = []
        var step = planner.start()
        for _ in 0..<8 {
            guard case .ask(let requests) = step else { break }
            batches.append(requests)
            // Completion order is not request order: the planner must not depend on it.
            step = planner.received(requests.reversed().map(reply))
        }
        #expect(step == .done)
        return (batches, planner)
    }

    static func names(_ batches: [[SignalRequest]]) -> [[String]] { batches.map { $0.map(\.description) } }

    @Test func everyRowParsesTheRealReplyTexts() {
        for row in SignalTable.all {
            #expect(Self.answer(row.request).status == .answered, "\(row.request)")
        }
    }

    @Test func theFirstRoundDiscoversTheAdminServerAndReadsEverySourceOnce() {
        let (batches, planner) = Self.round(MemberPollState(adminPort: 8080), at: 0, settings: settings)
        #expect(
            Self.names(batches) == [
                ["srvr"], ["admin:zabstate"],
                [
                    "mntr", "conf", "isro", "envi", "cons", "dump", "hash", "wchs", "admin:leader",
                    "admin:voting_view", "admin:server_stats",
                ],
            ])
        #expect(planner.isServing)
        #expect(planner.state.book.admin == .available)
        #expect(planner.state.book.environmentRead)
        // Every reply landed in its slot: wchs's counts reach the snapshot.
        let snapshot = MemberSnapshot.assemble(
            endpoint: MemberEndpoint(host: "127.0.0.1", clientPort: 2181), time: 0, replies: planner.replies)
        #expect(snapshot.watchSummary?.totalWatches == 12 && snapshot.watches == 16)
        #expect(snapshot.sources[.wchs] == .answered && snapshot.sources[.adminServerStats] == .answered)
        #expect(planner.replies.statuses.count == 13, "every source but the stand-in admin:monitor")
    }

    @Test func laterRoundsAskOnlyWhatIsDue() {
        var state = Self.round(MemberPollState(adminPort: 8080), at: 0, settings: settings).planner.state
        var (batches, planner) = Self.round(state, at: 1, settings: settings)
        #expect(Self.names(batches) == [["srvr"], ["mntr"]])
        state = planner.state
        // The slow round (10 s later) re-reads the refresh and slow sources; envi answered once, so not again.
        (batches, planner) = Self.round(state, at: 10, settings: settings)
        #expect(
            Self.names(batches) == [
                ["srvr"],
                [
                    "mntr", "conf", "isro", "cons", "dump", "hash", "wchs", "admin:zabstate", "admin:leader",
                    "admin:voting_view", "admin:server_stats",
                ],
            ])
        // Without an admin port the AdminServer is never asked.
        (batches, _) = Self.round(MemberPollState(adminPort: nil), at: 0, settings: settings)
        #expect(!batches.joined().contains { $0.isAdmin })
        #expect(batches.count == 2)
    }

    @Test func aSlowWordThatTimedOutIsAskedAgainInTheNextRoundsUpToTheLimit() {
        let timedOut: (SignalRequest) -> SignalReply = { request in
            request == .word(.dump)
                ? SignalTable.descriptor(for: request)!.reply(to: .word(.failure(.timedOut))) : Self.answer(request)
        }
        var state = Self.round(MemberPollState(adminPort: nil), at: 0, settings: settings, reply: timedOut).planner
            .state
        #expect(state.retries[.dump] == 1)
        // Fast rounds ask dump again while it keeps timing out, up to the limit, then leave it to the slow round.
        var asked: [Bool] = []
        for second in 1...(RoundPlanner.retryLimit + 2) {
            let (batches, planner) = Self.round(state, at: Double(second), settings: settings, reply: timedOut)
            asked.append(batches.joined().contains(.word(.dump)))
            state = planner.state
        }
        #expect(asked == Array(repeating: true, count: RoundPlanner.retryLimit) + [false, false])
        // Once it answers, the next fast round no longer asks it.
        state.retries[.dump] = 1
        var (batches, planner) = Self.round(state, at: 7, settings: settings)
        #expect(batches.joined().contains(.word(.dump)))
        #expect(planner.state.retries[.dump] == nil)
        (batches, planner) = Self.round(planner.state, at: 8, settings: settings)
        #expect(Self.names(batches) == [["srvr"], ["mntr"]])
    }

    @Test func aDownMemberIsAskedSrvrOnlyAndItsReturnIsARefreshRound() {
        var state = Self.round(MemberPollState(adminPort: 8080), at: 0, settings: settings).planner.state
        let refused: (SignalRequest) -> SignalReply = { request in
            SignalTable.descriptor(for: request)!.reply(to: .word(.failure(.connectionRefused)))
        }
        var (batches, planner) = Self.round(state, at: 1, settings: settings, reply: refused)
        #expect(Self.names(batches) == [["srvr"]])
        #expect(planner.replies.srvr == .unreachable(.connectionRefused))
        #expect(!planner.state.wasServing)
        state = planner.state
        // Back at 2 s: a refresh round (conf, isro, zabstate, leader) but not a slow one; envi waits for it.
        (batches, planner) = Self.round(state, at: 2, settings: settings)
        #expect(Self.names(batches) == [["srvr"], ["mntr", "conf", "isro", "admin:zabstate", "admin:leader"]])
        #expect(planner.state.environmentDue)
        (batches, planner) = Self.round(planner.state, at: 10, settings: settings)
        #expect(batches.last?.contains(.word(.envi)) == true)
        #expect(!planner.state.environmentDue)
    }

    @Test func aNotServingMemberIsAskedOnlyZabstateOnRefreshRounds() {
        let state = Self.round(MemberPollState(adminPort: 8080), at: 0, settings: settings).planner.state
        let looking: (SignalRequest) -> SignalReply = { request in
            guard request == .word(.srvr) else { return Self.answer(request) }
            return SignalTable.opening.reply(to: .word(.success(ReplyClassifier.notServingText + "\n")))
        }
        var (batches, planner) = Self.round(state, at: 10, settings: settings, reply: looking)
        #expect(Self.names(batches) == [["srvr"], ["admin:zabstate"]])
        #expect(!planner.isServing)
        (batches, planner) = Self.round(planner.state, at: 11, settings: settings, reply: looking)
        #expect(Self.names(batches) == [["srvr"]])
    }

    @Test func aBlockedWordIsReplacedByItsStandInFromTheRoundItIsFirstRefused() {
        let blockedWords: Set<SignalRequest> = [.word(.mntr), .word(.dump), .word(.wchs)]
        let reply: (SignalRequest) -> SignalReply = { blockedWords.contains($0) ? Self.blocked($0) : Self.answer($0) }
        var (batches, planner) = Self.round(MemberPollState(adminPort: 8080), at: 0, settings: settings, reply: reply)
        // The refusals are seen in the main batch; their stand-ins follow in the same round.
        #expect(Self.names(batches).last == ["admin:monitor", "admin:dump", "admin:watch_summary"])
        #expect(planner.replies.statuses[.mntr] == .notWhitelisted)
        #expect(planner.replies.statuses[.adminMonitor] == .answered)
        #expect(planner.replies.statuses[.wchs] == .answered, "the stand-in's value fills the word's slot")
        #expect(planner.replies.wchs?.value?.totalWatches == 12)
        #expect(planner.state.book.isBlocked(.mntr) && planner.state.book.isBlocked(.wchs))
        // The next round asks the stand-in instead of the word, and reports the word's refusal from memory.
        (batches, planner) = Self.round(planner.state, at: 1, settings: settings, reply: reply)
        #expect(Self.names(batches) == [["srvr"], ["admin:monitor"]])
        #expect(planner.replies.mntr == .unusable(.notWhitelisted("mntr")))
        #expect(planner.replies.dump == .unusable(.notWhitelisted("dump")))
        // The recheck (60 s later) asks word and stand-in together: the stand-in's value wins the slot, and the
        // word stays blocked, whichever reply arrives first.
        (batches, planner) = Self.round(planner.state, at: 61, settings: settings, reply: reply)
        #expect(batches[1].contains(.word(.wchs)) && batches[1].contains(.admin(.watchSummary)))
        #expect(batches.count == 2, "no fallback batch: the stand-ins were already asked")
        #expect(planner.replies.wchs?.value?.totalWatches == 12)
        #expect(planner.state.book.isBlocked(.wchs))
        // A member restarted with a whitelist that allows the word: it answers at the recheck and is unblocked.
        (batches, planner) = Self.round(planner.state, at: 122, settings: settings)
        #expect(!planner.state.book.isBlocked(.mntr))
        (batches, _) = Self.round(planner.state, at: 123, settings: settings)
        #expect(Self.names(batches) == [["srvr"], ["mntr"]])
    }

    @Test func aBlockedSrvrIsReportedFromMemoryAndTheRoundGoesOn() {
        let reply: (SignalRequest) -> SignalReply = { $0 == .word(.srvr) ? Self.blocked($0) : Self.answer($0) }
        var (batches, planner) = Self.round(MemberPollState(adminPort: nil), at: 0, settings: settings, reply: reply)
        #expect(planner.isServing)
        (batches, planner) = Self.round(planner.state, at: 1, settings: settings, reply: reply)
        #expect(Self.names(batches) == [["mntr"]], "srvr is not asked again before its recheck")
        #expect(planner.replies.srvr == .unusable(.notWhitelisted("srvr")))
    }

    @Test func anAbsentAdminServerIsLeftAloneUntilItsRecheck() {
        let refusedAdmin: (SignalRequest) -> SignalReply = { request in
            guard request.isAdmin else { return Self.answer(request) }
            return SignalTable.descriptor(for: request)!.reply(to: .admin(.failure(.connectionRefused)))
        }
        var state = MemberPollState(adminPort: 8081)
        // Three refusals in a row make it absent (a restarting member refuses for a moment).
        for second in 0..<3 {
            let (batches, planner) = Self.round(state, at: Double(second), settings: settings, reply: refusedAdmin)
            #expect(batches.count == 3 && batches[1] == [.admin(.zabState)])
            state = planner.state
        }
        let (batches, planner) = Self.round(state, at: 4, settings: settings, reply: refusedAdmin)
        #expect(!batches.joined().contains { $0.isAdmin })
        #expect(planner.state.book.report(adminPort: 8081).adminServer.contains("refused"))
        let (later, _) = Self.round(planner.state, at: 40, settings: settings, reply: refusedAdmin)
        #expect(later[1] == [.admin(.zabState)], "rediscovered after adminRecheckInterval")
    }

    @Test func theTableNamesEveryWordOnceAndTheWhitelistLineFollowsIt() {
        #expect(SignalTable.words.first?.request == .word(.srvr))
        #expect(
            SignalTable.whitelistLine == "4lw.commands.whitelist=srvr,mntr,conf,isro,envi,cons,dump,hash,wchs")
        #expect(Set(SignalTable.all.map(\.request)).count == SignalTable.all.count)
        #expect(SignalTable.metricsSources == [.mntr, .adminMonitor])
        #expect(SourceBook.fourLetterSources == [.mntr, .conf, .isro, .envi, .cons, .dump, .hash, .wchs])
        // Every source has exactly one row it is read back through.
        #expect(Set(SignalTable.bySource.map(\.source)) == Set(SignalSource.allCases))
        // Every stand-in replaces a word of the table.
        for row in SignalTable.admin {
            if let word = row.standsInFor { #expect(SignalTable.words.contains { $0.source == word }) }
        }
    }
}
