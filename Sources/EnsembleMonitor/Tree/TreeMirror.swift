import ZooKeeperClient

/// An in-memory copy of a znode subtree, compact enough to hold large trees in a dashboard: about
/// 100 bytes per node plus its name and data bytes (kazoo's dict of path -> (bytes, ZnodeStat) costs
/// ~660 bytes per node for 100-byte values).
///
/// The nodes live in a ``ZNodeStore`` holding data (the same store the dashboard's tree pane keeps its
/// nodes in): no per-node objects and no path strings, names and data in two byte arenas, children as
/// sorted ID lists in the order `TreeWalker` emits them. What the mirror adds is building from a walk in
/// O(1) per entry and watch-driven updates by path. Paths are rebuilt on demand.
///
/// Replacing a node's data appends to the arena and removing nodes only marks them dead, so a mirror fed
/// by many updates grows until it is rebuilt from a fresh walk (`garbageBytes` says how much).
public struct TreeMirror: Sendable {
    /// A node's index in the mirror. The root is 0.
    public typealias NodeID = ZNodeStore.NodeID

    /// The nodes.
    public private(set) var store: ZNodeStore
    /// The path of the most recent `add` by depth, to find the parent of the next one in O(1).
    private var spine: [NodeID] = []

    /// The absolute path of the root node (the walked subtree).
    public var rootPath: String { store.rootPath }
    /// Live nodes.
    public var count: Int { store.liveCount }
    /// Arena bytes no live node uses any more (replaced data, removed nodes).
    public var garbageBytes: Int { store.deadNameBytes + store.deadDataBytes }
    /// The highest zxid seen in any stat (czxid, mzxid or pzxid): the point in the member's history
    /// the mirror reflects at least.
    public var maxZxid: Int64 { store.maxZxid }

    /// An empty mirror of the subtree at `rootPath`.
    public init(rootPath: String = "/") {
        store = ZNodeStore(rootPath: rootPath, holdsData: true)
    }

    // MARK: - Building

    /// Adds an entry of a walk of `rootPath`, in walk order (pre-order, siblings sorted). Entries of
    /// other walks (a parent not yet added) are ignored and reported as `false`.
    @discardableResult
    public mutating func add(_ entry: TreeEntry) -> Bool {
        if entry.depth == 0 {
            guard store.allocatedCount == 0, entry.path == rootPath else { return false }
            let id = store.makeRoot()
            setContent(id, entry)
            spine = [id]
            return true
        }
        guard entry.depth <= spine.count else { return false }
        let id = store.insertChild(of: spine[entry.depth - 1], name: entry.name.utf8)
        setContent(id, entry)
        spine.removeLast(spine.count - entry.depth)
        spine.append(id)
        return true
    }

    /// Sets a node's stat and data, creating it (and not its parents) if needed. Returns false when
    /// the parent is not in the mirror. For watch-driven updates of a mirror built by a walk.
    @discardableResult
    public mutating func upsert(path: String, stat: Stat, data: [UInt8]?) -> Bool {
        let entry = TreeEntry(path: path, name: "", depth: 0, isLastSibling: false, stat: stat, data: data)
        if let id = store.node(at: path) {
            setContent(id, entry)
            return true
        }
        guard let (parentPath, name) = TreeMirror.split(path, under: rootPath), let parent = store.node(at: parentPath)
        else { return false }
        setContent(store.insertChild(of: parent, name: name.utf8), entry)
        return true
    }

    /// Removes a node and its subtree. Returns false if it was not there.
    @discardableResult
    public mutating func remove(path: String) -> Bool {
        guard let id = store.node(at: path) else { return false }
        spine = []
        return store.remove(id, includingRoot: true)
    }

    private mutating func setContent(_ id: NodeID, _ entry: TreeEntry) {
        if let stat = entry.stat { store.setStat(id, stat) }
        store.setUnreadable(id, entry.error != nil)
        if let data = entry.data { store.setData(id, data) }
    }

    // MARK: - Reading

    /// The root node, if the mirror holds one.
    public var root: NodeID? { store.root }

    /// Every node ID ever allocated (live or not); `isLive` tells which are in the tree.
    public var allocatedIDs: Range<Int32> { 0..<Int32(store.allocatedCount) }

    /// Whether the node is (still) in the tree.
    public func isLive(_ id: NodeID) -> Bool { store.isLive(id) }

    /// The node's stat (all zero for an unreadable node).
    public func stat(_ id: NodeID) -> Stat { store.stat(id) ?? Stat() }

    /// The node's data (empty when the walk did not fetch data).
    public func data(_ id: NodeID) -> ArraySlice<UInt8> { store.data(id) }

    /// Whether the mirror holds the node's data (walks without data keep only stats).
    public func hasData(_ id: NodeID) -> Bool { store.hasData(id) }

    /// Whether the walk could not read the node (e.g. noAuth).
    public func isUnreadable(_ id: NodeID) -> Bool { store.isUnreadable(id) }

    /// The node's name as bytes (empty for the root).
    public func nameBytes(_ id: NodeID) -> ArraySlice<UInt8> { store.nameBytes(id) }

    /// The node's name (the root's is its whole path).
    public func name(_ id: NodeID) -> String { store.name(id) }

    /// The parent, nil for the root.
    public func parent(_ id: NodeID) -> NodeID? { store.parent(id) }

    /// The children, sorted by name bytes.
    public func children(_ id: NodeID) -> [NodeID] { store.children(of: id) ?? [] }

    /// Calls `body` for each child in name order, without allocating.
    public func forEachChild(_ id: NodeID, _ body: (NodeID) throws -> Void) rethrows {
        try store.forEachChild(id, body)
    }

    /// The node's absolute path.
    public func path(_ id: NodeID) -> String { store.path(id) }

    /// The node at an absolute path, if the mirror holds it.
    public func node(at path: String) -> NodeID? { store.node(at: path) }

    /// Splits `path` into its parent path and last name, if it lies strictly under `root`.
    static func split(_ path: String, under root: String) -> (String, String)? {
        guard path != root, let slash = path.lastIndex(of: "/") else { return nil }
        let parent = slash == path.startIndex ? "/" : String(path[..<slash])
        let name = String(path[path.index(after: slash)...])
        guard !name.isEmpty, parent == root || parent.hasPrefix(root == "/" ? "/" : root + "/") else { return nil }
        return (parent, name)
    }

    /// Bytes the mirror's arrays use (capacity, not count): what it costs, give or take malloc.
    public var footprintBytes: Int { store.footprintBytes }
}

extension TreeMirror {
    /// Walks `walker`'s subtree into a new mirror.
    public static func load(_ walker: TreeWalker) async throws -> (TreeMirror, TreeWalkSummary) {
        var mirror = TreeMirror(rootPath: walker.options.root)
        let summary = try await walker.walk { entry in mirror.add(entry) }
        return (mirror, summary)
    }
}
