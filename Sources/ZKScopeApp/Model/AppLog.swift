import Foundation
import Glibc
import Logging
import PrivateFiles

/// The dashboard's log file, never the screen (ncurses owns the terminal while the dashboard runs), written
/// through swift-log: ``logger(label:)`` gives a `Logger` whose ``AppLogHandler`` appends here, so the client,
/// the monitor and the app log the same way a server-side Swift program does.
///
/// Lines are appended with a UTC timestamp, the level and the logger's label. The default file lives in the user's own state directory
/// (`$XDG_STATE_HOME/zkscope/`, else `~/.local/state/zkscope/`, created 0700), not at a predictable path in a
/// shared temporary directory, where another user could plant a symbolic link and make a root-run zkscope
/// append to any file. The file is opened without following a link (`O_NOFOLLOW`), created 0600, and refused
/// unless it is a regular file of this user with one link. A log that cannot be written never stops the
/// dashboard: ``problem`` says why, and ``reportProblems(to:)`` hands it to the status line.
public final class AppLog: @unchecked Sendable {
    private let lock = NSLock()
    private var descriptor: Int32
    private var currentProblem: String?
    private var onProblem: (@Sendable (String) -> Void)?
    /// Where the log is written (`nil` when there is no log, or it could not be opened).
    public let path: String?
    /// The lowest level written: `ZKSCOPE_LOG_LEVEL` (trace, debug, info, notice, warning, error, critical),
    /// else `info`.
    public let level: Logger.Level = AppLog.levelFromEnvironment()

    /// Opens (appending) or creates the log file at `path`; `nil` means no log (and no problem).
    public init(path: String?) {
        guard let path else {
            descriptor = -1
            self.path = nil
            return
        }
        switch Self.open(path) {
        case .success(let fd):
            descriptor = fd
            self.path = path
        case .failure(let refusal):
            descriptor = -1
            self.path = nil
            currentProblem = refusal.text
        }
    }

    /// Opens the default log (``defaultPath(environment:)``), creating its directory 0700 first.
    public static func openDefault(environment: [String: String] = ProcessInfo.processInfo.environment) -> AppLog {
        guard let path = defaultPath(environment: environment) else {
            return AppLog(failed: "no log: neither $XDG_STATE_HOME nor a home directory is set")
        }
        let directory = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        if let problem = PrivateDirectory.prepare(directory, label: "log directory") { return AppLog(failed: problem) }
        return AppLog(path: path)
    }

    private init(failed problem: String) {
        descriptor = -1
        path = nil
        currentProblem = problem
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// The default location: `$XDG_STATE_HOME/zkscope/zkscope.log` (an absolute `XDG_STATE_HOME` only, as the
    /// XDG spec says), else `$HOME/.local/state/zkscope/zkscope.log`, else the account's home directory's.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        StateHome.directory(environment: environment).map { $0 + "/zkscope.log" }
    }

    /// Why the log is not being written (it could not be opened, or the last write failed); nil while it works.
    public var problem: String? { lock.withLock { currentProblem } }

    /// Calls `handler` with the current problem, if any, and with every new one (the first failed write after
    /// a good one), so the dashboard can say it in its status line.
    public func reportProblems(to handler: @escaping @Sendable (String) -> Void) {
        let now = lock.withLock {
            onProblem = handler
            return currentProblem
        }
        if let now { handler(now) }
    }

    /// A logger whose events go to this file (``AppLogHandler``), from ``level`` up.
    public func logger(label: String) -> Logger {
        var logger = Logger(label: label) { label in AppLogHandler(label: label, file: self) }
        logger.logLevel = level
        return logger
    }

    /// Appends one `info` line as the `zkscope` logger, for callers that do not hold a `Logger`.
    public func write(_ message: String) {
        logger(label: "zkscope").info("\(message)")
    }

    /// The level named by `ZKSCOPE_LOG_LEVEL`, else `info`.
    public static func levelFromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Logger.Level {
        environment["ZKSCOPE_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .info
    }

    /// Appends one formatted line (``AppLogHandler`` made it); a failed write becomes ``problem``.
    func append(_ text: String) {
        let line = Array(text.utf8)
        let report: (String, @Sendable (String) -> Void)? = lock.withLock {
            guard descriptor >= 0 else { return nil }
            let failure = line.withUnsafeBytes { Self.writeAll(descriptor, $0) }
            guard let failure else {
                currentProblem = nil
                return nil
            }
            let isNew = currentProblem == nil
            currentProblem = "log \(path ?? ""): cannot write: \(failure)"
            guard isNew, let onProblem, let currentProblem else { return nil }
            return (currentProblem, onProblem)
        }
        if let (text, handler) = report { handler(text) }
    }

    // MARK: - Opening safely

    /// Opens `path` for appending as a ``PrivateFile`` (no final link followed; only a regular file of this
    /// user with a single link).
    static func open(_ path: String) -> Result<Int32, PrivateFile.Refusal> {
        PrivateFile.open(path, flags: O_WRONLY | O_APPEND | O_CREAT, label: "log")
    }

    private static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> String? {
        var offset = 0
        var attempts = 0
        while offset < bytes.count, attempts < 100 {
            attempts += 1
            let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return String(cString: strerror(errno))
            }
            offset += written
        }
        return offset < bytes.count ? "short write" : nil
    }
}
