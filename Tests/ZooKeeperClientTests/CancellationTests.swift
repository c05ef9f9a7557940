import NIOCore
import TestSupport
import Testing
import ZooKeeperJute

@testable import ZooKeeperClient

/// Cancelling the task that awaits a call resumes it at once with `cancelled`, against a fake
/// server that answers `/slow/<n>` late and in order: the connection stays in step (the dropped
/// reply is consumed, the next call gets its own reply) and racing completions never resume twice.
@Suite struct CancellationTests {
    private func client(_ server: FakeZooKeeperServer, maxInFlight: Int = 1024) async throws -> ZooKeeperClient {
        var configuration = try ZooKeeperConfiguration(connectString: server.connectString)
        // Long enough that pings held behind a 6 s reply do not trip the read timeout.
        configuration.sessionTimeout = .seconds(30)
        configuration.requestTimeout = .seconds(20)
        configuration.maxInFlight = maxInFlight
        let client = try ZooKeeperClient(configuration: configuration)
        try await client.waitUntilConnected(timeout: .seconds(20))
        return client
    }

    private func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    @Test func cancelledCallReturnsAtOnceAndTheNextCallGetsItsOwnReply() async throws {
        let server = try await FakeZooKeeperServer.start(.delayed)
        let client = try await client(server)
        let slow = Task { () throws(ZooKeeperError) -> [UInt8] in try await client.getData("/slow/6000").data }
        #expect(await server.wait { $0.received.withLockedValue { $0.contains("/slow/6000") } })
        let clock = ContinuousClock()
        let cancelledAt = clock.now
        slow.cancel()
        let result = await slow.result
        let elapsed = clock.now - cancelledAt
        print("cancel -> return: \(milliseconds(elapsed)) ms")
        #expect(elapsed < .seconds(4), "waited for the slow reply instead")
        #expect(throws: ZooKeeperError(.cancelled, path: "/slow/6000")) { try result.get() }
        #expect(server.answered.withLockedValue { $0 } == 0, "the slow reply was still on its way")
        // Sent after the cancelled request: its reply comes after the dropped one and must be its own.
        let next = try await client.getData("/next")
        #expect(next.data == Array("/next".utf8))
        #expect(server.answered.withLockedValue { $0 } == 2)
        #expect(try await client.getData("/after").data == Array("/after".utf8))
        #expect(client.sessionState == .connected(readOnly: false))
        await client.close()
        await server.stop()
    }

    @Test func callsInACancelledTaskSendNothing() async throws {
        let server = try await FakeZooKeeperServer.start(.delayed)
        let client = try await client(server)
        @Sendable func describe(_ error: any Error) -> String {
            guard let error = error as? ZooKeeperError else { return "\(error)" }
            return "\(error.code) \(error.path ?? "-")"
        }
        let outcome = await Task { () -> [String] in
            withUnsafeCurrentTask { $0?.cancel() }
            await Task.yield()
            var codes: [String] = []
            do {
                _ = try await client.getData("/never")
            } catch {
                codes.append("getData \(describe(error))")
            }
            do {
                _ = try await client.exists("/never", watch: true)
            } catch {
                codes.append("exists \(describe(error))")
            }
            for result in await client.readBatch([.getData("/never1"), .exists("/never2")]) {
                if case .failure(let error) = result { codes.append("batch \(error.code) \(error.path ?? "")") }
            }
            do {
                try await client.waitUntilConnected()
            } catch {
                codes.append("wait \(describe(error))")
            }
            do {
                try await client.addDigestAuth(user: "u", password: "p")
            } catch {
                codes.append("auth \(describe(error))")
            }
            do {
                let other = try await ZooKeeperClient.connect(try ZooKeeperConfiguration(connectString: "127.0.0.1:1"))
                await other.close()
            } catch {
                codes.append("connect \(describe(error))")
            }
            return codes
        }.value
        #expect(
            outcome == [
                "getData Cancelled(-1000) /never", "exists Cancelled(-1000) /never", "batch Cancelled(-1000) /never1",
                "batch Cancelled(-1000) /never2", "wait Cancelled(-1000) -", "auth Cancelled(-1000) -",
                "connect Cancelled(-1000) -",
            ])
        #expect(try await client.getData("/sent").data == Array("/sent".utf8))
        #expect(server.received.withLockedValue { $0 } == ["/sent"], "nothing else reached the server")
        await client.close()
        await server.stop()
    }

    @Test func cancellationRacingRepliesNeverResumesTwice() async throws {
        let server = try await FakeZooKeeperServer.start(.delayed)
        let client = try await client(server)
        var answered = 0
        var cancelled = 0
        let clock = ContinuousClock()
        let start = clock.now
        for round in 0..<300 {
            // Three callers per round; the middle one is cancelled after a tiny, varying delay, so
            // its cancellation lands before the submit, while queued, in flight, or after the reply.
            let delay = round % 2
            let tasks = (0..<3).map { index in
                Task { () throws(ZooKeeperError) -> [UInt8] in
                    try await client.getData(index == 1 ? "/slow/\(delay)" : "/r\(round)-\(index)").data
                }
            }
            switch round % 6 {
            case 0: break
            case 1: await Task.yield()
            case 2: try? await Task.sleep(for: .microseconds(200))
            default: try? await Task.sleep(for: .milliseconds(round % 6 - 2))
            }
            tasks[1].cancel()
            for (index, task) in tasks.enumerated() {
                switch await task.result {
                case .success(let data):
                    let expected = index == 1 ? "/slow/\(delay)" : "/r\(round)-\(index)"
                    #expect(data == Array(expected.utf8))
                    if index == 1 { answered += 1 }
                case .failure(let error):
                    #expect(
                        index == 1 && (error as? ZooKeeperError)?.code == .cancelled,
                        "round \(round) caller \(index): \(error)")
                    cancelled += 1
                }
            }
        }
        print("race: \(answered) answered, \(cancelled) cancelled in \(clock.now - start)")
        #expect(answered + cancelled == 300)
        #expect(answered > 0 && cancelled > 0, "both sides of the race were exercised")
        // Whatever was dropped, the connection is still in step.
        #expect(try await client.getData("/final").data == Array("/final".utf8))
        #expect(client.sessionState == .connected(readOnly: false))
        await client.close()
        await server.stop()
    }

    @Test func replyDeadlineAndCancellationRacingResumeExactlyOnce() async throws {
        let server = try await FakeZooKeeperServer.start(.delayed)
        var configuration = try ZooKeeperConfiguration(connectString: server.connectString)
        configuration.sessionTimeout = .seconds(4)
        // Deadlines are checked on a 100 ms tick: a reply near 100 ms races the deadline too.
        configuration.requestTimeout = .milliseconds(90)
        let client = try ZooKeeperClient(configuration: configuration)
        try await client.waitUntilConnected(timeout: .seconds(20))
        var outcomes: [String: Int] = [:]
        for round in 0..<60 {
            let delay = 80 + (round % 5) * 10
            let task = Task { () throws(ZooKeeperError) -> [UInt8] in try await client.getData("/slow/\(delay)").data }
            try? await Task.sleep(for: .milliseconds(Int64(85 + (round % 7) * 5)))
            task.cancel()
            switch await task.result {
            case .success(let data):
                #expect(data == Array("/slow/\(delay)".utf8))
                outcomes["answered", default: 0] += 1
            case .failure(let error):
                let code = (error as? ZooKeeperError)?.code
                #expect(code == .cancelled || code == .operationTimeout, "round \(round): \(error)")
                outcomes["\(code.map(\.name) ?? "?")", default: 0] += 1
            }
        }
        print("reply/deadline/cancel race: \(outcomes)")
        #expect(outcomes.values.reduce(0, +) == 60)
        // Every dropped reply was consumed in order: a fresh call still gets its own.
        #expect(try await client.getData("/final").data == Array("/final".utf8))
        await client.close()
        await server.stop()
    }

    @Test func batchCancelledMidWayFailsTheUnansweredSlotsAndSendsNoMore() async throws {
        let server = try await FakeZooKeeperServer.start(.delayed)
        // One request on the wire at a time: when cancelled, /b and /c are still queued.
        let client = try await client(server, maxInFlight: 1)
        let batch = Task {
            await client.readBatch([.getData("/a"), .getData("/slow/6000"), .getData("/b"), .getData("/c")])
        }
        #expect(await server.wait { $0.received.withLockedValue { $0 } == ["/a", "/slow/6000"] })
        // /a was answered before /slow/6000 was sent (window of one), so it is already delivered.
        let clock = ContinuousClock()
        let cancelledAt = clock.now
        batch.cancel()
        let results = await batch.value
        let elapsed = clock.now - cancelledAt
        print("batch cancel -> return: \(milliseconds(elapsed)) ms")
        #expect(elapsed < .seconds(4), "waited for the slow reply instead")
        #expect(results.count == 4)
        #expect(results.first == .success(.data(Array("/a".utf8), Stat(version: 1))))
        for (result, path) in zip(results.dropFirst(), ["/slow/6000", "/b", "/c"]) {
            #expect(result == .failure(ZooKeeperError(.cancelled, path: path)))
        }
        #expect(try await client.getData("/d").data == Array("/d".utf8))
        #expect(
            server.received.withLockedValue { $0 } == ["/a", "/slow/6000", "/d"], "the queued slots were never sent")
        await client.close()
        await server.stop()
    }

    @Test func cancelledWaitForAConnectionReturnsAtOnce() async throws {
        // A port nobody listens on: the client keeps trying to connect.
        let server = try await FakeZooKeeperServer.start(.healthy)
        let port = server.port
        await server.stop()
        var configuration = try ZooKeeperConfiguration(connectString: "127.0.0.1:\(port)")
        configuration.reconnectBackoffMax = .milliseconds(100)
        let waiter = Task { () throws(ZooKeeperError) -> ZooKeeperClient in
            try await ZooKeeperClient.connect(configuration, timeout: .seconds(30))
        }
        try await Task.sleep(for: .milliseconds(200))
        let clock = ContinuousClock()
        let cancelledAt = clock.now
        waiter.cancel()
        let result = await waiter.result
        let elapsed = clock.now - cancelledAt
        print("connect cancel -> return: \(milliseconds(elapsed)) ms")
        #expect(elapsed < .seconds(10))
        #expect(throws: ZooKeeperError(.cancelled)) { _ = try result.get() }
    }
}
