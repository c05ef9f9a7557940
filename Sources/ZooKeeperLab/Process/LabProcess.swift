import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A helper process beside a lab (a kazoo or Curator witness, a load generator), with its output in files.
///
/// Output goes to files rather than pipes, so a chatty long-running process never blocks on a full pipe.
/// The process is killed at exit of this process if nobody stopped it, like the lab's JVMs.
public final class LabProcess: @unchecked Sendable {
    /// The child's PID.
    public let pid: Int32
    /// The program that runs.
    public let executable: String
    /// Where its stdout goes.
    public let stdoutPath: String
    /// Where its stderr goes.
    public let stderrPath: String

    private let lock = NSLock()
    private var status: Int32?

    private init(pid: Int32, executable: String, stdoutPath: String, stderrPath: String) {
        self.pid = pid
        self.executable = executable
        self.stdoutPath = stdoutPath
        self.stderrPath = stderrPath
    }

    /// Starts `executable` (an absolute path) with stdin from /dev/null.
    public static func start(
        executable: String, arguments: [String], stdoutPath: String, stderrPath: String,
        environment: [String: String]? = nil
    ) throws -> LabProcess {
        let pid = try Spawner.spawn(
            executable: executable, arguments: arguments, stdoutPath: stdoutPath, stderrPath: stderrPath,
            newSession: false, environment: environment)
        CleanupRegistry.shared.registerHelper(pid: pid, executable: executable)
        return LabProcess(pid: pid, executable: executable, stdoutPath: stdoutPath, stderrPath: stderrPath)
    }

    /// The exit code once the process has ended: its exit status, or 128 + signal number if a signal killed it.
    public var exitCode: Int32? {
        reap()
        return lock.withLock { status }
    }

    /// Whether the process still runs.
    public var isRunning: Bool { exitCode == nil }

    /// Waits up to `timeout` for the process to end by itself; returns whether it did.
    public func waitForExit(timeout: Duration) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if !isRunning { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return !isRunning
    }

    /// SIGTERM, then SIGKILL after `timeout`; returns once the process is gone (or after 10 more seconds).
    public func terminate(timeout: Duration = .seconds(5)) async {
        guard isRunning else { return }
        ProcessControl.send(SIGCONT, to: pid)
        ProcessControl.send(SIGTERM, to: pid)
        if await waitForExit(timeout: timeout) { return }
        kill()
        _ = await waitForExit(timeout: .seconds(10))
    }

    /// SIGKILL at once.
    public func kill() {
        guard isRunning else { return }
        ProcessControl.send(SIGKILL, to: pid)
    }

    /// What the process wrote to stdout so far.
    public var standardOutput: String { LabProcess.read(stdoutPath) }
    /// What the process wrote to stderr so far.
    public var standardError: String { LabProcess.read(stderrPath) }

    private static func read(_ path: String) -> String {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    private func reap() {
        lock.withLock {
            guard status == nil else { return }
            var raw: Int32 = 0
            let result = waitpid(pid, &raw, WNOHANG)
            if result == pid {
                let signal = raw & 0x7f
                status = signal == 0 ? (raw >> 8) & 0xff : 128 + signal
            } else if result < 0, errno == ECHILD {
                status = -1
            } else {
                return
            }
            CleanupRegistry.shared.unregister(pid: pid)
        }
    }
}
