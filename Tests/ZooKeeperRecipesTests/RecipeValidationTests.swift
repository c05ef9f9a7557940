import Testing
import ZooKeeperClient

@testable import ZooKeeperRecipes

/// What the recipes do without a server: argument checks and the not-held errors.
struct RecipeValidationTests {
    static func client() throws -> ZooKeeperClient {
        // Nothing listens on port 1: the client keeps trying in the background and is closed at the end.
        try ZooKeeperClient(connectString: "127.0.0.1:1")
    }

    @Test func invalidPathsAreRejected() async throws {
        let client = try Self.client()
        defer { Task { await client.close() } }
        #expect(throws: ZooKeeperError.self) { try InterProcessMutex(client: client, path: "relative") }
        #expect(throws: ZooKeeperError.self) { try InterProcessMutex(client: client, path: "/") }
        #expect(throws: ZooKeeperError.self) { try InterProcessSemaphoreMutex(client: client, path: "/a/") }
        let mutex = try InterProcessSemaphoreMutex(client: client, path: "/lock/mutex/aaa")
        #expect(mutex.locksPath == "/lock/mutex/aaa/locks")
        #expect(mutex.leasesPath == "/lock/mutex/aaa/leases")
    }

    @Test func releaseWithoutHoldThrowsNotHeld() async throws {
        let client = try Self.client()
        let mutex = try InterProcessMutex(client: client, path: "/l")
        await #expect(throws: LockError(.notHeld, path: "/l")) { try await mutex.release() }
        let semaphore = try InterProcessSemaphoreMutex(client: client, path: "/l")
        await #expect(throws: LockError(.notHeld, path: "/l")) { try await semaphore.release() }
        #expect(await mutex.state == .notHeld)
        #expect(await !mutex.isAcquiredInThisProcess)
        await client.close()
    }

    @Test func acquireOnAClosedClientFailsInsteadOfHanging() async throws {
        let client = try Self.client()
        await client.close()
        let mutex = try InterProcessMutex(client: client, path: "/l")
        let clock = ContinuousClock()
        let start = clock.now
        await #expect(throws: ZooKeeperError.self) { _ = try await mutex.acquire(timeout: .seconds(30)) }
        #expect(clock.now - start < .seconds(10))
    }
}
