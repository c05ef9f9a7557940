/// Path rules and chroot mapping.
///
/// Checked on the client so a malformed path fails fast with `badArguments` instead of costing a
/// round trip (or, for some malformed paths, getting the connection closed by the server).
public enum ZNodePath {
    /// Whether `path` is a valid znode path: absolute, no empty or `.`/`..` components, no NUL,
    /// no trailing slash (unless `allowTrailingSlash`, used for sequential-create prefixes).
    public static func isValid(_ path: String, allowTrailingSlash: Bool = false) -> Bool {
        let bytes = Array(path.utf8)
        guard bytes.first == UInt8(ascii: "/") else { return false }
        if bytes.count == 1 { return true }
        if bytes.last == UInt8(ascii: "/") && !allowTrailingSlash { return false }
        if bytes.contains(0) { return false }
        var componentStart = 1
        for index in 1...bytes.count {
            if index == bytes.count || bytes[index] == UInt8(ascii: "/") {
                let length = index - componentStart
                if length == 0 && index != bytes.count { return false }
                if length == 1 && bytes[componentStart] == UInt8(ascii: ".") { return false }
                if length == 2 && bytes[componentStart] == UInt8(ascii: ".")
                    && bytes[componentStart + 1] == UInt8(ascii: ".")
                {
                    return false
                }
                componentStart = index + 1
            }
        }
        return true
    }

    /// Joins a parent path and a child name.
    public static func join(_ parent: String, _ child: String) -> String {
        parent == "/" ? "/" + child : parent + "/" + child
    }

    /// The parent of a path ("/" for top-level nodes and for "/").
    public static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }

    /// The last component of a path ("/" for the root).
    public static func name(of path: String) -> String {
        guard path != "/", let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// Every proper ancestor of a path, root first ("/a/b" → ["/", "/a"]).
    public static func ancestors(of path: String) -> [String] {
        var out: [String] = []
        var current = path
        while current != "/" {
            current = parent(of: current)
            out.append(current)
        }
        return out.reversed()
    }

    /// Whether `path` is a direct child of `parent`.
    public static func isChild(_ path: String, of parent: String) -> Bool {
        path != "/" && Self.parent(of: path) == parent
    }

    /// What a user typed, made absolute: a leading slash added, trailing and doubled slashes removed
    /// (`a//b/` → `/a/b`). Validity is still up to ``isValid(_:allowTrailingSlash:)``.
    public static func normalize(_ path: String) -> String {
        "/" + path.split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/")
    }
}

/// Adds and strips the chroot prefix.
struct Chroot: Sendable, Equatable {
    /// The prefix without a trailing slash; "" for none.
    let prefix: String

    /// Client path to server path.
    @inline(__always)
    func serverPath(_ path: String) -> String {
        if prefix.isEmpty { return path }
        return path == "/" ? prefix : prefix + path
    }

    /// Server path to client path; paths outside the chroot are returned unchanged.
    @inline(__always)
    func clientPath(_ path: String) -> String {
        if prefix.isEmpty { return path }
        if path == prefix { return "/" }
        if path.hasPrefix(prefix), path.utf8.dropFirst(prefix.utf8.count).first == UInt8(ascii: "/") {
            return String(path.dropFirst(prefix.count))
        }
        return path
    }
}
