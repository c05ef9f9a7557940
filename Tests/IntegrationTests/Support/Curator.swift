import Foundation
import ZooKeeperLab

/// Apache Curator 5.4 (Debian's libcurator-*-java) as an independent ZooKeeper client, for recipes such
/// as `InterProcessSemaphoreMutex` whose znode layout our recipes must match.
///
/// A test passes Java source text with a `public class <className>` and a `main`; it is compiled once per
/// distinct source (cached for the process) and run with `java -cp <classes>:<classpath> className args`.
enum Curator {
    /// The jars a Curator program needs, checked by compiling and running a client that connects,
    /// creates a znode and takes an `InterProcessSemaphoreMutex`. The manifests of these jars pull in
    /// the rest (jackson, netty...); slf4j-nop keeps stderr free of "no binding" warnings.
    static let jars = [
        "/usr/share/java/curator-recipes.jar",
        "/usr/share/java/curator-framework.jar",
        "/usr/share/java/curator-client.jar",
        "/usr/share/java/zookeeper.jar",
        "/usr/share/java/zookeeper-jute.jar",
        "/usr/share/java/guava.jar",
        "/usr/share/java/slf4j-api.jar",
        "/usr/share/java/slf4j-nop.jar",
    ]

    /// `jars` joined for `-cp`.
    static var classpath: String { jars.joined(separator: ":") }

    /// JVM flags for short-lived clients: faster start, less memory on a shared 2-core box.
    static let jvmOptions = ["-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData"]

    /// Compiled class directories by source text.
    private static let cache = CompileCache()

    /// Compiles `source` (once per distinct text) and returns the directory holding the classes.
    static func compile(_ source: String, className: String, timeout: Duration = .seconds(120)) async throws -> String {
        let key = className + "\u{0}" + source
        if let cached = cache.get(key) { return cached }
        let work = try WitnessRunner.makeWorkDirectory(prefix: "zkscope-curator-classes")
        let sourcePath = work + "/\(className).java"
        try Data(source.utf8).write(to: URL(fileURLWithPath: sourcePath))
        let logs = try WitnessRunner.makeWorkDirectory(prefix: "zkscope-javac")
        let javac = try WitnessRunner.start(
            executable: "/usr/bin/javac", arguments: ["-cp", classpath, "-d", work, "-nowarn", sourcePath],
            workDirectory: logs)
        let result = await javac.wait(timeout: timeout)
        guard result.succeeded else {
            try? FileManager.default.removeItem(atPath: work)
            throw LabError("javac failed for \(className):\n\(result)")
        }
        cache.set(key, work)
        return work
    }

    /// Exit handler: the compiled classes are temp files too.
    static func removeCompiledClasses() {
        for directory in cache.removeAll() { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// Compiles and runs a program to completion (killed at `timeout`).
    static func run(
        _ source: String, className: String, arguments: [String] = [], timeout: Duration = .seconds(60)
    ) async throws -> WitnessResult {
        try await start(source, className: className, arguments: arguments).wait(timeout: timeout)
    }

    /// Compiles and starts a program in the background (e.g. a lock holder that prints "READY").
    static func start(_ source: String, className: String, arguments: [String] = []) async throws -> WitnessProcess {
        let classes = try await compile(source, className: className)
        let work = try WitnessRunner.makeWorkDirectory(prefix: "zkscope-curator")
        return try WitnessRunner.start(
            executable: "/usr/bin/java",
            arguments: jvmOptions + ["-cp", classes + ":" + classpath, className] + arguments,
            workDirectory: work)
    }
}

/// A tiny lock-protected dictionary: compiled classes are shared by every test in the process.
private final class CompileCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: String] = [:]

    func get(_ key: String) -> String? { lock.withLock { entries[key] } }
    func set(_ key: String, _ value: String) {
        lock.withLock {
            if entries.isEmpty { atexit { Curator.removeCompiledClasses() } }
            entries[key] = value
        }
    }

    func removeAll() -> [String] {
        lock.withLock {
            defer { entries = [:] }
            return Array(entries.values)
        }
    }
}
