import Foundation
import Glibc
import Logging

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
        case .failure(let problem):
            descriptor = -1
            self.path = nil
            currentProblem = problem.text
        }
    }

    /// Opens the default log (``defaultPath(environment:)``), creating its directory 0700 first.
    public static func openDefault(environment: [String: String] = ProcessInfo.processInfo.environment) -> AppLog {
        guard let path = defaultPath(environment: environment) else {
            return AppLog(failed: "no log: neither $XDG_STATE_HOME nor a home directory is set")
        }
        let directory = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        if let problem = prepareDirectory(directory) { return AppLog(failed: problem) }
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
        var base: String
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            base = state
        } else if let home = environment["HOME"].flatMap({ $0.hasPrefix("/") ? $0 : nil }) ?? accountHome() {
            base = (home.hasSuffix("/") ? String(home.dropLast()) : home) + "/.local/state"
        } else {
            return nil
        }
        if base.hasSuffix("/") { base.removeLast() }
        return base + "/zkscope/zkscope.log"
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

    struct OpenProblem: Error {
        var text: String
    }

    /// Opens `path` for appending without following a final symbolic link; refuses anything but a regular
    /// file owned by this user with a single link (a hard link to another file is as bad as a symlink).
    static func open(_ path: String) -> Result<Int32, OpenProblem> {
        let flags = O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK
        let fd = Glibc.open(path, flags, 0o600)
        guard fd >= 0 else {
            let code = errno
            let reason =
                code == ELOOP
                ? "is a symbolic link (not followed)"
                : code == ENXIO ? "is not a regular file" : String(cString: strerror(code))
            return .failure(OpenProblem(text: "log \(path): cannot open: \(reason)"))
        }
        var status = stat()
        var refusal: String?
        if fstat(fd, &status) != 0 {
            refusal = String(cString: strerror(errno))
        } else if status.st_mode & S_IFMT != S_IFREG {
            refusal = "is not a regular file"
        } else if status.st_uid != geteuid() {
            refusal = "belongs to uid \(status.st_uid), not to this user"
        } else if status.st_nlink > 1 {
            refusal = "has \(status.st_nlink) hard links"
        }
        if let refusal {
            close(fd)
            return .failure(OpenProblem(text: "log \(path): not used: \(refusal)"))
        }
        return .success(fd)
    }

    /// Creates `directory` and its missing parents with mode 0700; the last one must be a real directory of
    /// this user that nobody else can write.
    static func prepareDirectory(_ directory: String) -> String? {
        var partial = ""
        for component in directory.split(separator: "/") {
            partial += "/" + component
            if mkdir(partial, 0o700) != 0 && errno != EEXIST {
                return "log directory \(partial): cannot create: \(String(cString: strerror(errno)))"
            }
        }
        var status = stat()
        guard lstat(directory, &status) == 0 else {
            return "log directory \(directory): \(String(cString: strerror(errno)))"
        }
        if status.st_mode & S_IFMT != S_IFDIR { return "log directory \(directory): not used: not a directory" }
        if status.st_uid != geteuid() {
            return "log directory \(directory): not used: belongs to uid \(status.st_uid)"
        }
        if status.st_mode & 0o022 != 0 {
            return "log directory \(directory): not used: others can write it (chmod 700 it)"
        }
        return nil
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

    private static func accountHome() -> String? {
        guard let entry = getpwuid(geteuid()), let directory = entry.pointee.pw_dir else { return nil }
        let home = String(cString: directory)
        return home.hasPrefix("/") ? home : nil
    }
}
