import ZooKeeperJute

/// The znodes the tree pane has loaded, as a struct of arrays: about 90 bytes per node plus its name,
/// where a `[String: node]` dictionary with path keys cost about 1,000.
///
/// A node is an `Int32` index (``NodeID``) into parallel arrays (parent link, name offset and length
/// into one byte arena, stat, flags); no per-node object and no path string is kept, paths are
/// rebuilt on demand for the few rows on screen and for requests. Only expanded nodes have children,
/// held as a sorted `[NodeID]` in a small dictionary (few nodes are expanded), so a listing of
/// 100,000 names is merged against the previous one in one linear pass.
///
/// Removing nodes only marks them dead; ``compactIfNeeded()`` renumbers the live nodes once garbage
/// outweighs them, so a pane that collapses and re-expands a big node forever stays bounded. IDs are
/// only stable between compactions.
public struct TreePaneStore: Sendable {
    /// A node's index in the store. The root is 0.
    public typealias NodeID = Int32

    /// "No node" in the parent links.
    static let none: Int32 = -1

    /// What the pane keeps for one expanded node.
    public struct Expansion: Hashable, Sendable {
        /// Child IDs sorted by the UTF-8 bytes of their names, once listed; nil while loading or deferred.
        public var children: [NodeID]?
        /// How many children are shown (paging of long lists).
        public var shown = 0
        /// Not listed because there are too many children; the user asks for the listing.
        public var deferred = false
    }

    /// What a ``mergeChildren(of:sortedNames:)`` changed.
    public struct ChildMerge: Hashable, Sendable {
        /// Nodes created for names that were not children before, in name order.
        public var added: [NodeID] = []
        /// Children (with their subtrees) dropped because their names were not listed any more.
        public var removed = 0
    }

    private var parents: [Int32] = []
    private var nameStart: [UInt32] = []
    private var nameLength: [UInt32] = []
    private var stats: [Stat] = []
    private var flags: [UInt8] = []
    private var names: [UInt8] = []
    /// State of expanded nodes only.
    public private(set) var expansions: [NodeID: Expansion] = [:]

    /// Nodes in the tree.
    public private(set) var liveCount = 0
    /// Nodes removed since the last compaction (their slots are garbage).
    public private(set) var deadCount = 0
    private var deadNameBytes = 0

    private static let live: UInt8 = 1
    private static let hasStat: UInt8 = 2

    /// Compaction waits until at least this many nodes are dead, so small trees never renumber.
    public static let compactionMinimum = 1024

    /// An empty store (no root yet).
    public init() {}

    // MARK: - Shape

    /// The root node, once ``makeRoot()`` was called.
    public var root: NodeID? { stats.isEmpty ? nil : 0 }

    /// Creates the root node (path `/`) if it is not there yet.
    public mutating func makeRoot() {
        guard stats.isEmpty else { return }
        _ = appendNode(parent: Self.none, name: EmptyCollection())
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

    /// The node's name (`/` for the root).
    public func name(_ id: NodeID) -> String {
        id == 0 ? "/" : String(decoding: nameBytes(id), as: UTF8.self)
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
        guard id != 0 else { return "/" }
        var chain: [NodeID] = []
        var cursor = id
        while cursor > 0 {
            chain.append(cursor)
            cursor = parents[Int(cursor)]
        }
        var bytes: [UInt8] = []
        for node in chain.reversed() {
            bytes.append(UInt8(ascii: "/"))
            bytes.append(contentsOf: nameBytes(node))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The node at an absolute path, if it is loaded (its parent expanded and listed).
    public func node(at path: String) -> NodeID? {
        guard root != nil else { return nil }
        var cursor: NodeID = 0
        for component in path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true) {
            guard let child = child(of: cursor, named: component) else { return nil }
            cursor = child
        }
        return cursor
    }

    /// The child of `parent` with this name, by binary search in the sorted child list.
    public func child(of parent: NodeID, named name: some Collection<UInt8>) -> NodeID? {
        guard let children = expansions[parent]?.children, let position = position(of: name, in: children) else {
            return nil
        }
        return children[position]
    }

    /// Where the child named `name` is in a sorted child list, by binary search.
    private func position(of name: some Collection<UInt8>, in children: [NodeID]) -> Int? {
        var low = 0
        var high = children.count
        while low < high {
            let middle = (low + high) / 2
            let order = Self.compare(nameBytes(children[middle]), name)
            if order == 0 { return middle }
            if order < 0 { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    // MARK: - Stats

    /// The node's stat, once known.
    public func stat(_ id: NodeID) -> Stat? {
        flags[Int(id)] & Self.hasStat != 0 ? stats[Int(id)] : nil
    }

    /// Records the node's stat.
    public mutating func setStat(_ id: NodeID, _ stat: Stat) {
        stats[Int(id)] = stat
        flags[Int(id)] |= Self.hasStat
    }

    // MARK: - Expansion

    /// Whether the node is expanded.
    public func isExpanded(_ id: NodeID) -> Bool { expansions[id] != nil }

    /// The expanded node's state.
    public func expansion(_ id: NodeID) -> Expansion? { expansions[id] }

    /// Marks the node expanded (children unknown until listed); keeps the state of an expanded one.
    public mutating func expand(_ id: NodeID) {
        if expansions[id] == nil { expansions[id] = Expansion() }
    }

    /// Sets how many children of an expanded node are shown.
    public mutating func setShown(_ id: NodeID, _ shown: Int) {
        expansions[id]?.shown = shown
    }

    /// Notes that the expanded node has too many children to list unasked: its children are dropped.
    public mutating func markDeferred(_ id: NodeID) {
        dropChildren(of: id)
        expansions[id, default: Expansion()].deferred = true
    }

    /// Collapses the node: its whole subtree is dropped, the node itself stays.
    public mutating func collapse(_ id: NodeID) {
        dropChildren(of: id)
        expansions[id] = nil
    }

    private mutating func dropChildren(of id: NodeID) {
        guard let children = expansions[id]?.children else { return }
        expansions[id]?.children = nil
        expansions[id]?.shown = 0
        for child in children { free(child) }
    }

    // MARK: - Children

    /// Replaces the children of `parent` (made expanded if it was not) by `sortedNames` (sorted by
    /// UTF-8 bytes, see ``sortedByBytes(_:)``) in one pass over both lists: children that stay keep
    /// their ID, stat and expanded subtree, new names get new nodes, the others are dropped.
    @discardableResult
    public mutating func mergeChildren(of parent: NodeID, sortedNames: [String]) -> ChildMerge {
        var state = expansions[parent] ?? Expansion()
        let old = state.children ?? []
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
        state.children = merged
        state.deferred = false
        expansions[parent] = state
        for id in gone { free(id) }
        change.removed = gone.count
        return change
    }

    /// Removes a node and its subtree from its parent's child list (not the root).
    public mutating func remove(_ id: NodeID) {
        guard id != 0, isLive(id), let parent = parent(id) else { return }
        if var state = expansions[parent], var children = state.children {
            if let position = position(of: nameBytes(id), in: children), children[position] == id {
                children.remove(at: position)
            }
            state.children = children
            state.shown = min(state.shown, children.count)
            expansions[parent] = state
        }
        free(id)
    }

    private mutating func appendNode(parent: Int32, name: some Collection<UInt8>) -> NodeID {
        let id = Int32(truncatingIfNeeded: stats.count)
        parents.append(parent)
        nameStart.append(UInt32(truncatingIfNeeded: names.count))
        nameLength.append(UInt32(truncatingIfNeeded: name.count))
        names.append(contentsOf: name)
        stats.append(Stat())
        flags.append(Self.live)
        liveCount += 1
        return id
    }

    /// Marks a node and its loaded subtree dead (the caller unlinks it from its parent).
    private mutating func free(_ id: NodeID) {
        var stack = [id]
        while let node = stack.popLast() {
            let index = Int(node)
            guard flags[index] & Self.live != 0 else { continue }
            flags[index] = 0
            liveCount -= 1
            deadCount += 1
            deadNameBytes += Int(nameLength[index])
            if let state = expansions.removeValue(forKey: node), let children = state.children {
                stack.append(contentsOf: children)
            }
        }
    }

    // MARK: - Compaction

    /// Renumbers the live nodes when dead ones outnumber them (and at least ``compactionMinimum`` are
    /// dead). Every ``NodeID`` held outside is invalid afterwards; returns whether that happened.
    @discardableResult
    public mutating func compactIfNeeded() -> Bool {
        guard deadCount >= Self.compactionMinimum, deadCount > liveCount else { return false }
        compact()
        return true
    }

    /// Rebuilds the arrays with only the live nodes, in depth-first order (the root stays 0).
    public mutating func compact() {
        guard root != nil else { return }
        var newID = [Int32](repeating: Self.none, count: stats.count)
        var order: [NodeID] = []
        order.reserveCapacity(liveCount)
        var stack: [NodeID] = [0]
        while let node = stack.popLast() {
            newID[Int(node)] = Int32(truncatingIfNeeded: order.count)
            order.append(node)
            if let children = expansions[node]?.children { stack.append(contentsOf: children.reversed()) }
        }
        var newParents: [Int32] = []
        var newStart: [UInt32] = []
        var newLength: [UInt32] = []
        var newStats: [Stat] = []
        var newFlags: [UInt8] = []
        var newNames: [UInt8] = []
        newParents.reserveCapacity(order.count)
        newStart.reserveCapacity(order.count)
        newLength.reserveCapacity(order.count)
        newStats.reserveCapacity(order.count)
        newFlags.reserveCapacity(order.count)
        newNames.reserveCapacity(max(0, names.count - deadNameBytes))
        for node in order {
            let index = Int(node)
            let parent = parents[index]
            newParents.append(parent == Self.none ? Self.none : newID[Int(parent)])
            newStart.append(UInt32(truncatingIfNeeded: newNames.count))
            newLength.append(nameLength[index])
            newNames.append(contentsOf: nameBytes(node))
            newStats.append(stats[index])
            newFlags.append(flags[index])
        }
        var newExpansions: [NodeID: Expansion] = [:]
        newExpansions.reserveCapacity(expansions.count)
        for (node, state) in expansions where newID[Int(node)] != Self.none {
            var moved = state
            moved.children = state.children.map { $0.map { newID[Int($0)] } }
            newExpansions[newID[Int(node)]] = moved
        }
        parents = newParents
        nameStart = newStart
        nameLength = newLength
        stats = newStats
        flags = newFlags
        names = newNames
        expansions = newExpansions
        liveCount = order.count
        deadCount = 0
        deadNameBytes = 0
    }

    /// Bytes the store's arrays use (capacity, not count), give or take malloc headers.
    public var footprintBytes: Int {
        var bytes =
            parents.capacity * 4 + nameStart.capacity * 4 + nameLength.capacity * 4
            + stats.capacity * MemoryLayout<Stat>.stride + flags.capacity + names.capacity
        bytes += expansions.capacity * (MemoryLayout<NodeID>.stride + MemoryLayout<Expansion>.stride)
        for state in expansions.values { bytes += (state.children?.capacity ?? 0) * 4 }
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
