import Foundation
import Testing
import ZooKeeperClient
import ZooKeeperLab
import ZooKeeperRecipes

/// Our recipes on their own against a real server: re-entrancy, timeouts, cancellation, the
/// protected create that lost its reply, and kazoo's lock as the dashboard reads it.
@Suite(.serialized)
struct LockBehaviourTests {
    static func lab() -> LabOptions { LabOptions(members: 1, tickTimeMilliseconds: 500) }

    @Test func mutexIsReentrantPerInstanceAndExcludesOtherInstances() async throws {
        try await LabEnsemble.with(Self.lab()) { lab in
            let client = try await LockWitness.client(lab.connectString)
            let path = "/lock/mutex/reentrant"
            let mutex = try InterProcessMutex(client: client, path: path)
            let other = try InterProcessMutex(client: client, path: path)
            #expect(try await mutex.acquire(timeout: .seconds(5)))
            let node = try #require(await mutex.lockNodePath)
            #expect(try await mutex.acquire(timeout: .seconds(5)))
            #expect(await mutex.currentHoldCount == 2)
            #expect(try await mutex.participantNodes() == [node], "re-entry makes no second node")

            // Another instance (same session) is another owner: it waits and times out.
            let clock = ContinuousClock()
            let start = clock.now
            #expect(try await !other.acquire(timeout: .milliseconds(600)))
            #expect(clock.now - start >= .milliseconds(600))
            #expect(try await mutex.participantNodes() == [node], "the timed-out waiter left no node")

            try await mutex.release()
            #expect(try await client.exists(node) != nil, "one release of two keeps the lock")
            #expect(await mutex.state == .held)
            try await mutex.release()
            #expect(try await client.exists(node) == nil)
            #expect(await mutex.state == .notHeld)
            await #expect(throws: LockError(.notHeld, path: path)) { try await mutex.release() }

            // Nested withLock on the same instance re-enters.
            let inner = try await mutex.withLock(timeout: .seconds(5)) { outer in
                try await outer.checkHeld()
                return try await mutex.withLock(timeout: .seconds(1)) { _ in await mutex.currentHoldCount }
            }
            #expect(inner == 2)
            #expect(await !mutex.isAcquiredInThisProcess)
            #expect(try await other.acquire(timeout: .seconds(5)), "free again for the other owner")
            try await other.release()
            await client.close()
        }
    }

    @Test func semaphoreMutexIsNotReentrantAndTimesOutCleanly() async throws {
        try await LabEnsemble.with(Self.lab()) { lab in
            let client = try await LockWitness.client(lab.connectString)
            let path = "/lock/mutex/semaphore"
            let mutex = try InterProcessSemaphoreMutex(client: client, path: path)
            let other = try InterProcessSemaphoreMutex(client: client, path: path)
            #expect(try await mutex.acquire(timeout: .seconds(5)))
            await #expect(throws: LockError(.alreadyHeld, path: path)) {
                _ = try await mutex.acquire(timeout: .seconds(1))
            }
            #expect(try await !other.acquire(timeout: .milliseconds(600)))
            // Only the holder's lease is left; the inner mutex queue is empty again.
            #expect(try await mutex.participantNodes() == [try #require(await mutex.leaseNodePath)])
            #expect(try await client.getChildren(mutex.locksPath).isEmpty)
            await #expect(throws: LockError(.timedOut, path: path)) {
                try await other.withLock(timeout: .milliseconds(300)) { _ in }
            }
            try await mutex.release()
            #expect(try await client.getChildren(mutex.leasesPath).isEmpty)
            let value = try await other.withLock(timeout: .seconds(5)) { hold in
                try await hold.checkHeld()
                return hold.nodePath
            }
            #expect(value.hasPrefix(mutex.leasesPath + "/_c_"))
            #expect(try await client.getChildren(mutex.leasesPath).isEmpty, "withLock released")
            await client.close()
        }
    }

    @Test(arguments: LockWitness.Recipe.allCases)
    func cancelledWaiterLeavesNoNode(recipe: LockWitness.Recipe) async throws {
        try await LabEnsemble.with(Self.lab()) { lab in
            let client = try await LockWitness.client(lab.connectString)
            let path = "/lock/mutex/cancel"
            let holder = try recipe.make(client, path: path)
            let waiter = try recipe.make(client, path: path)
            #expect(try await holder.acquire(.seconds(5)))
            let task = Task { try await waiter.acquire(.seconds(60)) }
            try await LockWitness.waitUntil("the waiter to queue") {
                return (try await LockLayout.read(from: client, path: path)?.waiters.count ?? 0) == 1
            }
            task.cancel()
            await #expect(throws: CancellationError.self) { _ = try await task.value }
            try await LockWitness.waitUntil("the waiter's node to go") {
                return try await LockLayout.read(from: client, path: path)?.waiters.isEmpty == true
            }
            #expect(await waiter.state() == .notHeld)
            try await holder.release()
            await client.close()
        }
    }

    /// The server is frozen while our create is on the wire: the create times out on our side but
    /// runs when the server thaws. The protected `_c_<uuid>-` prefix lets the retry find that node
    /// instead of creating a second one (which would wait on the first forever).
    @Test func createWhoseReplyWasLostIsFoundByItsProtectedPrefix() async throws {
        try await LabEnsemble.with(Self.lab()) { lab in
            var configuration = try ZooKeeperConfiguration(connectString: lab.connectString)
            configuration.sessionTimeout = .seconds(10)
            configuration.requestTimeout = .seconds(1)
            let client = try await ZooKeeperClient.connect(configuration, timeout: .seconds(30))
            let path = "/lock/mutex/frozen"
            _ = try await client.create("/lock")
            _ = try await client.create("/lock/mutex")
            _ = try await client.create(path)
            let mutex = try InterProcessMutex(client: client, path: path)
            let memberID = try #require(lab.ids.first)
            try lab.pause(memberID)
            let acquiring = Task { try await mutex.acquire(timeout: .seconds(40)) }
            do {
                // Long enough for the create and a few look-ups to time out (1 s each), shorter
                // than the client's read timeout (2/3 of 10 s), so the connection stays up.
                try await Task.sleep(for: .seconds(3))
                try lab.resume(memberID)
            } catch {
                try? lab.resume(memberID)
                throw error
            }
            #expect(try await acquiring.value)
            let children = try await client.getChildren(path)
            #expect(children.count == 1, "\(children)")
            #expect(try await mutex.participantNodes() == [try #require(await mutex.lockNodePath)])
            try await mutex.release()
            #expect(try await client.getChildren(path).isEmpty)
            await client.close()
        }
    }

    /// kazoo 2.8's `Lock` as the dashboard sees it: `<hex uuid>__lock__NNNNNNNNNN`, holder first.
    @Test func kazooLockIsRecognised() async throws {
        try await LabEnsemble.with(Self.lab()) { lab in
            let script = try Kazoo.start(
                """
                import sys, threading, time
                from kazoo.client import KazooClient
                first = KazooClient(hosts=sys.argv[1], timeout=10); first.start(timeout=20)
                second = KazooClient(hosts=sys.argv[1], timeout=10); second.start(timeout=20)
                held = first.Lock("/kazoo/lock", "first"); held.acquire(timeout=10)
                waiting = second.Lock("/kazoo/lock", "second")
                threading.Thread(target=lambda: waiting.acquire(timeout=60), daemon=True).start()
                while len(first.get_children("/kazoo/lock")) < 2: time.sleep(0.05)
                print("READY %d %d" % (first.client_id[0], second.client_id[0]), flush=True)
                time.sleep(600)
                """, arguments: [lab.connectString])
            let client = try await LockWitness.client(lab.connectString)
            do {
                try await script.waitForOutput("READY", timeout: .seconds(60))
                let ready = try #require(script.stdout.split(separator: "\n").first { $0.hasPrefix("READY ") })
                let sessions = ready.split(separator: " ").dropFirst().compactMap { Int64($0) }
                let layout = try #require(try await LockLayout.read(from: client, path: "/kazoo/lock"))
                #expect(layout.recipe == .kazooLock)
                #expect(layout.holder?.sessionID == sessions.first)
                #expect(layout.waiters.map(\.sessionID) == [sessions.last])
                #expect(layout.holder?.contenderID?.utf8.count == 32)
                #expect(layout.strangers.isEmpty)
            } catch {
                await script.stop()
                await client.close()
                throw error
            }
            await script.stop()
            await client.close()
        }
    }
}
