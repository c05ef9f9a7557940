import TestSupport
import Testing
import ZooKeeperClient

/// The client's load test against the fake server: 20,000 pipelined reads burn seconds of CPU in a debug build,
/// so it runs one at a time after the parallel unit tests (`make test` runs suites named `…LoadTests` on their
/// own) and never starves the tests that measure a deadline.
@Suite(.serialized) struct ClientLoadTests {
    static func configuration(_ server: FakeZooKeeperServer) throws -> ZooKeeperConfiguration {
        var configuration = try ZooKeeperConfiguration(connectString: server.connectString)
        configuration.sessionTimeout = .seconds(4)
        configuration.requestTimeout = .seconds(10)
        return configuration
    }

    /// Client-side cost of batched reads, against a fake that answers instantly: the number is
    /// printed (it depends on the build and the machine's load); the bound only catches collapse.
    @Test func batchedReadsThroughput() async throws {
        let server = try await FakeZooKeeperServer.start(.healthy)
        let client = try ZooKeeperClient(configuration: try Self.configuration(server))
        try await client.waitUntilConnected(timeout: .seconds(20))
        let requests = (0..<5000).map { ReadRequest.getData("/node/\($0)") }
        _ = await client.readBatch(requests)  // warm-up
        let clock = ContinuousClock()
        let start = clock.now
        var ok = 0
        for _ in 0..<4 {
            for result in await client.readBatch(requests) { if case .success = result { ok += 1 } }
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("client throughput (fake server): \(ok) reads in \(elapsed) = \(Int(Double(ok) / seconds)) reads/s")
        #expect(ok == 20_000)
        #expect(elapsed < .seconds(20))
        await client.close()
        await server.stop()
    }
}
