/// Path arithmetic on absolute znode paths, shared by the pane, its controller and the write flow.
extension TreePaneModel {
    /// `parent/name` without doubling the root slash.
    public static func join(_ parent: String, _ name: String) -> String {
        parent == "/" ? "/" + name : parent + "/" + name
    }

    /// The parent path ("/" for top-level nodes and the root).
    public static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }

    /// The last component ("/" for the root).
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

    /// Removes a trailing slash and doubled slashes.
    public static func normalize(_ path: String) -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        return "/" + parts.joined(separator: "/")
    }
}
