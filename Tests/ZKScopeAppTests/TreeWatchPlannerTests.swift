import Testing
import ZooKeeperClient

@testable import ZKScopeApp

/// The tree controller's decisions, with no session: which watches an expansion sets, how a burst of watch
/// events becomes one re-read per node, collapse, deferred huge lists, old servers, reconnects and the clock.
@Suite struct TreeWatchPlannerTests {
    static let t0 = ContinuousClock.now

    static func event(_ type: EventType, _ path: String) -> WatchEvent {
        WatchEvent(type: type, state: .syncConnected, path: path)
    }

    @Test func expandingWatchesFirstThenListsAndARecursiveWatchCoversDescendants() {
        let planner = PlannerBox()
        #expect(
            planner.request(.expand(path: "/a", listHuge: false), now: Self.t0) == [
                .watch(path: "/a"), .list(path: "/a", listHuge: false, childStats: true),
            ])
        #expect(planner.needsOneShotWatch("/a"))
        planner.watchResult("/a", .added(.persistentRecursive))
        #expect(!planner.needsOneShotWatch("/a"))
        // Inside a recursive watch nothing more is set: the listing alone.
        #expect(
            planner.request(.expand(path: "/a/b", listHuge: false), now: Self.t0) == [
                .list(path: "/a/b", listHuge: false, childStats: true)
            ])
        #expect(planner.watches["/a/b"] == .covered && !planner.needsOneShotWatch("/a/b"))
        // A sibling subtree is not covered.
        #expect(planner.request(.expand(path: "/ab", listHuge: true), now: Self.t0).first == .watch(path: "/ab"))
    }

    @Test func theWatchModeFollowsTheSubtreeSize() {
        #expect(TreeWatchPlanner.watchMode(subtreeCount: 0) == .persistentRecursive)
        #expect(TreeWatchPlanner.watchMode(subtreeCount: TreeWatchPlanner.recursiveLimit) == .persistentRecursive)
        #expect(TreeWatchPlanner.watchMode(subtreeCount: TreeWatchPlanner.recursiveLimit + 1) == .persistent)
        #expect(TreeController.recursiveLimit == 2_000)
    }

    @Test func aBurstOfEventsBecomesOneFlushWithOneListingPerNode() {
        let planner = PlannerBox()
        _ = planner.request(.expand(path: "/", listHuge: false), now: Self.t0)
        _ = planner.request(.expand(path: "/jobs", listHuge: false), now: Self.t0)
        _ = planner.request(.detail(path: "/jobs/j1"), now: Self.t0)
        #expect(planner.note(Self.event(.nodeCreated, "/jobs/j1")) == [.queueFlush])
        for i in 2...50 { #expect(planner.note(Self.event(.nodeCreated, "/jobs/j\(i)")).isEmpty) }
        #expect(planner.note(Self.event(.nodeChildrenChanged, "/")).isEmpty)
        #expect(planner.note(Self.event(.nodeDataChanged, "/jobs/j1")).isEmpty)
        #expect(planner.note(Self.event(.nodeDataChanged, "/jobs/j2")).isEmpty)
        // A change under a node nobody expanded marks nothing.
        #expect(planner.note(Self.event(.nodeCreated, "/elsewhere/x")).isEmpty)
        #expect(
            planner.flush() == [
                .list(path: "/", listHuge: true, childStats: false),
                .list(path: "/jobs", listHuge: true, childStats: false),
                .readStats(paths: ["/jobs/j1", "/jobs/j2"]),
                .readDetail(path: "/jobs/j1", oneShot: false),
            ])
        #expect(planner.dirtyChildren.isEmpty && planner.dirtyStats.isEmpty && !planner.dirtyDetail)
        #expect(planner.flush().isEmpty)
        // The next event queues a new flush.
        #expect(
            planner.note(Self.event(.nodeDeleted, "/jobs/j3")) == [.deliver(.stats(["/jobs/j3": nil])), .queueFlush])
        #expect(planner.flush() == [.list(path: "/jobs", listHuge: true, childStats: false)])
    }

    @Test func aDeferredHugeNodeStaysUnlistedOnRefresh() {
        let planner = PlannerBox()
        _ = planner.request(.expand(path: "/big", listHuge: false), now: Self.t0)
        #expect(planner.shouldDefer("/big", numChildren: TreePaneModel.hugeChildCount + 1, listHuge: false))
        #expect(!planner.shouldDefer("/small", numChildren: TreePaneModel.hugeChildCount, listHuge: false))
        _ = planner.note(Self.event(.nodeChildrenChanged, "/big"))
        #expect(planner.flush() == [.list(path: "/big", listHuge: false, childStats: false)])
        // Once the user asks for the listing, refreshes list it too.
        #expect(!planner.shouldDefer("/big", numChildren: 50_000, listHuge: true))
        _ = planner.note(Self.event(.nodeChildrenChanged, "/big"))
        #expect(planner.flush() == [.list(path: "/big", listHuge: true, childStats: false)])
    }

    @Test func collapsingForgetsTheSubtreeAndRemovesOnlyPersistentWatches() {
        let planner = PlannerBox()
        _ = planner.request(.expand(path: "/a", listHuge: false), now: Self.t0)
        planner.watchResult("/a", .added(.persistent))
        _ = planner.request(.expand(path: "/a/b", listHuge: false), now: Self.t0)
        planner.watchResult("/a/b", .added(.persistentRecursive))
        _ = planner.request(.expand(path: "/a/b/c", listHuge: false), now: Self.t0)
        _ = planner.request(.expand(path: "/ab", listHuge: false), now: Self.t0)
        #expect(planner.watches["/a/b/c"] == .covered)
        #expect(
            planner.request(.collapse(path: "/a"), now: Self.t0) == [
                .removeWatches(path: "/a"), .removeWatches(path: "/a/b"),
            ])
        #expect(planner.watches == ["/ab": .oneShot])
        // Events from the collapsed subtree mark nothing any more.
        _ = planner.note(Self.event(.nodeCreated, "/a/b/x"))
        #expect(planner.flush().isEmpty)
        // A watch that completes after the collapse does not bring the node back.
        planner.watchResult("/a", .added(.persistent))
        #expect(planner.watches["/a"] == nil)
    }

    @Test func serversWithoutAddWatchGetOneShotWatches() {
        let planner = PlannerBox()
        _ = planner.request(.expand(path: "/", listHuge: false), now: Self.t0)
        planner.watchResult("/", .unsupported)
        #expect(!planner.addWatchSupported && planner.needsOneShotWatch("/"))
        #expect(
            planner.request(.expand(path: "/x", listHuge: false), now: Self.t0) == [
                .list(path: "/x", listHuge: false, childStats: true)
            ])
        #expect(planner.request(.detail(path: "/x"), now: Self.t0) == [.readDetail(path: "/x", oneShot: true)])
    }

    @Test func browsingAnotherMemberReconnectsAndRewatchesParentsFirst() {
        let planner = PlannerBox()
        for path in ["/a/b", "/", "/a"] { _ = planner.request(.expand(path: path, listHuge: false), now: Self.t0) }
        for path in ["/a/b", "/", "/a"] { planner.watchResult(path, .added(.persistent)) }
        _ = planner.request(.detail(path: "/a"), now: Self.t0)
        #expect(
            planner.request(.browseMember(address: "127.0.0.1:2182"), now: Self.t0) == [
                .reconnect(member: "127.0.0.1:2182"),
                .watch(path: "/"), .list(path: "/", listHuge: false, childStats: true),
                .watch(path: "/a"), .list(path: "/a", listHuge: false, childStats: true),
                .watch(path: "/a/b"), .list(path: "/a/b", listHuge: false, childStats: true),
                .readDetail(path: "/a", oneShot: false),
                .deliver(.status("tree: browsing as 127.0.0.1:2182", isError: false)),
            ])
    }

    @Test func aLostSessionTakesItsWatches() {
        let planner = PlannerBox()
        _ = planner.request(.expand(path: "/a", listHuge: false), now: Self.t0)
        planner.watchResult("/a", .added(.persistentRecursive))
        planner.sessionDropped()
        #expect(planner.watches["/a"] == .oneShot && planner.needsOneShotWatch("/a"))
    }

    @Test func connectingAgainWaitsASecondAfterAFailure() {
        let planner = PlannerBox()
        #expect(planner.mayConnect(now: Self.t0))
        planner.connectResult(succeeded: false, at: Self.t0)
        #expect(!planner.mayConnect(now: Self.t0 + .milliseconds(500)))
        #expect(planner.mayConnect(now: Self.t0 + TreeWatchPlanner.reconnectDelay))
        planner.connectResult(succeeded: true, at: Self.t0 + .seconds(2))
        #expect(planner.mayConnect(now: Self.t0 + .seconds(2)))
    }

    @Test func theLockWalkRunsWhenOpenedThenEveryThirtySeconds() {
        let planner = PlannerBox()
        #expect(planner.request(.scanLocks(rediscover: false), now: Self.t0) == [.scanLocks(discover: true)])
        planner.locksDiscovered(["/locks/a"], at: Self.t0)
        #expect(planner.locks.knownPaths == ["/locks/a"])
        #expect(
            planner.request(.scanLocks(rediscover: false), now: Self.t0 + .seconds(1)) == [.scanLocks(discover: false)])
        #expect(
            planner.request(.scanLocks(rediscover: true), now: Self.t0 + .seconds(1)) == [.scanLocks(discover: true)])
        #expect(
            planner.request(.scanLocks(rediscover: false), now: Self.t0 + LockScanner.discoveryInterval) == [
                .scanLocks(discover: true)
            ])
    }

    @Test func emptyStatRequestsCostNothing() {
        let planner = PlannerBox()
        #expect(planner.request(.stats(paths: []), now: Self.t0).isEmpty)
        #expect(planner.request(.stats(paths: ["/a"]), now: Self.t0) == [.readStats(paths: ["/a"])])
    }
}

/// The planner behind a reference, so its mutating steps can be written inside `#expect`.
final class PlannerBox {
    var planner = TreeWatchPlanner()

    func request(_ request: TreeRequest, now: ContinuousClock.Instant) -> [TreeAction] {
        planner.request(request, now: now)
    }
    func note(_ event: WatchEvent) -> [TreeAction] { planner.note(event) }
    func flush() -> [TreeAction] { planner.flush() }
    func watchResult(_ path: String, _ outcome: TreeWatchPlanner.WatchOutcome) { planner.watchResult(path, outcome) }
    func shouldDefer(_ path: String, numChildren: Int, listHuge: Bool) -> Bool {
        planner.shouldDefer(path, numChildren: numChildren, listHuge: listHuge)
    }
    func needsOneShotWatch(_ path: String) -> Bool { planner.needsOneShotWatch(path) }
    func sessionDropped() { planner.sessionDropped() }
    func mayConnect(now: ContinuousClock.Instant) -> Bool { planner.mayConnect(now: now) }
    func connectResult(succeeded: Bool, at now: ContinuousClock.Instant) {
        planner.connectResult(succeeded: succeeded, at: now)
    }
    func locksDiscovered(_ paths: [String], at now: ContinuousClock.Instant) { planner.locksDiscovered(paths, at: now) }
    var watches: [String: WatchKind] { planner.watches }
    var dirtyChildren: Set<String> { planner.dirtyChildren }
    var dirtyStats: Set<String> { planner.dirtyStats }
    var dirtyDetail: Bool { planner.dirtyDetail }
    var addWatchSupported: Bool { planner.addWatchSupported }
    var locks: LockScanner { planner.locks }
}
