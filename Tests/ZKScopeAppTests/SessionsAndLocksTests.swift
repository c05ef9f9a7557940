import EnsembleCore
import TUIKit
import Testing
import ZKScopeApp
import ZooKeeperAdmin
import ZooKeeperRecipes

/// The Sessions and Locks panes from hand-made `cons`/`dump` data and lock layouts.
@Suite struct SessionsAndLocksTests {
    static func tracker() -> EnsembleTracker {
        var tracker = DashboardFixtures.healthyTracker()
        var round = tracker.history.latest!
        round.time = 10
        round.members[0].clientConnections = [
            ClientConnection(
                remoteAddress: "/127.0.0.1:40001[1](queued=0,recved=12,sent=13)", interestOps: 1,
                fields: ["sid": "0x11", "recved": "12", "sent": "13", "lop": "GETD", "avglat": "2", "maxlat": "9"])
        ]
        round.members[1].clientConnections = [
            ClientConnection(remoteAddress: "/127.0.0.1:40002", interestOps: 1, fields: ["sid": "0x22"])
        ]
        round.members[1].ephemeralsBySession = [0x22: ["/svc/b", "/svc/a"], 0x33: ["/orphan"]]
        tracker.record(round)
        return tracker
    }

    @Test func sessionsJoinConnectionsAndEphemerals() {
        let view = SessionsViewModel(tracker: Self.tracker(), filter: "")
        #expect(view.rows.map(\.sessionID) == [0x33, 0x11, 0x22])
        let first = view.rows[1]
        #expect(first.client == "127.0.0.1:40001" && first.member == "10.0.0.1:2181")
        #expect(first.latency == "2.0/9" && first.packets == "12/13" && first.lastOperation == "GETD")
        #expect(view.rows[2].ephemerals == ["/svc/a", "/svc/b"])
        #expect(SessionsViewModel(tracker: Self.tracker(), filter: "orphan").rows.map(\.sessionID) == [0x33])
        var model = DashboardFixtures.model(Self.tracker())
        _ = model.perform(.showPane(.sessions))
        let text = model.render(width: 140, height: 30).text()
        #expect(text.contains("0x22") && text.contains("/svc/a …"))
    }

    @Test func locksShowHolderClientAgeAndWaiters() {
        var model = DashboardFixtures.model(Self.tracker())
        #expect(model.perform(.showPane(.locks)) == [.tree(.scanLocks(rediscover: true))])
        let layout = LockLayout.recognise(
            path: "/lock/mutex/aaa",
            children: [
                LockNode(
                    name: "locks",
                    children: [
                        LockNode(name: "_c_0b6a1e2c-43d1-4f7e-9a55-1c2d3e4f5a6b-lock-0000000002", ephemeralOwner: 0x22)
                    ]),
                LockNode(
                    name: "leases",
                    children: [
                        LockNode(name: "_c_2e8f05a1-1234-4cde-8f00-123456789abc-lease-0000000001", ephemeralOwner: 0x11)
                    ]),
            ])
        #expect(layout != nil)
        let report = LockReport(layout: layout!, holderCreated: 1_000_000)
        _ = model.apply(.locks([report], observedAt: 1_042))
        let row = model.locks.rows.first
        #expect(row?.holder == "0x11")
        #expect(row?.client == "127.0.0.1:40001 via 10.0.0.1:2181")
        #expect(row?.held == "42s")
        #expect(row?.waiterSessions == ["0x22"])
        let text = model.render(width: 160, height: 30).text()
        #expect(text.contains("curator-semaphore-mutex") && text.contains("held 42s"))
        // The poll round asks for a fresh scan while the pane is shown.
        #expect(model.update(tracker: Self.tracker()) == [.tree(.scanLocks(rediscover: false))])
    }
}
