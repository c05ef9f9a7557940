import EnsembleCore
import TUIKit
import ZKScopeApp
import ZooKeeperAdmin

/// Hand-made ensembles for the dashboard's view-model and screen tests (no network, no clock).
enum DashboardFixtures {
    static let addresses = ["10.0.0.1:2181", "10.0.0.2:2181", "10.0.0.3:2181"]

    static var configuration: EnsembleConfiguration {
        EnsembleConfiguration(
            source: "test",
            members: addresses.enumerated().map {
                MemberEndpoint(host: "10.0.0.\($0.offset + 1)", clientPort: 2181, expectedID: $0.offset + 1)
            })
    }

    /// One member's snapshot: serving with a role, or in a failure state.
    static func member(
        _ index: Int, time: Double, role: ServerMode?, reachability: Reachability = .serving, zxidCounter: Int64 = 100,
        reads: Int64 = 0, writes: Int64 = 0
    ) -> MemberSnapshot {
        let endpoint = MemberEndpoint(host: "10.0.0.\(index + 1)", clientPort: 2181, expectedID: index + 1)
        var snapshot = MemberSnapshot(endpoint: endpoint, time: time, reachability: reachability)
        guard reachability == .serving else {
            snapshot.sources = [.srvr: .connectionRefused, .mntr: .connectionRefused]
            return snapshot
        }
        snapshot.role = role
        snapshot.serverID = index + 1
        snapshot.zxid = Zxid(epoch: 3, counter: zxidCounter)
        snapshot.epoch = 3
        snapshot.latency = LatencyStats(min: 0, avg: 0.4, max: 12)
        snapshot.outstandingRequests = 0
        snapshot.connections = 4
        snapshot.globalSessions = 7
        snapshot.ephemerals = 5
        snapshot.znodes = 42
        snapshot.uptimeMs = 3_723_000
        snapshot.counters = ["cnt_app_read_per_namespace": reads, "cnt_updatelatency": writes]
        if role == .leader {
            snapshot.syncedFollowers = 2
            snapshot.quorumSize = 3
        }
        snapshot.sources = [.srvr: .answered, .mntr: .answered]
        return snapshot
    }

    /// A healthy ensemble polled `rounds` times, one second apart, member 2 leading; 100 reads/s and 2 writes/s
    /// per member.
    static func healthyTracker(rounds: Int = 5) -> EnsembleTracker {
        var tracker = EnsembleTracker(configuration: configuration)
        for round in 0..<rounds {
            let time = Double(round)
            let reads = Int64(round * 100)
            let writes = Int64(round * 2)
            tracker.record(
                EnsembleSnapshot(
                    time: time,
                    members: [
                        member(0, time: time, role: .follower, zxidCounter: 98, reads: reads, writes: writes),
                        member(1, time: time, role: .leader, zxidCounter: 100, reads: reads, writes: writes),
                        member(2, time: time, role: .follower, zxidCounter: 100, reads: reads, writes: writes),
                    ]))
        }
        return tracker
    }

    /// The healthy ensemble, then three rounds where member 3 is down (findings need a persisting state).
    static func trackerWithDownMember() -> EnsembleTracker {
        var tracker = healthyTracker()
        for time in [5.0, 6.0, 7.0] {
            tracker.record(
                EnsembleSnapshot(
                    time: time,
                    members: [
                        member(0, time: time, role: .follower, reads: 500, writes: 10),
                        member(1, time: time, role: .leader, reads: 500, writes: 10),
                        member(2, time: time, role: nil, reachability: .down),
                    ]))
        }
        return tracker
    }

    /// A model that has seen `tracker`.
    static func model(_ tracker: EnsembleTracker, demo: Bool = false, writes: Bool = false) -> DashboardModel {
        var model = DashboardModel(options: .init(allowWrites: writes, demo: demo, source: "test"), interval: 2)
        model.update(tracker: tracker)
        return model
    }
}
