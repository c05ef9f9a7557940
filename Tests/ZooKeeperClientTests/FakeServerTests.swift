import NIOCore
import TestSupport
import Testing
import ZooKeeperJute

@testable import ZooKeeperClient

/// The last element of a stream that must end within `timeout` (nil if it did not).
func lastElement<Element: Sendable>(of stream: AsyncStream<Element>, within timeout: Duration) async -> Element? {
    await withTaskGroup(of: (Bool, Element?).self) { group in
        group.addTask {
            var last: Element?
            for await element in stream { last = element }
            return (true, last)
        }
        group.addTask {
            try? await Task.sleep(for: timeout)
            return (false, nil)
        }
        let (ended, last) = await group.next() ?? (false, nil)
        group.cancelAll()
        return ended ? last : nil
    }
}

/// The real client against a misbehaving server on loopback: every fault ends in a clean,
/// typed error within a deadline, never a crash or a hang.
@Suite struct FakeServerTests {
    private func configuration(_ server: FakeZooKeeperServer, requestTimeout: Duration = .seconds(3)) throws
        -> ZooKeeperConfiguration
    {
        var configuration = try ZooKeeperConfiguration(connectString: server.connectString)
        configuration.sessionTimeout = .seconds(4)
        configuration.requestTimeout = requestTimeout
        configuration.reconnectBackoffMax = .milliseconds(200)
        return configuration
    }

    /// Runs one getData against a server with `behaviour` and returns the error and the time taken.
    /// The session is established first (unless the fault is in the handshake), so the time measured
    /// is the reaction to the fault alone. The default request timeout (60 s) is far above the bound the
    /// tests hold a reaction to (30 s), so a client that waited for it instead of reacting fails, while
    /// a machine busy enough to stall a reaction by seconds does not.
    private func failingGetData(_ behaviour: FakeBehaviour, requestTimeout: Duration = .seconds(60)) async throws
        -> (ZooKeeperError?, Duration)
    {
        let server = try await FakeZooKeeperServer.start(behaviour)
        let client = try ZooKeeperClient(configuration: try configuration(server, requestTimeout: requestTimeout))
        if !behaviour.breaksTheHandshake { try await client.waitUntilConnected(timeout: .seconds(20)) }
        let clock = ContinuousClock()
        let start = clock.now
        var caught: ZooKeeperError?
        do {
            _ = try await client.getData("/x")
        } catch {
            caught = error
        }
        let elapsed = clock.now - start
        await client.close()
        await server.stop()
        return (caught, elapsed)
    }

    @Test func healthyFakeAnswersPipelinedRequestsInOrder() async throws {
        let server = try await FakeZooKeeperServer.start(.healthy)
        let client = try ZooKeeperClient(configuration: try configuration(server))
        try await client.waitUntilConnected(timeout: .seconds(20))
        #expect(client.sessionID == 0x1234)
        let paths = (0..<200).map { "/node-\($0)" }
        let data = try await withThrowingTaskGroup(of: (String, [UInt8]).self) { group in
            for path in paths { group.addTask { (path, try await client.getData(path).data) } }
            var all: [String: [UInt8]] = [:]
            for try await (path, data) in group { all[path] = data }
            return all
        }
        #expect(data.count == 200)
        #expect(data.allSatisfy { Array($0.key.utf8) == $0.value })
        let batch = await client.readBatch(paths.map { .getData($0) } + [.getData("bad")])
        #expect(batch.count == 201)
        for (path, result) in zip(paths, batch) {
            if case .success(.data(let bytes, _)) = result {
                #expect(bytes == Array(path.utf8))
            } else {
                Issue.record("unexpected \(result)")
            }
        }
        if case .failure(let error) = batch.last {
            #expect(error.code == .badArguments)
        } else {
            Issue.record("invalid path was sent")
        }
        await #expect(throws: ZooKeeperError(.unimplemented, path: "/x")) { try await client.getChildren("/x") }
        await client.close()
        await server.stop()
    }

    @Test func garbageReplyIsAMarshallingError() async throws {
        let (error, elapsed) = try await failingGetData(.garbageReply)
        #expect(error?.code == .marshallingError)
        #expect(elapsed < .seconds(30))
    }

    /// A 2 GiB length is not buffered: the request it answers fails at once with `replyTooLarge`.
    @Test func oversizedLengthIsReplyTooLarge() async throws {
        let (error, elapsed) = try await failingGetData(.oversizedLength)
        #expect(error?.code == .replyTooLarge)
        #expect(error?.message.contains("2147483647 bytes") == true, "\(String(describing: error))")
        #expect(elapsed < .seconds(30))
    }

    /// A reply over the client's limit fails only the request it answers, naming the size, the limit and
    /// the setting; its bytes are read past and the same connection serves the pipelined requests
    /// around it and later ones (no reconnect).
    @Test func replyOverTheLimitFailsOneRequestAndTheConnectionGoesOn() async throws {
        let server = try await FakeZooKeeperServer.start(.healthy)
        var configuration = try configuration(server)
        configuration.maxReplySize = 64 << 10
        let client = try ZooKeeperClient(configuration: configuration)
        try await client.waitUntilConnected(timeout: .seconds(20))
        let results = await client.readBatch([
            .getData("/size/100"), .getData("/size/3000000"), .getData("/size/65000"), .getData("/size/70000"),
            .getData("/size/7"),
        ])
        let sizes = results.map { result -> Int in
            if case .success(.data(let data, _)) = result { return data.count }
            return -1
        }
        #expect(sizes == [100, -1, 65000, -1, 7])
        guard case .failure(let error) = results[1] else { return }
        #expect(error.code == .replyTooLarge)
        #expect(error.path == "/size/3000000")
        #expect(
            error.message.contains("3000") && error.message.contains("65536") && error.message.contains("maxReplySize"))
        #expect(try await client.getData("/size/12").data.count == 12)
        #expect(server.connections.withLockedValue { $0 } == 1)
        #expect(client.sessionID == 0x1234)
        await client.close()
        await server.stop()
    }

    @Test func negativeLengthIsAMarshallingError() async throws {
        let (error, elapsed) = try await failingGetData(.negativeLength)
        #expect(error?.code == .marshallingError)
        #expect(elapsed < .seconds(30))
    }

    @Test func closeMidFrameIsAConnectionLoss() async throws {
        let (error, elapsed) = try await failingGetData(.closeMidFrame)
        #expect(error?.code == .connectionLoss)
        #expect(elapsed < .seconds(30))
    }

    @Test func wrongXidIsAConnectionError() async throws {
        let (error, elapsed) = try await failingGetData(.wrongXid)
        #expect(error?.code == .marshallingError)
        #expect(elapsed < .seconds(30))
    }

    @Test func silentServerTimesOut() async throws {
        let (error, elapsed) = try await failingGetData(.silent, requestTimeout: .seconds(1))
        #expect(error?.code == .operationTimeout)
        #expect(elapsed >= .milliseconds(900))
        #expect(elapsed < .seconds(30))
    }

    @Test func garbageHandshakeNeverConnectsAndTimesOut() async throws {
        let (error, elapsed) = try await failingGetData(.garbageHandshake, requestTimeout: .seconds(1))
        #expect(error?.code == .operationTimeout)
        #expect(elapsed < .seconds(30))
    }

    @Test func expiredSessionIsReportedAndTerminal() async throws {
        let server = try await FakeZooKeeperServer.start(.expireSession)
        let client = try ZooKeeperClient(configuration: try configuration(server))
        let states = client.sessionEvents()
        await #expect(throws: ZooKeeperError(.sessionExpired)) {
            try await client.waitUntilConnected(timeout: .seconds(20))
        }
        await #expect(throws: ZooKeeperError(.sessionExpired, path: "/x")) { try await client.getData("/x") }
        #expect(await lastElement(of: states, within: .seconds(10)) == .expired)  // the stream ends
        #expect(await lastElement(of: client.connectionStates(), within: .seconds(10)) == .lost)
        await client.close()
        await server.stop()
    }

    @Test func droppedClientClosesItsSession() async throws {
        let server = try await FakeZooKeeperServer.start(.healthy)
        var client: ZooKeeperClient? = try ZooKeeperClient(configuration: try configuration(server))
        try await client?.waitUntilConnected(timeout: .seconds(20))
        let states = try #require(client?.sessionEvents())
        client = nil
        let last = await lastElement(of: states, within: .seconds(10))  // ends once the session is closed
        #expect(last == .closed)
        await server.stop()
    }

    @Test func noServerListeningTimesOutCleanly() async throws {
        let server = try await FakeZooKeeperServer.start(.healthy)
        let port = server.port
        await server.stop()
        var configuration = try ZooKeeperConfiguration(connectString: "127.0.0.1:\(port)")
        configuration.requestTimeout = .milliseconds(800)
        configuration.reconnectBackoffMax = .milliseconds(100)
        let client = try ZooKeeperClient(configuration: configuration)
        await #expect(throws: ZooKeeperError(.operationTimeout)) {
            try await client.waitUntilConnected(timeout: .milliseconds(500))
        }
        let clock = ContinuousClock()
        let start = clock.now
        await #expect(throws: ZooKeeperError.self) { try await client.exists("/x") }
        #expect(clock.now - start < .seconds(20))
        await client.close()
        #expect(client.sessionState == .closed)
    }
}
