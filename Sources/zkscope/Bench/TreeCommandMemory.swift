import Foundation
import ZooKeeperLab

/// Peak RSS of the real `zkscope tree` process streaming a subtree, to show that streaming keeps it flat
/// as the tree grows. The child reports its own `VmHWM` through a hidden flag.
enum TreeCommandMemory {
    /// Runs `zkscope tree --json --data ROOT` (stdout discarded) and returns its peak RSS in KiB.
    static func peakKiB(hosts: String, root: String, timeout: Duration = .seconds(300)) async throws -> Int {
        let executable =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
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
        let stderr = process.standardError
        guard process.exitCode == 0,
            let line = stderr.split(separator: "\n").first(where: { $0.hasPrefix("peak-rss-kib=") }),
            let value = Int(line.dropFirst("peak-rss-kib=".count))
        else {
            throw LabError("zkscope tree failed (exit \(process.exitCode ?? -1)): \(stderr.suffix(2_000))")
        }
        return value
    }
}
