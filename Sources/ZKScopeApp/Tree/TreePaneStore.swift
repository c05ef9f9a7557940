import EnsembleMonitor
import ZooKeeperJute

/// The znodes the tree pane has loaded: the shared compact ``ZNodeStore`` (the one the monitor's
/// `TreeMirror` uses too: `Int32` ids, one name arena, stats, sorted child lists; about 90 bytes per node
/// plus its name) and, for the few expanded nodes, how many children are shown and whether the listing was
/// deferred.
///
/// It is the one place that says what is expanded: the pane's rows are flattened from it, and the effects it
/// asks for (expand, collapse) are what the tree controller's watch planner follows.
///
/// Only expanded nodes are listed (have children), so a listing of 100,000 names is merged against the
/// previous one in one linear pass. Removing nodes only marks them dead; ``compactIfNeeded()`` renumbers the
/// live nodes once garbage outweighs them, so a pane that collapses and re-expands a big node forever stays
/// bounded. IDs are only stable between compactions.
public struct TreePaneStore: Sendable {
    /// A node's index in the store. The root is 0.
    public typealias NodeID = ZNodeStore.NodeID
    /// What a ``mergeChildren(of:sortedNames:)`` changed.
    public typealias ChildMerge = ZNodeStore.ChildMerge

    /// What the pane keeps for one expanded node.
    public struct Expansion: Hashable, Sendable {
        /// Child IDs sorted by the UTF-8 bytes of their names, once listed; nil while loading or deferred.
        public var children: [NodeID]?
        /// How many children are shown (paging of long lists).
        public var shown = 0
        /// Not listed because there are too many children; the user asks for the listing.
        public var deferred = false
    }

    /// The view state of one expanded node (its children live in ``nodes``).
    private struct ViewState: Hashable, Sendable {
        var shown = 0
        var deferred = false
    }

    /// The loaded nodes.
    public private(set) var nodes = ZNodeStore(rootPath: "/", holdsData: false)
    /// View state of expanded nodes only: the key set is what is expanded.
    private var expanded: [NodeID: ViewState] = [:]

    /// Compaction waits until at least this many nodes are dead, so small trees never renumber.
    public static let compactionMinimum = 1024

    /// An empty store (no root yet).
    public init() {}

    // MARK: - Shape

    /// The root node, once ``makeRoot()`` was called.
    public var root: NodeID? { nodes.root }
    /// Creates the root node (path `/`) if it is not there yet.
    public mutating func makeRoot() { nodes.makeRoot() }
    /// Slots allocated, live or dead: the size of any array indexed by ``NodeID``.
    public var allocatedCount: Int { nodes.allocatedCount }
    /// Nodes in the tree.
    public var liveCount: Int { nodes.liveCount }
    /// Nodes removed since the last compaction (their slots are garbage).
    public var deadCount: Int { nodes.deadCount }
    /// Whether `id` names a node in the tree (and not a removed one).
    public func isLive(_ id: NodeID) -> Bool { nodes.isLive(id) }
    /// The parent, nil for the root.
    public func parent(_ id: NodeID) -> NodeID? { nodes.parent(id) }
    /// The name's UTF-8 bytes (empty for the root).
    public func nameBytes(_ id: NodeID) -> ArraySlice<UInt8> { nodes.nameBytes(id) }
    /// The node's name (`/` for the root).
    public func name(_ id: NodeID) -> String { nodes.name(id) }
    /// How deep the node is (the root is 0).
    public func depth(_ id: NodeID) -> Int { nodes.depth(id) }
    /// The node's absolute path, built from its ancestors' names.
    public func path(_ id: NodeID) -> String { nodes.path(id) }
    /// The node at an absolute path, if it is loaded (its parent expanded and listed).
    public func node(at path: String) -> NodeID? { nodes.node(at: path) }
    /// The child of `parent` with this name, by binary search in the sorted child list.
    public func child(of parent: NodeID, named name: some Collection<UInt8>) -> NodeID? {
        nodes.child(of: parent, named: name)
    }

    // MARK: - Stats

    /// The node's stat, once known.
    public func stat(_ id: NodeID) -> Stat? { nodes.stat(id) }
    /// Records the node's stat.
    public mutating func setStat(_ id: NodeID, _ stat: Stat) { nodes.setStat(id, stat) }

    // MARK: - Expansion

    /// Whether the node is expanded.
    public func isExpanded(_ id: NodeID) -> Bool { expanded[id] != nil }

    /// The expanded node's state.
    public func expansion(_ id: NodeID) -> Expansion? {
        guard let state = expanded[id] else { return nil }
        return Expansion(children: nodes.children(of: id), shown: state.shown, deferred: state.deferred)
    }

    /// The paths of every expanded node, parents before children.
    public var expandedPaths: [String] {
        expanded.keys.map { (depth($0), path($0)) }.sorted { $0 < $1 }.map(\.1)
    }

    /// Marks the node expanded (children unknown until listed); keeps the state of an expanded one.
    public mutating func expand(_ id: NodeID) {
        if expanded[id] == nil { expanded[id] = ViewState() }
    }

    /// Sets how many children of an expanded node are shown.
    public mutating func setShown(_ id: NodeID, _ shown: Int) {
        expanded[id]?.shown = shown
    }

    /// Notes that the expanded node has too many children to list unasked: its children are dropped.
    public mutating func markDeferred(_ id: NodeID) {
        dropChildren(of: id)
        expanded[id, default: ViewState()].deferred = true
    }

    /// Collapses the node: its whole subtree is dropped, the node itself stays.
    public mutating func collapse(_ id: NodeID) {
        dropChildren(of: id)
        expanded[id] = nil
    }

    private mutating func dropChildren(of id: NodeID) {
        guard nodes.isListed(id) else { return }
        expanded[id]?.shown = 0
        nodes.dropChildren(of: id)
        pruneExpanded()
    }

    /// Drops the view state of nodes the store no longer holds (expanded nodes are few).
    private mutating func pruneExpanded() {
        if expanded.keys.contains(where: { !nodes.isLive($0) }) { expanded = expanded.filter { nodes.isLive($0.key) } }
    }

    // MARK: - Children

    /// Replaces the children of `parent` (made expanded if it was not) by `sortedNames` (sorted by
    /// UTF-8 bytes, see ``sortedByBytes(_:)``) in one pass over both lists: children that stay keep
    /// their ID, stat and expanded subtree, new names get new nodes, the others are dropped.
    @discardableResult
    public mutating func mergeChildren(of parent: NodeID, sortedNames: [String]) -> ChildMerge {
        var state = expanded[parent] ?? ViewState()
        state.deferred = false
        expanded[parent] = state
        let change = nodes.mergeChildren(of: parent, sortedNames: sortedNames)
        if change.removed > 0 { pruneExpanded() }
        return change
    }

    /// Removes a node and its subtree from its parent's child list (not the root).
    public mutating func remove(_ id: NodeID) {
        guard id != 0, isLive(id), let parent = parent(id) else { return }
        nodes.remove(id)
        pruneExpanded()
        if let count = nodes.children(of: parent)?.count, let shown = expanded[parent]?.shown, shown > count {
            expanded[parent]?.shown = count
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
        let newID = nodes.compact()
        guard !newID.isEmpty else { return }
        var moved: [NodeID: ViewState] = [:]
        moved.reserveCapacity(expanded.count)
        for (node, state) in expanded where newID[Int(node)] >= 0 { moved[newID[Int(node)]] = state }
        expanded = moved
    }

    /// Bytes the store's arrays use (capacity, not count), give or take malloc headers.
    public var footprintBytes: Int {
        nodes.footprintBytes + expanded.capacity * (MemoryLayout<NodeID>.stride + MemoryLayout<ViewState>.stride)
    }

    // MARK: - Names

    /// Orders two names by their UTF-8 bytes (-1, 0, 1): the order child lists are kept in.
    public static func compare(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Int {
        ZNodeStore.compare(a, b)
    }

    /// `names` sorted by UTF-8 bytes (a listing sorted by `String` order is usually already sorted and
    /// is then only checked, in one pass).
    public static func sortedByBytes(_ names: [String]) -> [String] { ZNodeStore.sortedByBytes(names) }
}
