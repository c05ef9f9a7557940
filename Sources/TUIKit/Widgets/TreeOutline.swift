/// The expansion state of a tree and its flattened visible order: the model behind a ``TreeListView``.
///
/// The application owns the tree (the znode mirror); the outline only remembers which nodes are open and lists
/// the rows that are visible, so ``TreeListView`` can ask for rows by index. Rebuilding visits only open nodes, so
/// its cost follows the number of visible rows, not the size of the tree, and moving the selection costs nothing.
public struct TreeOutline<ID: Hashable & Sendable>: Sendable {
    /// One visible row.
    public struct Entry: Hashable, Sendable {
        /// The node.
        public var id: ID
        /// Nesting depth (roots are 0).
        public var depth: Int
        /// Whether the node has children (so it can be opened).
        public var hasChildren: Bool
        /// Index of the parent row, `nil` for roots.
        public var parent: Int?
    }

    /// The visible rows, in display order.
    public private(set) var entries: [Entry] = []
    /// The open nodes.
    public private(set) var expanded: Set<ID>
    private var indexByID: [ID: Int] = [:]

    /// Upper bound on visible rows, so a runaway data source cannot exhaust memory.
    public static var maximumRows: Int { 5_000_000 }

    /// Creates an outline with some nodes already open.
    public init(expanded: Set<ID> = []) { self.expanded = expanded }

    /// Number of visible rows.
    public var count: Int { entries.count }

    /// Recomputes the visible rows. `children` is called for open nodes only; `hasChildren` for every visible
    /// node (it should be cheap, e.g. a stored child count). A node met twice (a cycle in bad data) is shown once.
    public mutating func rebuild(roots: [ID], hasChildren: (ID) -> Bool, children: (ID) -> [ID]) {
        entries = []
        indexByID = [:]
        var stack: [(id: ID, depth: Int, parent: Int?)] = roots.reversed().map { ($0, 0, nil) }
        while let next = stack.popLast(), entries.count < Self.maximumRows {
            guard indexByID[next.id] == nil else { continue }
            let has = hasChildren(next.id)
            let index = entries.count
            entries.append(Entry(id: next.id, depth: next.depth, hasChildren: has, parent: next.parent))
            indexByID[next.id] = index
            if has && expanded.contains(next.id) {
                for child in children(next.id).reversed() { stack.append((child, next.depth + 1, index)) }
            }
        }
        // Forget open nodes that no longer exist so the set does not grow without bound.
        expanded = expanded.filter { indexByID[$0] != nil }
    }

    /// The row index of a node, if visible.
    public func index(of id: ID) -> Int? { indexByID[id] }

    /// The marker to draw for a row.
    public func marker(at index: Int) -> TreeMarker {
        guard entries.indices.contains(index) else { return .leaf }
        let entry = entries[index]
        guard entry.hasChildren else { return .leaf }
        return expanded.contains(entry.id) ? .expanded : .collapsed
    }

    /// Opens or closes a node; call ``rebuild(roots:hasChildren:children:)`` afterwards.
    public mutating func setExpanded(_ id: ID, _ open: Bool) {
        if open { expanded.insert(id) } else { expanded.remove(id) }
    }

    /// Toggles the node of a row (Enter, or a click on the marker); returns `false` for a leaf.
    @discardableResult
    public mutating func toggle(at index: Int) -> Bool {
        guard entries.indices.contains(index), entries[index].hasChildren else { return false }
        let id = entries[index].id
        setExpanded(id, !expanded.contains(id))
        return true
    }

    /// The parent row of a row (← on a closed node moves there).
    public func parentIndex(of index: Int) -> Int? {
        entries.indices.contains(index) ? entries[index].parent : nil
    }
}
