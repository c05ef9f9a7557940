import EnsembleCore
import EnsembleMonitor
import Testing
import ZKScopeApp
import ZooKeeperAdmin

/// `wchs` through the signal table all the way to the Ensemble pane's Watch column: planned by the
/// ``RoundPlanner``, parsed by its ``SignalTable`` row, assembled into the snapshot, shown in the row.
@Suite struct WatchColumnSignalTests {
    static let srvr = """
        Zookeeper version: 3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC
        Latency min/avg/max: 0/1.4167/9
        Received: 58
        Sent: 63
        Connections: 3
        Outstanding: 0
        Zxid: 0x100000892
        Mode: follower
        Node count: 2191

        """

    /// A member whose whitelist blocks `mntr` (so no `zk_watch_count`) and `wchs`, with an AdminServer whose
    /// `monitor` times out and whose `watch_summary` answers (the real 3.8 reply).
    static func reply(_ request: SignalRequest) -> SignalReply {
        let row = SignalTable.descriptor(for: request)!
        switch request {
        case .word(.srvr): return row.reply(to: .word(.success(srvr)))
        case .word(let word):
            return row.reply(to: .word(.success(word.rawValue + ReplyClassifier.notWhitelistedSuffix)))
        case .admin(.zabState):
            let body = #"{"voting":true,"zabstate":"broadcast","command":"zabstate","error":null}"#
            return row.reply(to: .admin(.success(AdminHTTPResponse(status: 200, headers: [], body: body))))
        case .admin(.watchSummary):
            let body =
                #"{"num_connections":2,"num_paths":12,"num_total_watches":12,"command":"watch_summary","error":null}"#
            return row.reply(to: .admin(.success(AdminHTTPResponse(status: 200, headers: [], body: body))))
        case .admin: return row.reply(to: .admin(.failure(.timedOut)))
        }
    }

    @Test func wchsCountsReachTheEnsemblePaneWhenMntrIsBlocked() throws {
        let endpoint = MemberEndpoint(host: "127.0.0.1", clientPort: 2181, adminPort: 8080)
        var tracker = EnsembleTracker(configuration: nil)
        var state = MemberPollState(adminPort: 8080)
        var asked: [[SignalRequest]] = []
        for second in 0..<3 {
            var planner = RoundPlanner(state: state, settings: PollSettings(), now: Double(second))
            var step = planner.start()
            for _ in 0..<8 {
                guard case .ask(let requests) = step else { break }
                asked.append(requests)
                step = planner.received(requests.map(Self.reply))
            }
            state = planner.state
            let snapshot = MemberSnapshot.assemble(
                endpoint: endpoint, time: Double(second), replies: planner.replies,
                previous: tracker.latestSnapshot(of: endpoint.address))
            tracker.record(EnsembleSnapshot(time: Double(second), members: [snapshot]))
        }
        // The first (slow) round asks wchs, finds it blocked and asks the stand-in in the same round.
        #expect(asked.contains { $0.contains(.word(.wchs)) })
        #expect(asked.contains { $0.contains(.admin(.watchSummary)) })
        // Carried over between slow rounds, and shown.
        let latest = try #require(tracker.latestSnapshot(of: endpoint.address))
        #expect(latest.sources[.wchs] == .notWhitelisted)
        #expect(latest.watchSummary?.totalWatches == 12 && latest.watches == 12)
        #expect(EnsembleViewModel(tracker: tracker).rows.map(\.watches) == ["12"])
    }
}
