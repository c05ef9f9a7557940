import Foundation
import Testing
import ZooKeeperClient
import ZooKeeperLab
import ZooKeeperRecipes

@testable import ZKScopeApp

/// The Locks pane's scanner against a real server: discovery finds both Curator layouts among plain nodes, and
/// re-reading the known paths follows hand-overs without walking the tree again.
@Suite(.serialized)
struct LockScannerTests {
    @Test func discoveryFindsLocksAndRereadsFollowHandOvers() async throws {
        try await LabEnsemble.with(LabOptions(members: 1, tickTimeMilliseconds: 500)) { lab in
            let client = try await LockWitness.client(lab.connectString)
            let other = try await LockWitness.client(lab.connectString)
            // Plain nodes around the locks, including names that only look a little like a lock.
            _ = try await client.create("/app")
            for i in 0..<50 { _ = try await client.create("/app/node-\(i)", data: Array("lock".utf8)) }
            let mutex = try InterProcessMutex(client: client, path: "/locks/orders")
            let waiter = try InterProcessMutex(client: other, path: "/locks/orders")
            let semaphore = try InterProcessSemaphoreMutex(client: other, path: "/locks/billing")
            #expect(try await mutex.acquire(timeout: .seconds(5)))
            #expect(try await semaphore.acquire(timeout: .seconds(5)))
            let waiting = Task { try await waiter.acquire(timeout: .seconds(20)) }
            let queued = try await Self.until(seconds: 10) {
                (try? await client.getChildren("/locks/orders").count) == 2
            }
            #expect(queued, "the waiter never queued")

            let paths = await LockScanner.discover(client)
            #expect(paths == ["/locks/billing", "/locks/orders"])
            let first = await LockScanner.read(client, paths: paths)
            let orders = try #require(first.first { $0.layout.path == "/locks/orders" })
            #expect(orders.layout.recipe == .curatorMutex)
            #expect(orders.layout.holder?.sessionID == client.sessionID)
            #expect(orders.layout.waiters.map(\.sessionID) == [other.sessionID])
            #expect(orders.holderCreated.map { $0 > 0 } == true)
            let billing = try #require(first.first { $0.layout.path == "/locks/billing" })
            #expect(billing.layout.recipe == .curatorSemaphoreMutex)
            #expect(billing.layout.holder?.sessionID == other.sessionID)

            // The holder lets go: a re-read of the known paths alone shows the waiter holding.
            try await mutex.release()
            #expect(try await waiting.value)
            let second = await LockScanner.read(client, paths: paths)
            let handedOver = try #require(second.first { $0.layout.path == "/locks/orders" })
            #expect(handedOver.layout.holder?.sessionID == other.sessionID)
            #expect(handedOver.layout.waiters.isEmpty)

            // A lock path that vanished is left out rather than reported empty.
            try await waiter.release()
            try await semaphore.release()
            _ = try? await client.delete("/locks/orders")
            let third = await LockScanner.read(client, paths: paths + ["/locks/never-existed"])
            #expect(!third.contains { $0.layout.path == "/locks/orders" })
            #expect(!third.contains { $0.layout.path == "/locks/never-existed" })

            // Discovery is due when forced, when it never ran, and once the interval has passed.
            var scanner = LockScanner()
            let now = ContinuousClock.now
            #expect(scanner.needsDiscovery(now: now, forced: false))
            scanner.recordDiscovery(paths, at: now)
            #expect(!scanner.needsDiscovery(now: now + .seconds(1), forced: false))
            #expect(scanner.needsDiscovery(now: now + .seconds(1), forced: true))
            #expect(scanner.needsDiscovery(now: now + LockScanner.discoveryInterval, forced: false))
            await other.close()
            await client.close()
        }
    }

    private static func until(seconds: Double, _ condition: () async -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        while ContinuousClock.now < deadline {
            if await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return await condition()
    }
}
