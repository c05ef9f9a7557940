import Foundation
import Logging
import NIOConcurrencyHelpers
import TestSupport
import Testing

@testable import ZooKeeperClient

/// Events a `Logger` received, collected across threads.
final class CapturedLog: Sendable {
    struct Record: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]
    }

    private let records = NIOLockedValueBox<[Record]>([])

    /// A logger (trace and up) whose events land here.
    func logger() -> Logger {
        var logger = Logger(label: "test") { _ in CapturingHandler(log: self) }
        logger.logLevel = .trace
        return logger
    }

    func add(_ record: Record) { records.withLockedValue { $0.append(record) } }
    var all: [Record] { records.withLockedValue { $0 } }

    /// Waits (bounded) until a record satisfies `predicate`.
    func wait(within timeout: Duration = .seconds(20), _ predicate: (Record) -> Bool) async -> Record? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let found = all.first(where: predicate) { return found }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }
}

struct CapturingHandler: LogHandler {
    let log: CapturedLog
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        log.add(
            .init(level: event.level, message: event.message.description, metadata: merged.mapValues(\.description)))
    }
}

/// What the client logs through `ZooKeeperConfiguration.logger`: the connection's life, at sensible levels,
/// with the server and the session, and never the data it carries.
@Suite struct ClientLoggingTests {
    private func configuration(_ connectString: String, log: CapturedLog) throws -> ZooKeeperConfiguration {
        var configuration = try ZooKeeperConfiguration(connectString: connectString)
        configuration.sessionTimeout = .seconds(4)
        configuration.requestTimeout = .seconds(5)
        configuration.reconnectBackoffMax = .milliseconds(200)
        configuration.logger = log.logger()
        return configuration
    }

    @Test func sessionEstablishedAndNoDataLogged() async throws {
        let server = try await FakeZooKeeperServer.start(.healthy)
        let log = CapturedLog()
        let client = try ZooKeeperClient(configuration: try configuration(server.connectString, log: log))
        try await client.waitUntilConnected(timeout: .seconds(20))
        _ = try await client.getData("/secret-value")
        await client.close()
        await server.stop()
        let established = log.all.first { $0.message.hasPrefix("session established") }
        #expect(established?.level == .info)
        #expect(established?.metadata["zk.session"] == "0x1234")
        #expect(established?.metadata["zk.server"] == server.connectString)
        #expect(log.all.contains { $0.level == .debug && $0.message == "connecting" })
        // The fake answers a getData with the path's bytes: neither appears in any event.
        #expect(
            !log.all.contains { $0.message.contains("secret") || $0.metadata.values.contains { $0.contains("secret") } }
        )
    }

    @Test func protocolErrorIsAWarningWithTheCause() async throws {
        let server = try await FakeZooKeeperServer.start(.garbageReply)
        let log = CapturedLog()
        let client = try ZooKeeperClient(configuration: try configuration(server.connectString, log: log))
        try await client.waitUntilConnected(timeout: .seconds(20))
        _ = try? await client.getData("/x")
        let warning = await log.wait { $0.message.hasPrefix("protocol error, reconnecting: ") }
        #expect(warning?.level == .warning)
        #expect(warning?.metadata["zk.session"] == "0x1234")
        await client.close()
        await server.stop()
    }

    @Test func expiryIsAWarning() async throws {
        let server = try await FakeZooKeeperServer.start(.expireSession)
        let log = CapturedLog()
        let client = try ZooKeeperClient(configuration: try configuration(server.connectString, log: log))
        let expired = await log.wait { $0.message.hasPrefix("session expired") }
        #expect(expired?.level == .warning)
        await client.close()
        await server.stop()
    }

    @Test func refusedConnectNamesTheCause() async throws {
        // A port nothing listens on: bind one, note it, close it.
        let server = try await FakeZooKeeperServer.start(.healthy)
        let address = server.connectString
        await server.stop()
        let log = CapturedLog()
        let client = try ZooKeeperClient(configuration: try configuration(address, log: log))
        let refused = await log.wait { $0.message.hasPrefix("cannot connect: ") }
        #expect(refused?.level == .info)
        #expect(refused?.message == "cannot connect: connection refused: nothing listens on \(address)")
        await client.close()
    }
}
