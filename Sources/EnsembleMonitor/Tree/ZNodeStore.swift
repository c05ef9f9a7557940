import ZooKeeperClient

/// The one compact store of znodes that both the monitor's `TreeMirror` (whole walked subtrees, hashed for
/// comparison) and the dashboard's tree pane (only what is expanded) keep their nodes in: a struct of arrays
/// indexed by ``NodeID``, with no per-node object and no path string.
///
/// Per node: a parent link, the name as an offset and length into one byte arena, the stat (72 bytes), a flag
/// byte, and, when the store holds data, an offset and length into a data arena: about 90 bytes plus the name
/// (a `[path: node]` dictionary costs about 1,000). A node whose children are known has them as a sorted
/// `[NodeID]` (by the UTF-8 bytes of their names, the order `TreeWalker` emits them in) in a small side table,
/// so a lookup by name is a binary search and a fresh listing of 100,000 names is merged into the previous one
/// in one linear pass. A node without an entry there is "not listed" (a collapsed pane node), which is not the
/// same as "listed, no children".
///
/// Removing nodes only marks them dead; ``compact()`` renumbers the live ones (parents before children, so
/// every child keeps a larger ID than its parent) and hands back the renumbering for side tables. Pure: no I/O.
public struct ZNodeStore: Sendable {
    /// A node's index in the store. The root is 0.
    public typealias NodeID = Int32

    /// "No node" in the parent links.
    static let none: Int32 = -1

    /// What a ``mergeChildren(of:sortedNames:)`` changed.
    public struct ChildMerge: Hashable, Sendable {
        /// Nodes created for names that were not children before, in name order.
        public var added: [NodeID] = []
        /// Children (with their subtrees) dropped because their names were not listed any more.
        public var removed = 0
    }

    /// The absolute path of the root node.
    public let rootPath: String
    /// Whether node data is kept (a mirror for comparison needs it; the tree pane reads data on demand).
    public let holdsData: Bool

    private var parents: [Int32] = []
    private var nameStart: [UInt32] = []
    private var nameLength: [UInt32] = []
    private var stats: [Stat] = []
    private var flags: [UInt8] = []
    private var names: [UInt8] = []
    private var dataStart: [Int] = []
    private var dataLength: [UInt32] = []
    private var dataBytes: [UInt8] = []
    /// Sorted children of every listed node.
    private var childLists: [NodeID: [NodeID]] = [:]

    /// Nodes in the tree.
    public private(set) var liveCount = 0
    /// Nodes removed since the last compaction (their slots are garbage).
    public private(set) var deadCount = 0
    /// Name bytes of dead nodes.
    public private(set) var deadNameBytes = 0
    /// Data bytes no live node uses any more (replaced data, removed nodes).
    public private(set) var deadDataBytes = 0
    /// The highest zxid in any stat stored (czxid, mzxid or pzxid).
    public private(set) var maxZxid: Int64 = 0

    private static let live: UInt8 = 1
    private static let hasStat: UInt8 = 2
    private static let hasData: UInt8 = 4
    private static let unreadable: UInt8 = 8

    /// An empty store of the subtree at `rootPath`; `holdsData` keeps node data in an arena.
    public init(rootPath: String = "/", holdsData: Bool = false) {
        self.rootPath = rootPath
        self.holdsData = holdsData
    }

    // MARK: - Shape

    /// The root node, once ``makeRoot()`` was called (and unless it was removed).
    public var root: NodeID? { stats.isEmpty || flags[0] & Self.live == 0 ? nil : 0 }

    /// Creates the root node if the store is empty; returns it.
    @discardableResult
    public mutating func makeRoot() -> NodeID {
        if stats.isEmpty { _ = appendNode(parent: Self.none, name: EmptyCollection()) }
        return 0
    }

    /// Slots allocated, live or dead: the size of any array indexed by ``NodeID``.
    public var allocatedCount: Int { stats.count }

    /// Whether `id` names a node in the tree (and not a removed one).
    public func isLive(_ id: NodeID) -> Bool {
        id >= 0 && Int(id) < flags.count && flags[Int(id)] & Self.live != 0
    }

    /// The parent, nil for the root.
    public func parent(_ id: NodeID) -> NodeID? {
        let parent = parents[Int(id)]
        return parent == Self.none ? nil : parent
    }

    /// The name's UTF-8 bytes (empty for the root).
    public func nameBytes(_ id: NodeID) -> ArraySlice<UInt8> {
        let start = Int(nameStart[Int(id)])
        return names[start..<start + Int(nameLength[Int(id)])]
    }

    /// The node's name (the root's is its whole path).
    public func name(_ id: NodeID) -> String {
        parents[Int(id)] == Self.none ? rootPath : String(decoding: nameBytes(id), as: UTF8.self)
    }

    /// How deep the node is (the root is 0).
    public func depth(_ id: NodeID) -> Int {
        var depth = 0
        var cursor = parents[Int(id)]
        while cursor != Self.none {
            depth += 1
            cursor = parents[Int(cursor)]
        }
        return depth
    }

    /// The node's absolute path, built from its ancestors' names.
    public func path(_ id: NodeID) -> String {
        var chain: [NodeID] = []
        var cursor = id
        while parents[Int(cursor)] != Self.none {
            chain.append(cursor)
            cursor = parents[Int(cursor)]
        }
        guard !chain.isEmpty else { return rootPath }
        var bytes = Array(rootPath.utf8)
        for node in chain.reversed() {
            if bytes.last != UInt8(ascii: "/") { bytes.append(UInt8(ascii: "/")) }
            bytes.append(contentsOf: nameBytes(node))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The node at an absolute path, if the store holds it.
    public func node(at path: String) -> NodeID? {
        guard let root else { return nil }
        if path == rootPath { return root }
        let prefix = rootPath == "/" ? "/" : rootPath + "/"
        guard path.hasPrefix(prefix) else { return nil }
        var cursor = root
        for component in path.utf8.dropFirst(prefix.utf8.count).split(
            separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        {
            guard let child = child(of: cursor, named: component) else { return nil }
            cursor = child
        }
        return cursor
    }

    // MARK: - Children

    /// The sorted children of a listed node; nil when its children are not known (not listed).
    public func children(of id: NodeID) -> [NodeID]? { childLists[id] }

    /// Whether the node's children are known.
    public func isListed(_ id: NodeID) -> Bool { childLists[id] != nil }

    /// Calls `body` for each child in name order, without allocating.
    public func forEachChild(_ id: NodeID, _ body: (NodeID) throws -> Void) rethrows {
        guard let children = childLists[id] else { return }
        for child in children { try body(child) }
    }

    /// The child of `parent` with this name, by binary search in the sorted child list.
    public func child(of parent: NodeID, named name: some Collection<UInt8>) -> NodeID? {
        guard let children = childLists[parent] else { return nil }
        let (slot, found) = position(of: name, in: children)
        return found ? children[slot] : nil
    }

    /// Where `name` is (or would go) in a sorted child list, by binary search.
    private func position(of name: some Collection<UInt8>, in children: [NodeID]) -> (Int, Bool) {
        var low = 0
        var high = children.count
        while low < high {
            let middle = (low + high) / 2
            let order = Self.compare(nameBytes(children[middle]), name)
            if order == 0 { return (middle, true) }
            if order < 0 { low = middle + 1 } else { high = middle }
        }
        return (low, false)
    }

    /// The child of `parent` named `name`, created in sorted position if it is not there (the parent becomes
    /// listed). Appending in name order, as a walk does, costs one comparison.
    @discardableResult
    public mutating func insertChild(of parent: NodeID, name: some Collection<UInt8>) -> NodeID {
        var list = childLists.removeValue(forKey: parent) ?? []
        defer { childLists[parent] = list }
        if let last = list.last, Self.compare(nameBytes(last), name) >= 0 {
            let (slot, found) = position(of: name, in: list)
            if found { return list[slot] }
            let id = appendNode(parent: parent, name: name)
            list.insert(id, at: slot)
            return id
        }
        let id = appendNode(parent: parent, name: name)
        list.append(id)
        return id
    }

    /// Marks a node listed with no children yet (keeps a listed node's children).
    public mutating func markListed(_ id: NodeID) {
        if childLists[id] == nil { childLists[id] = [] }
    }

    /// Replaces the children of `parent` by `sortedNames` (sorted by UTF-8 bytes, see ``sortedByBytes(_:)``;
    /// duplicates and out-of-order names are skipped) in one pass over both lists: children that stay keep
    /// their ID, stat and listed subtree, new names get new nodes, the others are dropped.
    @discardableResult
    public mutating func mergeChildren(of parent: NodeID, sortedNames: [String]) -> ChildMerge {
        let old = childLists.removeValue(forKey: parent) ?? []
        var merged: [NodeID] = []
        merged.reserveCapacity(sortedNames.count)
        var change = ChildMerge()
        var gone: [NodeID] = []
        var i = 0
        var previous: String.UTF8View?
        for name in sortedNames {
            let bytes = name.utf8
            if let previous, Self.compare(previous, bytes) >= 0 { continue }  // duplicate or out of order
            previous = bytes
            while i < old.count, Self.compare(nameBytes(old[i]), bytes) < 0 {
                gone.append(old[i])
                i += 1
            }
            if i < old.count, Self.compare(nameBytes(old[i]), bytes) == 0 {
                merged.append(old[i])
                i += 1
            } else {
                let id = appendNode(parent: parent, name: bytes)
                merged.append(id)
                change.added.append(id)
            }
        }
        gone.append(contentsOf: old[i...])
        childLists[parent] = merged
        for id in gone { free(id) }
        change.removed = gone.count
        return change
    }

    /// Forgets the node's children (and their subtrees): it is not listed any more.
    public mutating func dropChildren(of id: NodeID) {
        guard let children = childLists.removeValue(forKey: id) else { return }
        for child in children { free(child) }
    }

    /// Removes a node and its subtree; the root stays unless `includingRoot`. Returns whether it was there.
    @discardableResult
    public mutating func remove(_ id: NodeID, includingRoot: Bool = false) -> Bool {
        guard isLive(id) else { return false }
        guard let parent = parent(id) else {
            guard includingRoot else { return false }
            free(id)
            return true
        }
        if var children = childLists.removeValue(forKey: parent) {
            let (slot, found) = position(of: nameBytes(id), in: children)
            if found, children[slot] == id { children.remove(at: slot) }
            childLists[parent] = children
        }
        free(id)
        return true
    }

    private mutating func appendNode(parent: Int32, name: some Collection<UInt8>) -> NodeID {
        let id = Int32(truncatingIfNeeded: stats.count)
        parents.append(parent)
        nameStart.append(UInt32(truncatingIfNeeded: names.count))
        nameLength.append(UInt32(truncatingIfNeeded: name.count))
        names.append(contentsOf: name)
        stats.append(Stat())
        flags.append(Self.live)
        if holdsData {
            dataStart.append(dataBytes.count)
            dataLength.append(0)
        }
        liveCount += 1
        return id
    }

    /// Marks a node and its listed subtree dead (the caller unlinks it from its parent).
    private mutating func free(_ id: NodeID) {
        var stack = [id]
        while let node = stack.popLast() {
            let index = Int(node)
            guard flags[index] & Self.live != 0 else { continue }
            flags[index] = 0
            liveCount -= 1
            deadCount += 1
            deadNameBytes += Int(nameLength[index])
            if holdsData { deadDataBytes += Int(dataLength[index]) }
            if let children = childLists.removeValue(forKey: node) { stack.append(contentsOf: children) }
        }
    }

    // MARK: - Content

    /// The node's stat, once known.
    public func stat(_ id: NodeID) -> Stat? {
        flags[Int(id)] & Self.hasStat != 0 ? stats[Int(id)] : nil
    }

    /// Records the node's stat.
    public mutating func setStat(_ id: NodeID, _ stat: Stat) {
        stats[Int(id)] = stat
        flags[Int(id)] |= Self.hasStat
        maxZxid = max(maxZxid, stat.czxid, stat.mzxid, stat.pzxid)
    }

    /// Replaces the node's data (kept only when the store ``holdsData``; the old bytes become garbage).
    public mutating func setData(_ id: NodeID, _ data: [UInt8]) {
        guard holdsData else { return }
        let index = Int(id)
        deadDataBytes += Int(dataLength[index])
        dataStart[index] = dataBytes.count
        dataLength[index] = UInt32(truncatingIfNeeded: data.count)
        dataBytes.append(contentsOf: data)
        flags[index] |= Self.hasData
    }

    /// The node's data (empty when not held).
    public func data(_ id: NodeID) -> ArraySlice<UInt8> {
        guard holdsData else { return [] }
        let start = dataStart[Int(id)]
        return dataBytes[start..<start + Int(dataLength[Int(id)])]
    }

    /// Whether the store holds the node's data.
    public func hasData(_ id: NodeID) -> Bool { flags[Int(id)] & Self.hasData != 0 }

    /// Whether the node could not be read (e.g. noAuth).
    public func isUnreadable(_ id: NodeID) -> Bool { flags[Int(id)] & Self.unreadable != 0 }

    /// Records whether the node could be read.
    public mutating func setUnreadable(_ id: NodeID, _ unreadable: Bool) {
        if unreadable { flags[Int(id)] |= Self.unreadable } else { flags[Int(id)] &= ~Self.unreadable }
    }

    // MARK: - Compaction

    /// Rebuilds the arrays with only the live nodes, in depth-first order (the root stays 0, parents come
    /// before their children). Returns the new ID of every old one (-1 for dead ones), for side tables;
    /// every ``NodeID`` held outside is invalid afterwards.
    @discardableResult
    public mutating func compact() -> [NodeID] {
        guard root != nil else { return [] }
        var newID = [Int32](repeating: Self.none, count: stats.count)
        var order: [NodeID] = []
        order.reserveCapacity(liveCount)
        var stack: [NodeID] = [0]
        while let node = stack.popLast() {
            newID[Int(node)] = Int32(truncatingIfNeeded: order.count)
            order.append(node)
            if let children = childLists[node] { stack.append(contentsOf: children.reversed()) }
        }
        var moved = ZNodeStore(rootPath: rootPath, holdsData: holdsData)
        moved.parents.reserveCapacity(order.count)
        moved.nameStart.reserveCapacity(order.count)
        moved.nameLength.reserveCapacity(order.count)
        moved.stats.reserveCapacity(order.count)
        moved.flags.reserveCapacity(order.count)
        moved.names.reserveCapacity(max(0, names.count - deadNameBytes))
        if holdsData {
            moved.dataStart.reserveCapacity(order.count)
            moved.dataLength.reserveCapacity(order.count)
            moved.dataBytes.reserveCapacity(max(0, dataBytes.count - deadDataBytes))
        }
        for node in order {
            let index = Int(node)
            let parent = parents[index]
            moved.parents.append(parent == Self.none ? Self.none : newID[Int(parent)])
            moved.nameStart.append(UInt32(truncatingIfNeeded: moved.names.count))
            moved.nameLength.append(nameLength[index])
            moved.names.append(contentsOf: nameBytes(node))
            moved.stats.append(stats[index])
            moved.flags.append(flags[index])
            if holdsData {
                moved.dataStart.append(moved.dataBytes.count)
                moved.dataLength.append(dataLength[index])
                moved.dataBytes.append(contentsOf: data(node))
            }
        }
        moved.childLists.reserveCapacity(childLists.count)
        for (node, children) in childLists where newID[Int(node)] != Self.none {
            moved.childLists[newID[Int(node)]] = children.map { newID[Int($0)] }
        }
        moved.liveCount = order.count
        moved.maxZxid = maxZxid
        self = moved
        return newID
    }

    /// Bytes the store's arrays use (capacity, not count), give or take malloc headers.
    public var footprintBytes: Int {
        var bytes =
            parents.capacity * 4 + nameStart.capacity * 4 + nameLength.capacity * 4
            + stats.capacity * MemoryLayout<Stat>.stride + flags.capacity + names.capacity
            + dataStart.capacity * 8 + dataLength.capacity * 4 + dataBytes.capacity
        bytes += childLists.capacity * (MemoryLayout<NodeID>.stride + MemoryLayout<[NodeID]>.stride)
        for children in childLists.values { bytes += children.capacity * 4 }
        return bytes
    }

    // MARK: - Names

    /// Orders two names by their UTF-8 bytes (-1, 0, 1): the order child lists are kept in.
    public static func compare(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Int {
        var left = a.makeIterator()
        var right = b.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let x?, let y?):
                if x != y { return x < y ? -1 : 1 }
            }
        }
    }

    /// `names` sorted by UTF-8 bytes (a listing sorted by `String` order is usually already sorted and
    /// is then only checked, in one pass).
    public static func sortedByBytes(_ names: [String]) -> [String] {
        var ordered = true
        var index = 1
        while index < names.count {
            if compare(names[index - 1].utf8, names[index].utf8) > 0 {
                ordered = false
                break
            }
            index += 1
        }
        return ordered ? names : names.sorted { compare($0.utf8, $1.utf8) < 0 }
    }
}
