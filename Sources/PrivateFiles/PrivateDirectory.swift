import Glibc

/// A directory only this user can write, for files another user must not be able to swap for a link.
///
/// Created with mode 0700 (with its missing parents); an existing one is used only when it is a real directory
/// (not a link to one), belongs to this user and nobody else can write it.
public enum PrivateDirectory {
    /// Creates `directory` as needed and checks it; returns why it cannot be used, nil when it can. The reason
    /// starts with `label` and the path ("state directory /x: not used: others can write it (chmod 700 /x)").
    public static func prepare(_ directory: String, label: String) -> String? {
        var partial = directory.hasPrefix("/") ? "" : "."
        for component in directory.split(separator: "/") {
            partial += "/" + component
            if mkdir(partial, 0o700) != 0 && errno != EEXIST {
                return "\(label) \(partial): cannot create: \(String(cString: strerror(errno)))"
            }
        }
        return check(directory, label: label)
    }

    /// Why `directory` is not a safe private directory (missing, not a directory, someone else's, writable by
    /// others), nil when it is one.
    static func check(_ directory: String, label: String) -> String? {
        var status = stat()
        guard lstat(directory, &status) == 0 else {
            return "\(label) \(directory): \(String(cString: strerror(errno)))"
        }
        if status.st_mode & S_IFMT != S_IFDIR { return "\(label) \(directory): not used: not a directory" }
        if status.st_uid != geteuid() {
            return "\(label) \(directory): not used: belongs to uid \(status.st_uid), not to this user"
        }
        if status.st_mode & 0o022 != 0 {
            return "\(label) \(directory): not used: others can write it (chmod 700 \(directory))"
        }
        return nil
    }
}
