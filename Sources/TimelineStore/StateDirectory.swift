import Foundation
import Glibc

/// Where the timeline lives and how its directory and file are made safe, as ``AppLog`` treats the log: the
/// user's own state directory (created 0700, refused when someone else owns it or others can write it), the
/// file created 0600 without following a link and refused unless it is this user's regular file with one link.
/// A predictable path in a shared directory would let another user plant a link that a root-run `serve` writes
/// through.
public enum StateDirectory {
    /// The database's file name inside the state directory.
    public static let fileName = "timeline.sqlite"

    /// `$XDG_STATE_HOME/zkscope` (an absolute `XDG_STATE_HOME` only, as the XDG spec says), else
    /// `$HOME/.local/state/zkscope`, else the account's home directory's; nil when there is no home at all.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        var base: String
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            base = state
        } else if let home = environment["HOME"].flatMap({ $0.hasPrefix("/") ? $0 : nil }) ?? accountHome() {
            base = (home.hasSuffix("/") ? String(home.dropLast()) : home) + "/.local/state"
        } else {
            return nil
        }
        while base.count > 1, base.hasSuffix("/") { base.removeLast() }
        return base + "/zkscope"
    }

    /// The database file in `directory`.
    public static func databasePath(in directory: String) -> String {
        (directory.hasSuffix("/") ? String(directory.dropLast()) : directory) + "/" + fileName
    }

    /// Creates `directory` and its missing parents with mode 0700; the last one must be a real directory of
    /// this user that nobody else can write. Returns why not, nil when it is fine.
    static func prepare(_ directory: String) -> String? {
        var partial = directory.hasPrefix("/") ? "" : "."
        for component in directory.split(separator: "/") {
            partial += "/" + component
            if mkdir(partial, 0o700) != 0 && errno != EEXIST {
                return "state directory \(partial): cannot create: \(String(cString: strerror(errno)))"
            }
        }
        return check(directory)
    }

    /// Why `directory` is not a safe state directory (not a directory, someone else's, writable by others).
    static func check(_ directory: String) -> String? {
        var status = stat()
        guard lstat(directory, &status) == 0 else {
            return "state directory \(directory): \(String(cString: strerror(errno)))"
        }
        if status.st_mode & S_IFMT != S_IFDIR { return "state directory \(directory): not used: not a directory" }
        if status.st_uid != geteuid() {
            return "state directory \(directory): not used: belongs to uid \(status.st_uid), not to this user"
        }
        if status.st_mode & 0o022 != 0 {
            return "state directory \(directory): not used: others can write it (chmod 700 \(directory))"
        }
        return nil
    }

    /// Whether `path` exists (without following a final link).
    static func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }

    /// Creates the file 0600 when `create` and it is missing, or opens it; refuses a link, anything but a
    /// regular file, someone else's file and a file with several hard links. Returns why not, nil when fine.
    static func secureFile(_ path: String, create: Bool) -> String? {
        let flags = (create ? O_RDWR | O_CREAT : O_RDONLY) | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK
        let fd = Glibc.open(path, flags, 0o600)
        guard fd >= 0 else {
            let code = errno
            let reason =
                code == ELOOP
                ? "is a symbolic link (not followed)"
                : code == ENXIO ? "is not a regular file" : String(cString: strerror(code))
            return "timeline database \(path): cannot open: \(reason)"
        }
        defer { close(fd) }
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
        } else if create, status.st_mode & 0o077 != 0 {
            // Made by an older build or by hand: the timeline names hosts and findings, keep it private.
            if fchmod(fd, 0o600) != 0 { refusal = "cannot chmod 600: \(String(cString: strerror(errno)))" }
        }
        return refusal.map { "timeline database \(path): not used: \($0)" }
    }

    private static func accountHome() -> String? {
        guard let entry = getpwuid(geteuid()), let directory = entry.pointee.pw_dir else { return nil }
        let home = String(cString: directory)
        return home.hasPrefix("/") ? home : nil
    }
}
