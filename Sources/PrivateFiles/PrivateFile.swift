import Glibc

/// Opens a file of this user's without being led to another one.
///
/// The final component is never followed when it is a symbolic link (`O_NOFOLLOW`), a created file gets mode
/// 0600, and the file is refused unless it is a regular file of this user with a single link (a hard link to
/// someone else's file is as bad as a symbolic one). Opening never blocks on a FIFO planted in its place.
public enum PrivateFile {
    /// Why a file was not opened: one line naming the file and the cause.
    public struct Refusal: Error, Sendable {
        /// "log /x/zkscope.log: cannot open: is a symbolic link (not followed)".
        public var text: String
    }

    /// Opens `path` with `flags` (`O_NOFOLLOW`, `O_CLOEXEC` and `O_NONBLOCK` are added); the reason of a refusal
    /// starts with `label` and the path. With `tighten`, a file that others may read or write (made by an older
    /// build, or by hand) is set to 0600 instead of refused.
    public static func open(_ path: String, flags: Int32, label: String, tighten: Bool = false) -> Result<
        Int32, Refusal
    > {
        let fd = Glibc.open(path, flags | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0o600)
        guard fd >= 0 else {
            let code = errno
            let reason =
                code == ELOOP
                ? "is a symbolic link (not followed)"
                : code == ENXIO ? "is not a regular file" : String(cString: strerror(code))
            return .failure(Refusal(text: "\(label) \(path): cannot open: \(reason)"))
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
        } else if tighten, status.st_mode & 0o077 != 0, fchmod(fd, 0o600) != 0 {
            refusal = "cannot chmod 600: \(String(cString: strerror(errno)))"
        }
        guard let refusal else { return .success(fd) }
        close(fd)
        return .failure(Refusal(text: "\(label) \(path): not used: \(refusal)"))
    }

    /// Whether something exists at `path` (a final link is not followed, so a dangling one exists too).
    public static func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }
}
