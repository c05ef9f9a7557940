import Foundation
import Glibc
import PrivateFiles

/// Where the timeline lives and how its directory and file are made safe, as ``AppLog`` treats the log: the
/// user's own state directory (``StateHome``, a ``PrivateDirectory``), the file a ``PrivateFile`` (created 0600
/// without following a link, refused unless it is this user's regular file with one link). A predictable path in
/// a shared directory would let another user plant a link that a root-run `serve` writes through.
public enum StateDirectory {
    /// The database's file name inside the state directory.
    public static let fileName = "timeline.sqlite"

    /// zkscope's state directory (``StateHome``); nil when there is no home at all.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        StateHome.directory(environment: environment)
    }

    /// The database file in `directory`.
    public static func databasePath(in directory: String) -> String {
        (directory.hasSuffix("/") ? String(directory.dropLast()) : directory) + "/" + fileName
    }

    /// Creates `directory` and its missing parents with mode 0700; the last one must be a real directory of
    /// this user that nobody else can write. Returns why not, nil when it is fine.
    static func prepare(_ directory: String) -> String? {
        PrivateDirectory.prepare(directory, label: "state directory")
    }

    /// Whether `path` exists (without following a final link).
    static func exists(_ path: String) -> Bool { PrivateFile.exists(path) }

    /// Creates the file 0600 when `create` and it is missing, or opens it; refuses a link, anything but a
    /// regular file, someone else's file and a file with several hard links. Returns why not, nil when fine.
    /// SQLite opens the file itself afterwards: this only makes sure the path is the user's own file.
    static func secureFile(_ path: String, create: Bool) -> String? {
        // Made by an older build or by hand, a readable timeline is tightened: it names hosts and findings.
        switch PrivateFile.open(
            path, flags: create ? O_RDWR | O_CREAT : O_RDONLY, label: "timeline database", tighten: create)
        {
        case .success(let fd):
            close(fd)
            return nil
        case .failure(let refusal):
            return refusal.text
        }
    }
}
