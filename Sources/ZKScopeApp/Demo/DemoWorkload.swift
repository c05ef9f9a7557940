import Foundation
import Synchronization
import ZooKeeperClient
import ZooKeeperJute
import ZooKeeperRecipes

/// The live workload of `zkscope demo`: several sessions with ephemeral and sequential nodes, a Curator-layout
/// lock with waiters, read-heavy traffic and periodic bursts of writes, so every pane has something to show.
///
/// Every loop is bounded in time by its sleeps and every request by the client's request timeout; errors (the
/// demo kills members on purpose) are logged and retried after a pause, never thrown.
public final class DemoWorkload: Sendable {
    /// Where the demo's data lives.
    public static let root = "/demo"
    /// The Curator `InterProcessSemaphoreMutex` path from PRODUCT.md.
    public static let lockPath = "/lock/mutex/aaa"

    private let connectString: String
    private let log: AppLog
    private let tasks = Mutex<[Task<Void, Never>]>([])
    private let clients = Mutex<[ZooKeeperClient]>([])

    /// Creates a workload for an ensemble; nothing happens until ``start()``.
    public init(connectString: String, log: AppLog) {
        self.connectString = connectString
        self.log = log
    }

    /// Creates the demo tree and starts the sessions. Throws if the ensemble cannot be reached at all.
    public func start() async throws {
        let setup = try await connect()
        for path in [
            "/demo", "/demo/services", "/demo/services/api", "/demo/services/db", "/demo/queue", "/lock",
            "/lock/mutex",
        ] {
            _ = try? await setup.create(path)
        }
        _ = try? await setup.create(
            "/demo/config", data: Array(#"{"feature":{"search":true,"beta":false},"replicas":3,"owner":"ops"}"#.utf8))
        _ = try? await setup.create("/demo/counter", data: Array("0".utf8))
        _ = try? await setup.create("/demo/notes", data: Array("read-mostly data\nsecond line\n".utf8))
        for session in 0..<4 {
            let client = try await connect()
            let service = session % 2 == 0 ? "api" : "db"
            _ = try? await client.create(
                "/demo/services/\(service)/instance-", data: Array("host-\(session):8080".utf8),
                mode: .ephemeralSequential)
            spawn { await Self.readLoop(client, session: session, log: self.log) }
        }
        spawn { await Self.writeLoop(setup, log: self.log) }
        for contender in 0..<3 {
            let client = try await connect()
            spawn { await Self.lockLoop(client, contender: contender, log: self.log) }
        }
        log.write("demo workload started on \(connectString)")
    }

    /// Stops every loop and closes every session (their ephemeral nodes go at once).
    public func stop() async {
        for task in tasks.withLock({ $0 }) { task.cancel() }
        for client in clients.withLock({ $0 }) { await client.close() }
    }

    private func connect() async throws -> ZooKeeperClient {
        var configuration = try ZooKeeperConfiguration(connectString: connectString)
        configuration.sessionTimeout = .seconds(6)
        configuration.requestTimeout = .seconds(3)
        configuration.logger = log.logger(label: "zkscope.demo.client")
        let client = try await ZooKeeperClient.connect(configuration, timeout: .seconds(20))
        clients.withLock { $0.append(client) }
        return client
    }

    private func spawn(_ body: @escaping @Sendable () async -> Void) {
        let task = Task { await body() }
        tasks.withLock { $0.append(task) }
    }

    /// About 40 reads per second per session: the read-heavy side of the 10:1 rule.
    private static func readLoop(_ client: ZooKeeperClient, session: Int, log: AppLog) async {
        let paths = ["/demo/config", "/demo/counter", "/demo/notes", "/demo/services/api", "/demo/services/db"]
        var i = session
        while !Task.isCancelled {
            let path = paths[i % paths.count]
            i += 1
            do {
                if path.hasPrefix("/demo/services") {
                    _ = try await client.getChildren(path)
                } else {
                    _ = try await client.getData(path)
                }
                try? await Task.sleep(for: .milliseconds(25))
            } catch {
                try? await Task.sleep(for: .milliseconds(500))
            }
        }
    }

    /// A queue item every 2 s (oldest removed beyond 20), and every 20 s a burst of 40 counter updates.
    private static func writeLoop(_ client: ZooKeeperClient, log: AppLog) async {
        var tick = 0
        while !Task.isCancelled {
            tick += 1
            do {
                _ = try await client.create(
                    "/demo/queue/item-", data: Array("job \(tick)".utf8), mode: .persistentSequential)
                let items = try await client.getChildren("/demo/queue").sorted()
                for old in items.dropLast(20) { try? await client.delete("/demo/queue/" + old) }
                if tick % 10 == 0 {
                    for n in 0..<40 where !Task.isCancelled {
                        _ = try await client.setData("/demo/counter", data: Array("\(tick * 100 + n)".utf8))
                        try? await Task.sleep(for: .milliseconds(25))
                    }
                }
            } catch {
                log.write("demo writes: \(error)")
            }
            try? await Task.sleep(for: .seconds(2))
        }
    }

    /// Three contenders take turns on a Curator-layout semaphore mutex: hold 8 s, rest 1 s.
    private static func lockLoop(_ client: ZooKeeperClient, contender: Int, log: AppLog) async {
        try? await Task.sleep(for: .milliseconds(300 * contender))
        guard let mutex = try? InterProcessSemaphoreMutex(client: client, path: lockPath) else { return }
        while !Task.isCancelled {
            do {
                if try await mutex.acquire(timeout: .seconds(60)) {
                    try? await Task.sleep(for: .seconds(8))
                    try? await mutex.release()
                }
            } catch {
                log.write("demo lock \(contender): \(error)")
            }
            try? await Task.sleep(for: .seconds(1))
        }
        try? await mutex.release()
    }
}
