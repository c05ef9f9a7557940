import Foundation
import ZooKeeperLab

/// kazoo's asynchronous walk of the same tree, as the yardstick: `get_async` and
/// `get_children_async` for every node, with at most `window` nodes in flight. Run with Debian's
/// python (/usr/bin/python3), the only one that has kazoo.
enum KazooWalk {
    static let script = """
        import sys, time
        from collections import deque
        from kazoo.client import KazooClient
        hosts, root, window = sys.argv[1], sys.argv[2], int(sys.argv[3])
        zk = KazooClient(hosts=hosts, timeout=30)
        zk.start(timeout=30)
        start = time.monotonic()
        pending = deque([root])
        inflight = deque()
        nodes = 0
        while pending or inflight:
            while pending and len(inflight) < window:
                path = pending.popleft()
                inflight.append((path, zk.get_async(path), zk.get_children_async(path)))
            path, data_call, children_call = inflight.popleft()
            data, stat = data_call.get(timeout=60)
            children = children_call.get(timeout=60)
            nodes += 1
            prefix = "" if path == "/" else path
            for child in children:
                pending.append(prefix + "/" + child)
        elapsed = time.monotonic() - start
        print("nodes=%d seconds=%.4f" % (nodes, elapsed))
        zk.stop()
        zk.close()
        """

    /// Walks `root` and returns (nodes, seconds) as timed inside the script (start-up excluded).
    static func walk(hosts: String, root: String, window: Int, timeout: Duration = .seconds(300)) async throws
        -> (nodes: Int, seconds: Double)
    {
        let output = try await run(script, arguments: [hosts, root, String(window)], timeout: timeout)
        var nodes = 0
        var seconds = 0.0
        for field in output.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            let parts = field.split(separator: "=")
            guard parts.count == 2 else { continue }
            if parts[0] == "nodes" { nodes = Int(parts[1]) ?? 0 }
            if parts[0] == "seconds" { seconds = Double(parts[1]) ?? 0 }
        }
        guard nodes > 0, seconds > 0 else { throw LabError("kazoo walk printed no result: \(output)") }
        return (nodes, seconds)
    }

    /// Runs a python script to completion and returns its stdout; killed at `timeout`.
    static func run(_ script: String, arguments: [String], timeout: Duration) async throws -> String {
        let work = NSTemporaryDirectory() + "zkscope-bench-kazoo-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        try Data(script.utf8).write(to: URL(fileURLWithPath: work + "/walk.py"))
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONPATH"] = nil
        environment["PYTHONHOME"] = nil
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        let process = try LabProcess.start(
            executable: "/usr/bin/python3", arguments: ["-u", work + "/walk.py"] + arguments,
            stdoutPath: work + "/stdout", stderrPath: work + "/stderr", environment: environment)
        if !(await process.waitForExit(timeout: timeout)) {
            await process.terminate(timeout: .seconds(2))
            throw LabError("kazoo walk did not finish within \(timeout)")
        }
        guard process.exitCode == 0 else {
            throw LabError("kazoo walk failed (exit \(process.exitCode ?? -1)): \(process.standardError.suffix(2_000))")
        }
        return process.standardOutput
    }
}
