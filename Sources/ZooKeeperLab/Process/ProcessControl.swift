import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Signals, liveness and exit waits for processes known only by PID.
///
/// Our own children must be reaped (`waitpid`), or a dead JVM lingers as a zombie that still answers
/// `kill(pid, 0)`; processes of a detached lab are not our children and are watched through `/proc`.
enum ProcessControl {
    /// Sends a signal; false if the process does not exist (or is not ours to signal).
    @discardableResult
    static func send(_ signal: Int32, to pid: pid_t) -> Bool {
        guard pid > 0 else { return false }
        return kill(pid, signal) == 0
    }

    /// Whether the process still runs (reaping it first if it is our exited child).
    static func isAlive(_ pid: pid_t) -> Bool {
        guard pid > 0 else { return false }
        var status: Int32 = 0
        let reaped = waitpid(pid, &status, WNOHANG)
        if reaped == pid { return false }
        // Our child that has not finished exiting. Only waitpid knows: while a killed JVM tears down,
        // its main thread already shows as a zombie but other threads still hold the listening sockets.
        if reaped == 0 { return true }
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        // Not our child (a detached lab): a zombie whose other threads are all gone has exited for good.
        if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        {
            let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
            let threads = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task").count) ?? 0
            if state == "Z" || state == "X", threads <= 1 { return false }
        }
        return true
    }

    /// Polls until the process is gone or the deadline passes; returns whether it is gone.
    static func waitForExit(_ pid: pid_t, timeout: Duration) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if !isAlive(pid) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return !isAlive(pid)
    }

    /// Blocking variant for exit handlers, where no async context exists.
    static func waitForExitBlocking(_ pid: pid_t, timeout: Duration) -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if !isAlive(pid) { return true }
            usleep(20_000)
        }
        return !isAlive(pid)
    }

    /// The process's argv as recorded by the kernel, or nil if unreadable (gone, or not Linux).
    static func commandLine(of pid: pid_t) -> [String]? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"), !data.isEmpty else {
            return nil
        }
        return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether `pid` is a JVM of the lab in `directory`: guards every kill by a PID read from a file,
    /// since the PID may have been reused by an unrelated process since.
    static func isLabJVM(_ pid: pid_t, directory: String) -> Bool {
        guard let argv = commandLine(of: pid), let first = argv.first else { return false }
        return first.hasSuffix("java") && argv.contains(JavaCommand.labMarker(directory: directory))
    }

    /// SIGTERM, wait up to `timeout`, then SIGKILL and wait again. A SIGSTOPped process is resumed
    /// first, since it cannot act on SIGTERM while stopped.
    static func terminate(_ pid: pid_t, timeout: Duration) async -> Bool {
        guard isAlive(pid) else { return true }
        send(SIGCONT, to: pid)
        send(SIGTERM, to: pid)
        if await waitForExit(pid, timeout: timeout) { return true }
        send(SIGKILL, to: pid)
        return await waitForExit(pid, timeout: .seconds(10))
    }
}
