import ZooKeeperClient

/// An in-memory copy of a znode subtree, compact enough to hold large trees in a dashboard: about
/// 110 bytes per node plus its name and data bytes (kazoo's dict of path -> (bytes, ZnodeStat) costs
/// ~660 bytes per node for 100-byte values).
///
/// The layout is a struct of arrays indexed by `NodeID`: no per-node objects and no path strings.
/// Names and data live in two byte arenas; the tree shape is four `Int32` links (parent, first child,
/// last child, next sibling), with siblings kept sorted by the UTF-8 bytes of their names, the order
/// `TreeWalker` emits them in; stats are stored as-is (72-byte stride). Paths are rebuilt on demand.
///
/// Replacing a node's data appends to the arena and removing nodes only unlinks them, so a mirror fed
/// by many updates grows until it is rebuilt from a fresh walk (`garbageBytes` says how much).
public struct TreeMirror: Sendable {
    /// A node's index in the mirror. The root is 0.
    public typealias NodeID = Int32

    /// "No node" in the link arrays.
    static let none: Int32 = -1

    /// The absolute path of the root node (the walked subtree).
    public let rootPath: String

    private var parents: [Int32] = []
    private var firstChild: [Int32] = []
    private var lastChild: [Int32] = []
    private var nextSibling: [Int32] = []
    private var nameStart: [UInt32] = []
    private var nameLength: [UInt32] = []
    private var dataStart: [Int] = []
    private var dataLength: [UInt32] = []
    private var stats: [Stat] = []
    private var flags: [UInt8] = []
    private var names: [UInt8] = []
    private var dataBytes: [UInt8] = []
    /// The path of the most recent `add` by depth, to find the parent of the next one in O(1).
    private var spine: [Int32] = []

    /// Live nodes.
    public private(set) var count = 0
    /// Arena bytes no live node uses any more (replaced data, removed nodes).
    public private(set) var garbageBytes = 0
    /// The highest zxid seen in any stat (czxid, mzxid or pzxid): the point in the member's history
    /// the mirror reflects at least.
    public private(set) var maxZxid: Int64 = 0

    private static let live: UInt8 = 1
    private static let hasData: UInt8 = 2
    private static let unreadable: UInt8 = 4

    /// An empty mirror of the subtree at `rootPath`.
    public init(rootPath: String = "/") {
        self.rootPath = rootPath
    }

    // MARK: - Building

    /// Adds an entry of a walk of `rootPath`, in walk order (pre-order, siblings sorted). Entries of
    /// other walks (a parent not yet added) are ignored and reported as `false`.
    @discardableResult
    public mutating func add(_ entry: TreeEntry) -> Bool {
        if entry.depth == 0 {
            guard stats.isEmpty, entry.path == rootPath else { return false }
            let id = appendNode(parent: TreeMirror.none, name: Array(entry.name.utf8), entry: entry)
            spine = [id]
            return true
        }
        guard entry.depth <= spine.count else { return false }
        let parent = spine[entry.depth - 1]
        let last = lastChild[Int(parent)]
        let name = Array(entry.name.utf8)
        if last != TreeMirror.none && !nameBytes(last).lexicographicallyPrecedes(name) {
            // Out of order (not a walk's output): take the general path.
            guard let id = insertChild(of: parent, name: name, entry: entry) else { return false }
            spine.removeLast(spine.count - entry.depth)
            spine.append(id)
            return true
        }
        let id = appendNode(parent: parent, name: name, entry: entry)
        spine.removeLast(spine.count - entry.depth)
        spine.append(id)
        return true
    }

    /// Sets a node's stat and data, creating it (and not its parents) if needed. Returns false when
    /// the parent is not in the mirror. For watch-driven updates of a mirror built by a walk.
    @discardableResult
    public mutating func upsert(path: String, stat: Stat, data: [UInt8]?) -> Bool {
        if let id = node(at: path) {
            setContent(id, stat: stat, data: data, error: false)
            return true
        }
        guard let (parentPath, name) = TreeMirror.split(path, under: rootPath), let parent = node(at: parentPath)
        else { return false }
        let entry = TreeEntry(path: path, name: name, depth: 0, isLastSibling: false, stat: stat, data: data)
        return insertChild(of: parent, name: Array(name.utf8), entry: entry) != nil
    }

    /// Removes a node and its subtree. Returns false if it was not there.
    @discardableResult
    public mutating func remove(path: String) -> Bool {
        guard let id = node(at: path) else { return false }
        let parent = parents[Int(id)]
        if parent != TreeMirror.none {
            var previous = TreeMirror.none
            var cursor = firstChild[Int(parent)]
            while cursor != TreeMirror.none && cursor != id {
                previous = cursor
                cursor = nextSibling[Int(cursor)]
            }
            if previous == TreeMirror.none {
                firstChild[Int(parent)] = nextSibling[Int(id)]
            } else {
                nextSibling[Int(previous)] = nextSibling[Int(id)]
            }
            if lastChild[Int(parent)] == id { lastChild[Int(parent)] = previous }
        }
        var stack = [id]
        while let node = stack.popLast() {
            let index = Int(node)
            flags[index] &= ~TreeMirror.live
            count -= 1
            garbageBytes += Int(nameLength[index]) + Int(dataLength[index])
            var child = firstChild[index]
            while child != TreeMirror.none {
                stack.append(child)
                child = nextSibling[Int(child)]
            }
        }
        spine = []
        return true
    }

    private mutating func appendNode(parent: Int32, name: [UInt8], entry: TreeEntry) -> Int32 {
        let id = Int32(stats.count)
        parents.append(parent)
        firstChild.append(TreeMirror.none)
        lastChild.append(TreeMirror.none)
        nextSibling.append(TreeMirror.none)
        nameStart.append(UInt32(truncatingIfNeeded: names.count))
        nameLength.append(UInt32(name.count))
        names.append(contentsOf: name)
        dataStart.append(dataBytes.count)
        dataLength.append(0)
        stats.append(Stat())
        flags.append(TreeMirror.live)
        count += 1
        setContent(id, stat: entry.stat, data: entry.data, error: entry.error != nil)
        if parent != TreeMirror.none {
            let last = lastChild[Int(parent)]
            if last == TreeMirror.none {
                firstChild[Int(parent)] = id
            } else {
                nextSibling[Int(last)] = id
            }
            lastChild[Int(parent)] = id
        }
        return id
    }

    /// Inserts a new child in sorted position (or updates the existing one of that name).
    private mutating func insertChild(of parent: Int32, name: [UInt8], entry: TreeEntry) -> Int32? {
        var previous = TreeMirror.none
        var cursor = firstChild[Int(parent)]
        while cursor != TreeMirror.none {
            let existing = nameBytes(cursor)
            if existing.elementsEqual(name) {
                setContent(cursor, stat: entry.stat, data: entry.data, error: entry.error != nil)
                return cursor
            }
            if name.lexicographicallyPrecedes(existing) { break }
            previous = cursor
            cursor = nextSibling[Int(cursor)]
        }
        // Append unlinked, then splice in after `previous`.
        let savedLast = lastChild[Int(parent)]
        let id = appendNode(parent: TreeMirror.none, name: name, entry: entry)
        parents[Int(id)] = parent
        if previous == TreeMirror.none {
            nextSibling[Int(id)] = firstChild[Int(parent)]
            firstChild[Int(parent)] = id
        } else {
            nextSibling[Int(id)] = nextSibling[Int(previous)]
            nextSibling[Int(previous)] = id
        }
        lastChild[Int(parent)] = cursor == TreeMirror.none ? id : savedLast
        return id
    }

    private mutating func setContent(_ id: Int32, stat: Stat?, data: [UInt8]?, error: Bool) {
        let index = Int(id)
        if let stat {
            stats[index] = stat
            maxZxid = max(maxZxid, stat.czxid, stat.mzxid, stat.pzxid)
        }
        if error { flags[index] |= TreeMirror.unreadable } else { flags[index] &= ~TreeMirror.unreadable }
        if let data {
            garbageBytes += Int(dataLength[index])
            dataStart[index] = dataBytes.count
            dataLength[index] = UInt32(truncatingIfNeeded: data.count)
            dataBytes.append(contentsOf: data)
            flags[index] |= TreeMirror.hasData
        }
    }

    // MARK: - Reading

    /// The root node, if the mirror holds one.
    public var root: NodeID? { stats.isEmpty || flags[0] & TreeMirror.live == 0 ? nil : 0 }

    /// Every node ID ever allocated (live or not); `isLive` tells which are in the tree.
    public var allocatedIDs: Range<Int32> { 0..<Int32(stats.count) }

    /// Whether the node is (still) in the tree.
    public func isLive(_ id: NodeID) -> Bool { flags[Int(id)] & TreeMirror.live != 0 }

    /// The node's stat (all zero for an unreadable node).
    public func stat(_ id: NodeID) -> Stat { stats[Int(id)] }

    /// The node's data (empty when the walk did not fetch data).
    public func data(_ id: NodeID) -> ArraySlice<UInt8> {
        let start = dataStart[Int(id)]
        return dataBytes[start..<start + Int(dataLength[Int(id)])]
    }

    /// Whether the mirror holds the node's data (walks without data keep only stats).
    public func hasData(_ id: NodeID) -> Bool { flags[Int(id)] & TreeMirror.hasData != 0 }

    /// Whether the walk could not read the node (e.g. noAuth).
    public func isUnreadable(_ id: NodeID) -> Bool { flags[Int(id)] & TreeMirror.unreadable != 0 }

    /// The node's name as bytes (the root's is its whole path).
    public func nameBytes(_ id: NodeID) -> ArraySlice<UInt8> {
        let start = Int(nameStart[Int(id)])
        return names[start..<start + Int(nameLength[Int(id)])]
    }

    /// The node's name.
    public func name(_ id: NodeID) -> String { String(decoding: nameBytes(id), as: UTF8.self) }

    /// The parent, nil for the root.
    public func parent(_ id: NodeID) -> NodeID? {
        let parent = parents[Int(id)]
        return parent == TreeMirror.none ? nil : parent
    }

    /// The children, sorted by name bytes.
    public func children(_ id: NodeID) -> [NodeID] {
        var result: [NodeID] = []
        var cursor = firstChild[Int(id)]
        while cursor != TreeMirror.none {
            result.append(cursor)
            cursor = nextSibling[Int(cursor)]
        }
        return result
    }

    /// Calls `body` for each child in name order, without allocating.
    public func forEachChild(_ id: NodeID, _ body: (NodeID) throws -> Void) rethrows {
        var cursor = firstChild[Int(id)]
        while cursor != TreeMirror.none {
            try body(cursor)
            cursor = nextSibling[Int(cursor)]
        }
    }

    /// The node's absolute path.
    public func path(_ id: NodeID) -> String {
        var components: [ArraySlice<UInt8>] = []
        var cursor = id
        while let parent = parent(cursor) {
            components.append(nameBytes(cursor))
            cursor = parent
        }
        var bytes = Array(rootPath.utf8)
        for component in components.reversed() {
            if bytes.last != UInt8(ascii: "/") { bytes.append(UInt8(ascii: "/")) }
            bytes.append(contentsOf: component)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The node at an absolute path, if the mirror holds it.
    public func node(at path: String) -> NodeID? {
        guard let root else { return nil }
        if path == rootPath { return root }
        let prefix = rootPath == "/" ? "/" : rootPath + "/"
        guard path.hasPrefix(prefix) else { return nil }
        var cursor = root
        for component in path.utf8.dropFirst(prefix.utf8.count).split(
            separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        {
            var found = TreeMirror.none
            var child = firstChild[Int(cursor)]
            while child != TreeMirror.none {
                if nameBytes(child).elementsEqual(component) {
                    found = child
                    break
                }
                child = nextSibling[Int(child)]
            }
            guard found != TreeMirror.none else { return nil }
            cursor = found
        }
        return cursor
    }

    /// Splits `path` into its parent path and last name, if it lies strictly under `root`.
    static func split(_ path: String, under root: String) -> (String, String)? {
        guard path != root, let slash = path.lastIndex(of: "/") else { return nil }
        let parent = slash == path.startIndex ? "/" : String(path[..<slash])
        let name = String(path[path.index(after: slash)...])
        guard !name.isEmpty, parent == root || parent.hasPrefix(root == "/" ? "/" : root + "/") else { return nil }
        return (parent, name)
    }

    /// Bytes the mirror's arrays use (capacity, not count): what it costs, give or take malloc.
    public var footprintBytes: Int {
        parents.capacity * 4 + firstChild.capacity * 4 + lastChild.capacity * 4 + nextSibling.capacity * 4
            + nameStart.capacity * 4 + nameLength.capacity * 4 + dataStart.capacity * 8 + dataLength.capacity * 4
            + stats.capacity * MemoryLayout<Stat>.stride + flags.capacity + names.capacity + dataBytes.capacity
    }
}

extension TreeMirror {
    /// Walks `walker`'s subtree into a new mirror.
    public static func load(_ walker: TreeWalker) async throws -> (TreeMirror, TreeWalkSummary) {
        var mirror = TreeMirror(rootPath: walker.options.root)
        let summary = try await walker.walk { entry in mirror.add(entry) }
        return (mirror, summary)
    }
}
