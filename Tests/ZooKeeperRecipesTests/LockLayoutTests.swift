import Testing
import ZooKeeperClient

@testable import ZooKeeperRecipes

/// The dashboard's lock recogniser on layouts copied from what Curator 5.4 and kazoo 2.8 create.
struct LockLayoutTests {
    static func curator(_ name: String, _ id: Int, owner: Int64) -> LockNode {
        let uuid = "0000000\(id)-aaaa-4bbb-8ccc-dddddddddddd"
        return LockNode(name: "_c_\(uuid)-\(name)", ephemeralOwner: owner)
    }

    @Test func curatorMutexHolderAndWaitersInSequenceOrder() throws {
        let children = [
            Self.curator("lock-0000000005", 1, owner: 0x100),
            Self.curator("lock-0000000003", 2, owner: 0x200),
            Self.curator("lock-0000000004", 3, owner: 0x300),
        ]
        let layout = try #require(LockLayout.recognise(path: "/lock/mutex/aaa", children: children))
        #expect(layout.recipe == .curatorMutex)
        #expect(layout.holder?.sequence == 3)
        #expect(layout.holder?.sessionID == 0x200)
        #expect(layout.holder?.contenderID == "00000002-aaaa-4bbb-8ccc-dddddddddddd")
        #expect(layout.waiters.map(\.sequence) == [4, 5])
        #expect(layout.strangers.isEmpty)
    }

    @Test func semaphoreMutexHeldWithNextContenderAndQueue() throws {
        let children = [
            LockNode(
                name: "leases",
                children: [
                    Self.curator("lease-0000000011", 1, owner: 0x10),
                    Self.curator("lease-0000000012", 2, owner: 0x20),
                ]),
            LockNode(
                name: "locks",
                children: [
                    Self.curator("lock-0000000031", 3, owner: 0x30),
                    Self.curator("lock-0000000030", 2, owner: 0x20),
                ]),
        ]
        let layout = try #require(LockLayout.recognise(path: "/lock/mutex/aaa", children: children))
        #expect(layout.recipe == .curatorSemaphoreMutex)
        #expect(layout.holder?.relativePath.hasPrefix("leases/") == true)
        #expect(layout.holder?.sessionID == 0x10)
        // The second lease's owner heads locks/: it is listed once, then the queue.
        #expect(layout.waiters.map(\.sessionID) == [0x20, 0x30])
        #expect(layout.waiters.map(\.relativePath.first) == ["l", "l"])
        #expect(layout.waiters.first?.relativePath.hasPrefix("leases/") == true)
    }

    @Test func semaphoreMutexIdleAfterReleaseHasNoHolder() throws {
        // What Curator leaves behind: two empty containers.
        let layout = try #require(
            LockLayout.recognise(path: "/l", children: [LockNode(name: "leases"), LockNode(name: "locks")]))
        #expect(layout.recipe == .curatorSemaphoreMutex)
        #expect(layout.holder == nil)
        #expect(layout.waiters.isEmpty)
    }

    @Test func semaphoreMutexOnlyInnerQueue() throws {
        let children = [
            LockNode(name: "leases", children: [Self.curator("lease-0000000001", 1, owner: 7)]),
            LockNode(name: "locks", children: [Self.curator("lock-0000000002", 2, owner: 8)]),
        ]
        let layout = try #require(LockLayout.recognise(path: "/l", children: children))
        #expect(layout.holder?.sessionID == 7)
        #expect(layout.waiters.map(\.sessionID) == [8], "a different session's inner lock is a waiter")
    }

    @Test func curatorLeaderLatch() throws {
        let children = [
            Self.curator("latch-0000000002", 1, owner: 1), Self.curator("latch-0000000001", 2, owner: 2),
        ]
        let layout = try #require(LockLayout.recognise(path: "/election", children: children))
        #expect(layout.recipe == .curatorLeaderLatch)
        #expect(layout.holder?.sessionID == 2)
        #expect(layout.waiters.count == 1)
    }

    @Test func kazooLock() throws {
        let children = [
            LockNode(name: "a3f1c2d4e5f60718293a4b5c6d7e8f90__lock__0000000001", ephemeralOwner: 5),
            LockNode(name: "0123456789abcdef0123456789abcdef__lock__0000000000", ephemeralOwner: 6),
            LockNode(name: "notes"),
        ]
        let layout = try #require(LockLayout.recognise(path: "/kazoo/lock", children: children))
        #expect(layout.recipe == .kazooLock)
        #expect(layout.holder?.sessionID == 6)
        #expect(layout.holder?.contenderID == "0123456789abcdef0123456789abcdef")
        #expect(layout.waiters.map(\.sequence) == [1])
        #expect(layout.strangers == ["notes"])
    }

    @Test func unknownLayoutsAreNotLocks() {
        #expect(LockLayout.recognise(path: "/x", children: []) == nil)
        #expect(
            LockLayout.recognise(path: "/x", children: [LockNode(name: "config"), LockNode(name: "a-0000000001")])
                == nil)
        // kazoo-like but the uuid is not hex.
        #expect(
            LockLayout.recognise(
                path: "/x", children: [LockNode(name: "zzzz56789abcdef0123456789abcdef0__lock__0000000001")])
                == nil)
        #expect(LockLayout.recognise(path: "/x", children: [LockNode(name: "_c_abc-lock-1")]) == nil)
    }
}

/// The one-line summary the demo prints.
struct LockLayoutDescriptionTests {
    @Test func summaries() throws {
        let held = try #require(
            LockLayout.recognise(
                path: "/lock/mutex/aaa",
                children: [
                    LockLayoutTests.curator("lock-0000000001", 1, owner: 0x1_0000_00ab),
                    LockLayoutTests.curator("lock-0000000002", 2, owner: 7),
                ]))
        #expect(held.description == "curator-mutex /lock/mutex/aaa: held by 0x1000000ab, 1 waiting")
        let free = try #require(LockLayout.recognise(path: "/s", children: [LockNode(name: "leases")]))
        #expect(free.description == "curator-semaphore-mutex /s: free, 0 waiting")
        #expect(LockLayout.hex(-1) == "0xffffffffffffffff")
    }
}
