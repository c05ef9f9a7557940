import Foundation
import TestSupport
import Testing
import ZooKeeperClient

@testable import ZKScopeApp

/// The Locks pane's discovery walks with the one `TreeWalker`, so a server describing a tree no real server
/// holds stops it at the walker's limits, in bounded time, and what was found on the way is kept.
@Suite struct LockDiscoveryLimitsTests {
    @Test func lockDiscoveryStopsAtTheWalkersLimits() async throws {
        let server = try await FakeZooKeeperServer.start(.tree { _ in ["a-lock-0000000001", "n"] })
        let client = try await ZooKeeperClient.connect(try ZooKeeperConfiguration(connectString: server.connectString))
        let clock = ContinuousClock()
        let start = clock.now
        let found = await LockScanner.discover(client)
        await client.close()
        await server.stop()
        #expect(clock.now - start < .seconds(60))
        // Pre-order goes down the first child for ever: every node on that chain lists a contender first.
        #expect(found.count >= 100 && found.count <= 1_001 && found.first == "/", "\(found.count) \(found.prefix(3))")
    }
}
