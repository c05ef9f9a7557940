import Foundation
import ZooKeeperClient
import ZooKeeperLab
import ZooKeeperRecipes

/// The Java side of the lock tests: a Curator 5.4 contender, plus Swift helpers that do the same
/// work with our recipes, so both sides run the same protocol against one lock.
///
/// Every holder, while it holds the lock, checks that the shared marker node is absent, creates it
/// (ephemeral), appends an entry to a persistent-sequential log (who held, in which order), and
/// deletes the marker. Two holders at once make a check, create or delete fail.
enum LockWitness {
    /// `LockContender <connect> <mutex|semaphore> <lockPath> <markerPath> <logPath> <rounds> <sessionMs> <holdMs> <name>`.
    /// Rounds start once `<markerPath>-go` exists. rounds < 0: acquire once, print `HELD <sessionId>` and hold until killed.
    static let javaSource = """
        import org.apache.curator.framework.CuratorFramework;
        import org.apache.curator.framework.CuratorFrameworkFactory;
        import org.apache.curator.framework.recipes.locks.InterProcessLock;
        import org.apache.curator.framework.recipes.locks.InterProcessMutex;
        import org.apache.curator.framework.recipes.locks.InterProcessSemaphoreMutex;
        import org.apache.curator.retry.ExponentialBackoffRetry;
        import org.apache.zookeeper.CreateMode;
        import org.apache.zookeeper.KeeperException;
        import java.util.concurrent.TimeUnit;

        public class LockContender {
            public static void main(String[] a) throws Exception {
                String connect = a[0], recipe = a[1], path = a[2], marker = a[3], log = a[4];
                int rounds = Integer.parseInt(a[5]), sessionMs = Integer.parseInt(a[6]), holdMs = Integer.parseInt(a[7]);
                String name = a[8];
                CuratorFramework c = CuratorFrameworkFactory.builder().connectString(connect)
                    .sessionTimeoutMs(sessionMs).connectionTimeoutMs(15000)
                    .retryPolicy(new ExponentialBackoffRetry(100, 10)).build();
                c.start();
                if (!c.blockUntilConnected(30, TimeUnit.SECONDS)) { System.out.println("NOCONNECT"); System.exit(2); }
                InterProcessLock lock = recipe.equals("mutex") ? new InterProcessMutex(c, path) : new InterProcessSemaphoreMutex(c, path);
                long session = c.getZookeeperClient().getZooKeeper().getSessionId();
                System.out.println("READY " + session);
                if (rounds < 0) {
                    if (!lock.acquire(60, TimeUnit.SECONDS)) { System.out.println("TIMEOUT"); System.exit(3); }
                    System.out.println("HELD " + session);
                    Thread.sleep(600000);
                    System.exit(0);
                }
                // Start together with the Swift contenders: wait for the go node.
                for (int w = 0; w < 3000 && c.checkExists().forPath(marker + "-go") == null; w++) Thread.sleep(20);
                int violations = 0;
                for (int i = 0; i < rounds; i++) {
                    if (!lock.acquire(90, TimeUnit.SECONDS)) { System.out.println("TIMEOUT " + i); System.exit(3); }
                    try {
                        if (c.checkExists().forPath(marker) != null) { violations++; System.out.println("VIOLATION exists " + i); }
                        try { c.create().withMode(CreateMode.EPHEMERAL).forPath(marker, name.getBytes()); }
                        catch (KeeperException.NodeExistsException e) { violations++; System.out.println("VIOLATION create " + i); }
                        c.create().withMode(CreateMode.PERSISTENT_SEQUENTIAL).forPath(log + "/e-", name.getBytes());
                        if (holdMs > 0) Thread.sleep(holdMs);
                        try { c.delete().forPath(marker); }
                        catch (KeeperException.NoNodeException e) { violations++; System.out.println("VIOLATION delete " + i); }
                        System.out.println("ROUND " + i);
                    } finally {
                        lock.release();
                    }
                }
                System.out.println("DONE violations=" + violations);
                c.close();
                System.exit(violations == 0 ? 0 : 4);
            }
        }
        """

    /// Starts the Java contender.
    static func startJava(
        _ connectString: String, recipe: String, lockPath: String, marker: String, log: String, rounds: Int,
        sessionMilliseconds: Int = 10_000, holdMilliseconds: Int = 5, name: String = "java"
    ) async throws -> WitnessProcess {
        try await Curator.start(
            javaSource, className: "LockContender",
            arguments: [
                connectString, recipe, lockPath, marker, log, String(rounds), String(sessionMilliseconds),
                String(holdMilliseconds), name,
            ])
    }

    /// A connected client of ours with a given session timeout.
    static func client(_ connectString: String, sessionTimeout: Duration = .seconds(10)) async throws -> ZooKeeperClient
    {
        var configuration = try ZooKeeperConfiguration(connectString: connectString)
        configuration.sessionTimeout = sessionTimeout
        return try await ZooKeeperClient.connect(configuration, timeout: .seconds(30))
    }

    /// One of our recipes, behind one interface for the shared test loops.
    enum Recipe: String, Sendable, CaseIterable {
        case mutex
        case semaphore

        /// Makes the lock and returns acquire/release closures.
        func make(_ client: ZooKeeperClient, path: String) throws -> SwiftLock {
            switch self {
            case .mutex:
                let lock = try InterProcessMutex(client: client, path: path)
                return SwiftLock(
                    acquire: { try await lock.acquire(timeout: $0) }, release: { try await lock.release() },
                    state: { await lock.state })
            case .semaphore:
                let lock = try InterProcessSemaphoreMutex(client: client, path: path)
                return SwiftLock(
                    acquire: { try await lock.acquire(timeout: $0) }, release: { try await lock.release() },
                    state: { await lock.state })
            }
        }
    }

    /// Acquire/release of either recipe.
    struct SwiftLock: Sendable {
        let acquire: @Sendable (Duration) async throws -> Bool
        let release: @Sendable () async throws -> Void
        let state: @Sendable () async -> LockHoldState
    }

    /// What one Swift contender saw.
    struct SwiftRun: Sendable {
        var rounds = 0
        var violations: [String] = []
        var longestWait: Duration = .zero
    }

    /// The Swift contender loop: the same marker protocol as the Java one.
    static func runSwift(
        client: ZooKeeperClient, recipe: Recipe, lockPath: String, marker: String, log: String, rounds: Int,
        hold: Duration = .milliseconds(5), name: String
    ) async throws -> SwiftRun {
        let lock = try recipe.make(client, path: lockPath)
        var run = SwiftRun()
        let clock = ContinuousClock()
        for round in 0..<rounds {
            let start = clock.now
            guard try await lock.acquire(.seconds(90)) else {
                run.violations.append("timeout \(round)")
                return run
            }
            run.longestWait = max(run.longestWait, clock.now - start)
            if await lock.state() != .held { run.violations.append("state \(await lock.state()) \(round)") }
            do {
                if try await client.exists(marker) != nil { run.violations.append("exists \(round)") }
                do {
                    _ = try await client.create(marker, data: Array(name.utf8), mode: .ephemeral)
                } catch {
                    guard error.code == .nodeExists else { throw error }
                    run.violations.append("create \(round)")
                }
                _ = try await client.create(log + "/e-", data: Array(name.utf8), mode: .persistentSequential)
                try await Task.sleep(for: hold)
                do {
                    try await client.delete(marker)
                } catch {
                    guard error.code == .noNode else { throw error }
                    run.violations.append("delete \(round)")
                }
            } catch {
                try? await lock.release()
                throw error
            }
            try await lock.release()
            run.rounds += 1
        }
        return run
    }

    /// The holders in log order (the data of the log's entries).
    static func holders(client: ZooKeeperClient, log: String) async throws -> [String] {
        let entries = try await client.getChildren(log).sorted()
        var names: [String] = []
        for entry in entries {
            names.append(String(decoding: try await client.getData(log + "/" + entry).data, as: UTF8.self))
        }
        return names
    }

    /// A subtree's shape with the random parts normalised: `relative-path kind` lines, sorted.
    /// Kinds: persistent or ephemeral (the server reports containers with ephemeralOwner 0, like
    /// persistent nodes: `LockInteropTests` tells them apart by the container reaper).
    /// `_c_<uuid>-` becomes `_c_*-`, sequences `NNNNNNNNNN`.
    static func shape(client: ZooKeeperClient, root: String) async throws -> [String] {
        var lines: [String] = []
        var pending = [root]
        var visited = 0
        while let path = pending.popLast(), visited < 1_000 {
            visited += 1
            guard let stat = try await client.exists(path) else { continue }
            let kind = stat.ephemeralOwner == 0 ? "persistent" : "ephemeral"
            let relative = path == root ? "." : String(path.dropFirst(root.count + 1))
            lines.append(normalise(relative) + " " + kind)
            for child in try await client.getChildren(path) { pending.append(path + "/" + child) }
        }
        return lines.sorted()
    }

    /// Replaces the random parts of lock node names.
    static func normalise(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { component -> String in
            var name = String(component)
            if let id = ProtectedName.id(of: name) { name = name.replacingOccurrences(of: id, with: "*") }
            if LockNodeOrdering.sequence(of: name) != nil { name = String(name.dropLast(10)) + "NNNNNNNNNN" }
            return name
        }.joined(separator: "/")
    }

    /// Polls `condition` until true or the deadline (then throws).
    static func waitUntil(
        _ what: String, timeout: Duration = .seconds(30), _ condition: () async throws -> Bool
    ) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw LabError("timed out waiting for \(what)")
    }
}
