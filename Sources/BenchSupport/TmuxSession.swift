import Foundation

/// The real binary running full screen in a private tmux server, for the dashboard benchmarks: what a user sees is
/// read back with `capture-pane`, keys go in with `send-keys`, and the process is found by its PID.
///
/// Every tmux call has a deadline, and ``close()`` stops the program by its PID as well as the server, so a
/// benchmark that fails half way never leaves a dashboard polling the lab.
public final class TmuxSession {
    /// The tmux socket name (`tmux -L`), unique to this process.
    public let socket: String
    /// The program's PID (the pane's process), once started.
    public private(set) var pid: Int32?
    private let outputPath: String

    /// The tmux binary; nil when it is not installed.
    public static var executable: String? {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") ? "/usr/bin/tmux" : nil
    }

    /// Starts `command` (a shell command line) in a detached `width`×`height` session.
    public init?(command: String, width: Int, height: Int) {
        guard Self.executable != nil else { return nil }
        socket = "zkscope-bench-\(getpid())"
        // Output goes through a file: a pipe would stay open in the tmux server that new-session forks.
        outputPath = NSTemporaryDirectory() + "\(socket).out"
        _ = run(["new-session", "-d", "-s", "b", "-x", String(width), "-y", String(height), command])
        pid = Int32(
            run(["list-panes", "-t", "b", "-F", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines))
        if pid == nil { close() }
        guard pid != nil else { return nil }
    }

    /// The screen as text.
    public func capture() -> String { run(["capture-pane", "-p", "-t", "b"]) }

    /// Types keys (tmux key names or literal text).
    public func sendKeys(_ keys: String...) { _ = run(["send-keys", "-t", "b"] + keys) }

    /// Captures until `predicate` holds or `seconds` pass; returns the matching screen.
    public func wait(seconds: Double, _ predicate: (String) -> Bool) -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            let screen = capture()
            if predicate(screen) { return screen }
            usleep(2_000)
        } while Date() < deadline
        return nil
    }

    /// Stops the program (SIGTERM by PID) and the tmux server.
    public func close() {
        if let pid { kill(pid, SIGTERM) }
        pid = nil
        _ = run(["kill-server"])
        try? FileManager.default.removeItem(atPath: outputPath)
    }

    /// Runs one tmux command with a 10 s deadline and returns its standard output.
    @discardableResult
    public func run(_ arguments: [String]) -> String {
        guard let executable = Self.executable else { return "" }
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        guard let output = FileHandle(forWritingAtPath: outputPath) else { return "" }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-L", socket] + arguments
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try? process.run()
        // Not waitUntilExit(): from an async context on Linux it can wait forever; poll with a deadline.
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { usleep(1_000) }
        if process.isRunning { process.terminate() }
        try? output.close()
        return (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }
}
