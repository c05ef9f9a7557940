import Foundation
import ZooKeeperLab

/// What a finished witness (kazoo script, Curator program) did: exit code and both output streams.
struct WitnessResult: Sendable, CustomStringConvertible {
    /// The exit status (128 + signal if killed; -1 if unknown).
    var exitCode: Int32
    /// Everything written to stdout.
    var stdout: String
    /// Everything written to stderr (kazoo logging, Java stack traces).
    var stderr: String
    /// Whether the deadline passed and the witness was killed.
    var timedOut: Bool

    /// Exit code 0 within the deadline.
    var succeeded: Bool { exitCode == 0 && !timedOut }

    /// stdout split into lines, without the empty last one: witnesses print one fact per line.
    var lines: [String] { stdout.split(separator: "\n").map(String.init) }

    /// Everything, for a test failure message.
    var description: String {
        "exit \(exitCode)\(timedOut ? " (timed out)" : "")\n--- stdout:\n\(stdout)\n--- stderr:\n\(stderr.suffix(4_000))"
    }
}

/// A witness running in the background (a kazoo session holding ephemerals, a Curator lock holder):
/// stop it by PID with `stop()`; it is also killed when the test process exits.
final class WitnessProcess: Sendable {
    /// The underlying process.
    let process: LabProcess
    /// The temp directory holding the script and output files; removed by `stop()`.
    let workDirectory: String

    init(process: LabProcess, workDirectory: String) {
        self.process = process
        self.workDirectory = workDirectory
    }

    /// The witness's PID.
    var pid: Int32 { process.pid }
    /// Whether it still runs.
    var isRunning: Bool { process.isRunning }
    /// stdout so far.
    var stdout: String { process.standardOutput }
    /// stderr so far.
    var stderr: String { process.standardError }

    /// Waits until stdout contains `marker` (a script prints e.g. "READY" once its session and znodes
    /// exist). Throws with the output so far if the witness exits first or the deadline passes.
    func waitForOutput(_ marker: String, timeout: Duration = .seconds(30)) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if stdout.contains(marker) { return }
            if !isRunning {
                if stdout.contains(marker) { return }
                throw LabError("witness \(pid) exited before printing \(marker)\n\(snapshot(timedOut: false))")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw LabError("witness \(pid) did not print \(marker) within \(timeout)\n\(snapshot(timedOut: true))")
    }

    /// Waits for the witness to exit by itself; kills it at the deadline.
    func wait(timeout: Duration = .seconds(60)) async -> WitnessResult {
        let exited = await process.waitForExit(timeout: timeout)
        if !exited { await process.terminate(timeout: .seconds(2)) }
        return finish(timedOut: !exited)
    }

    /// SIGTERM (then SIGKILL after `timeout`) and collects the output; removes the work directory.
    @discardableResult
    func stop(timeout: Duration = .seconds(5)) async -> WitnessResult {
        await process.terminate(timeout: timeout)
        return finish(timedOut: false)
    }

    /// SIGKILL: the client vanishes without closing its session (its ephemerals live until the timeout).
    func kill() async -> WitnessResult {
        process.kill()
        _ = await process.waitForExit(timeout: .seconds(10))
        return finish(timedOut: false)
    }

    private func snapshot(timedOut: Bool) -> WitnessResult {
        WitnessResult(exitCode: process.exitCode ?? -1, stdout: stdout, stderr: stderr, timedOut: timedOut)
    }

    private func finish(timedOut: Bool) -> WitnessResult {
        let result = snapshot(timedOut: timedOut)
        try? FileManager.default.removeItem(atPath: workDirectory)
        return result
    }
}

/// Shared plumbing of the witnesses: a private temp dir per run, output in files.
enum WitnessRunner {
    /// A fresh directory under the system temp dir.
    static func makeWorkDirectory(prefix: String) throws -> String {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        let path = base + "/\(prefix)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Starts `executable` with output into `workDirectory`.
    static func start(
        executable: String, arguments: [String], workDirectory: String, environment: [String: String]? = nil
    ) throws -> WitnessProcess {
        let process = try LabProcess.start(
            executable: executable, arguments: arguments, stdoutPath: workDirectory + "/stdout",
            stderrPath: workDirectory + "/stderr", environment: environment)
        return WitnessProcess(process: process, workDirectory: workDirectory)
    }
}
