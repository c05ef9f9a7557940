import Foundation
import Testing
import ZooKeeperClient
import ZooKeeperLab
import ZooKeeperRecipes

/// Lock holders that die or lose their session: the lock must pass on, and our holder must be told.
@Suite(.serialized)
struct LockFailureTests {
    /// The Curator holder's session timeout: short, so the test waits seconds, not tens.
    static let javaSessionMilliseconds = 3_000

    @Test(arguments: LockWitness.Recipe.allCases)
    func killedCuratorHolderFreesTheLockForTheSwiftWaiter(recipe: LockWitness.Recipe) async throws {
        try await LabEnsemble.with(LabOptions(members: 1, tickTimeMilliseconds: 500)) { lab in
            let path = "/lock/mutex/aaa"
            let client = try await LockWitness.client(lab.connectString)
            let java = try await LockWitness.startJava(
                lab.connectString, recipe: recipe.rawValue, lockPath: path, marker: "/m", log: "/log", rounds: -1,
                sessionMilliseconds: Self.javaSessionMilliseconds)
            do {
                try await java.waitForOutput("HELD", timeout: .seconds(90))
                let javaSession = java.stdout.split(separator: "\n").first { $0.hasPrefix("HELD ") }
                    .flatMap { Int64($0.dropFirst(5)) }
                let lock = try recipe.make(client, path: path)
                let waiter = Task { try await lock.acquire(.seconds(60)) }
                // Our contender is queued behind Curator's holder.
                try await LockWitness.waitUntil("the Swift waiter to queue") {
                    guard let layout = try await LockLayout.read(from: client, path: path) else { return false }
                    return layout.holder?.sessionID == javaSession
                        && layout.waiters.contains { $0.sessionID == client.sessionID }
                }
                #expect(await lock.state() == .notHeld)
                let clock = ContinuousClock()
                let killed = await java.kill()
                #expect(killed.exitCode == 128 + 9)
                let killedAt = clock.now
                let acquired = try await waiter.value
                let waited = clock.now - killedAt
                #expect(acquired)
                #expect(await lock.state() == .held)
                #expect(waited < .milliseconds(Self.javaSessionMilliseconds) + .seconds(3), "waited \(waited)")
                print("lock-kill \(recipe): Swift waiter acquired \(waited) after kill -9 (session 3 s)")
                try await lock.release()
            } catch {
                await java.stop()
                await client.close()
                throw error
            }
            await client.close()
        }
    }

    /// The holder's only server is cut off: the holder first sees `suspended`, the quorum expires its
    /// session and hands the lock to a waiter, and the holder is told `lost`; `withLock` and
    /// `release` throw `LockError.lost` rather than report success.
    @Test func sessionExpiryMakesTheSwiftHolderLoseBothLocks() async throws {
        try await LabEnsemble.with(LabOptions(members: 3, tickTimeMilliseconds: 500)) { lab in
            let leader = await lab.leaderID()
            let followerID = try #require(lab.ids.first { $0 != leader })
            let follower = try #require(lab.member(followerID))
            let others = lab.members.filter { $0.id != followerID }.map(\.clientAddress).joined(separator: ",")
            let holderClient = try await LockWitness.client(follower.clientAddress, sessionTimeout: .seconds(3))
            let waiterClient = try await LockWitness.client(others)
            let mutexPath = "/lock/mutex/exp-mutex"
            let semaphorePath = "/lock/mutex/exp-semaphore"
            let mutex = try InterProcessMutex(client: holderClient, path: mutexPath)
            let semaphore = try InterProcessSemaphoreMutex(client: holderClient, path: semaphorePath)
            #expect(try await semaphore.acquire(timeout: .seconds(10)))
            let semaphoreStates = await semaphore.stateChanges()

            // The mutex is held through withLock; its body waits until the hold is lost.
            let bodySaw = Task { () -> [LockHoldState] in
                var seen: [LockHoldState] = []
                do {
                    try await mutex.withLock(timeout: .seconds(10)) { hold in
                        let clock = ContinuousClock()
                        let deadline = clock.now + .seconds(90)
                        while clock.now < deadline {
                            let state = await hold.state
                            if seen.last != state { seen.append(state) }
                            if state == .lost { break }
                            try await Task.sleep(for: .milliseconds(20))
                        }
                        await #expect(throws: LockError(.lost, path: mutexPath)) { try await hold.checkHeld() }
                    }
                    seen.append(.notHeld)  // withLock returned normally: wrong
                } catch let error as LockError {
                    #expect(error.code == .lost)
                }
                return seen
            }
            try await LockWitness.waitUntil("the mutex to be held") { await mutex.state == .held }

            let otherMutex = try InterProcessMutex(client: waiterClient, path: mutexPath)
            let otherSemaphore = try InterProcessSemaphoreMutex(client: waiterClient, path: semaphorePath)
            let clock = ContinuousClock()
            let mutexWaiter = Task { () -> (Bool, LockHoldState) in
                let acquired = try await otherMutex.acquire(timeout: .seconds(60))
                return (acquired, await mutex.state)
            }
            let semaphoreWaiter = Task { () -> (Bool, LockHoldState) in
                let acquired = try await otherSemaphore.acquire(timeout: .seconds(60))
                return (acquired, await semaphore.state)
            }
            try await LockWitness.waitUntil("both waiters to queue") {
                let queued = try await otherMutex.participantNodes().count
                let leases = try await waiterClient.getChildren(semaphorePath + "/leases").count
                return queued == 2 && leases == 2
            }

            try lab.pause(followerID)
            let pausedAt = clock.now
            do {
                let (mutexAcquired, holderMutexState) = try await mutexWaiter.value
                let (semaphoreAcquired, holderSemaphoreState) = try await semaphoreWaiter.value
                let handedOver = clock.now - pausedAt
                #expect(mutexAcquired && semaphoreAcquired)
                // By the time anyone else held the lock, our holder had been told to stop.
                #expect(holderMutexState != .held, "\(holderMutexState)")
                #expect(holderSemaphoreState != .held, "\(holderSemaphoreState)")
                try lab.resume(followerID)
                let seen = try await bodySaw.value
                #expect(seen.first == .held)
                #expect(seen.contains(.suspended), "\(seen)")
                #expect(seen.last == .lost, "\(seen)")
                try await LockWitness.waitUntil("the semaphore hold to be lost", timeout: .seconds(60)) {
                    await semaphore.state == .lost
                }
                await #expect(throws: LockError(.lost, path: semaphorePath)) { try await semaphore.release() }
                var semaphoreSeen: [LockHoldState] = []
                for await state in semaphoreStates {
                    semaphoreSeen.append(state)
                    if state == .notHeld { break }
                }
                #expect(semaphoreSeen == [.held, .suspended, .lost, .notHeld], "\(semaphoreSeen)")
                #expect(holderClient.sessionState == .expired)
                print("lock-expiry: waiters acquired \(handedOver) after the holder's server was paused (session 3 s)")
                try await otherMutex.release()
                try await otherSemaphore.release()
            } catch {
                try? lab.resume(followerID)
                mutexWaiter.cancel()
                semaphoreWaiter.cancel()
                bodySaw.cancel()
                await holderClient.close()
                await waiterClient.close()
                throw error
            }
            await holderClient.close()
            await waiterClient.close()
        }
    }
}
