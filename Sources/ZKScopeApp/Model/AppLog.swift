import Foundation

/// The dashboard's log: a file, never the screen (ncurses owns the terminal while the dashboard runs).
///
/// Lines are appended with a UTC timestamp; a log that cannot be opened is silently disabled, because failing
/// to log must never stop the dashboard.
public final class AppLog: @unchecked Sendable {
    private let lock = NSLock()
    private let handle: FileHandle?
    /// Where the log is written (`nil` when disabled).
    public let path: String?

    /// Opens (appending) or creates the log file.
    public init(path: String?) {
        guard let path else {
            self.handle = nil
            self.path = nil
            return
        }
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        let handle = FileHandle(forWritingAtPath: path)
        _ = try? handle?.seekToEnd()
        self.handle = handle
        self.path = handle == nil ? nil : path
    }

    /// The default location: `$TMPDIR/zkscope-<uid>.log`.
    public static func defaultPath() -> String {
        let directory = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return (directory.hasSuffix("/") ? directory : directory + "/") + "zkscope-\(getuid()).log"
    }

    /// Appends one line.
    public func write(_ message: String) {
        guard let handle else { return }
        let line = "\(Date().ISO8601Format()) \(message)\n"
        lock.withLock { try? handle.write(contentsOf: Data(line.utf8)) }
    }
}
