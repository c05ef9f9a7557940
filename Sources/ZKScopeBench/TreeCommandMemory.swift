import BenchSupport
import EnsembleMonitor
import Foundation
import ZooKeeperLab

/// Peak RSS of the real `zkscope tree` process streaming a subtree, to show that streaming keeps it flat
/// as the tree grows. The child reports its own `VmHWM` through a hidden flag.
enum TreeCommandMemory {
    /// What one `zkscope tree` run cost.
    struct Cost {
        var peakKiB: Int
        var cpuMilliseconds: Int
        var wallSeconds: Double
    }

    /// Runs `zkscope tree --json --data ROOT` (stdout discarded) and returns its peak RSS in KiB, its
    /// CPU time and its wall time (process start to exit).
    static func measure(hosts: String, root: String, timeout: Duration = .seconds(300)) async throws -> Cost {
        let clock = ContinuousClock()
        let start = clock.now
        let executable = try ZKScopeBinary.path()
        let work = NSTemporaryDirectory() + "zkscope-bench-rss-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let process = try LabProcess.start(
            executable: executable,
            arguments: ["tree", "--servers", hosts, "--json", "--data", "--report-peak-rss", root],
            stdoutPath: "/dev/null", stderrPath: work + "/stderr")
        if !(await process.waitForExit(timeout: timeout)) {
            await process.terminate(timeout: .seconds(2))
            throw LabError("zkscope tree did not finish within \(timeout)")
        }
        let wall = (clock.now - start).seconds
        let stderr = process.standardError
        func value(_ key: String) -> Int? {
            stderr.split(separator: "\n").first { $0.hasPrefix(key + "=") }.flatMap { Int($0.dropFirst(key.count + 1)) }
        }
        guard process.exitCode == 0, let peak = value("peak-rss-kib"), let cpu = value("cpu-ms") else {
            throw LabError("zkscope tree failed (exit \(process.exitCode ?? -1)): \(stderr.suffix(2_000))")
        }
        return Cost(peakKiB: peak, cpuMilliseconds: cpu, wallSeconds: wall)
    }
}
