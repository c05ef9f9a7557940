/// One row of the flattened tree as the pane stores it: 8 bytes, no path, so 100,000 loaded rows cost
/// 800 KB instead of a path string each.
struct RowRecord: Hashable, Sendable {
    /// Row kinds in ``kind``.
    static let node: UInt8 = 0
    static let more: UInt8 = 1
    static let deferred: UInt8 = 2
    static let loading: UInt8 = 3

    /// The node (the parent for helper rows).
    var node: Int32
    /// Indentation (clamped; no one expands 65,535 levels by hand).
    var depth: UInt16
    /// ``node``, ``more``, ``deferred`` or ``loading``.
    var kind: UInt8
}

/// One row of the flattened tree, as the screen draws it: the node ID, not its path (build the path with
/// ``TreePaneModel/path(of:)`` only for the rows that need one).
public struct TreePaneRow: Hashable, Sendable {
    /// What the row shows.
    public enum Kind: Hashable, Sendable {
        /// A node.
        case node
        /// "… N more" after a page of children; Enter shows the next page.
        case more(remaining: Int)
        /// "N children: Enter lists them" for a node whose children were not listed because there are many.
        case deferred(count: Int)
        /// "loading…" under a node being listed.
        case loading
    }

    /// What the row shows.
    public var kind: Kind
    /// The node, or for helper rows the node they belong to (the parent).
    public var node: TreePaneStore.NodeID
    /// Indentation.
    public var depth: Int

    /// Whether this is a node row (not a helper row).
    public var isNode: Bool { kind == .node }
}

/// One row of the flattened tree with its path: what tests and callers that think in paths compare.
public enum TreeRowKind: Hashable, Sendable {
    /// A node.
    case node(path: String, depth: Int)
    /// "… N more" after a page of children; Enter shows the next page.
    case more(parent: String, remaining: Int, depth: Int)
    /// "N children: Enter lists them" for a node whose children were not listed yet because there are many.
    case deferred(parent: String, count: Int, depth: Int)
    /// "loading…" under a node being listed.
    case loading(parent: String, depth: Int)

    /// The node path this row belongs to (the parent for the helper rows).
    public var path: String {
        switch self {
        case .node(let path, _): return path
        case .more(let parent, _, _), .deferred(let parent, _, _), .loading(let parent, _): return parent
        }
    }
}

/// The flattened rows as ``TreeRowKind`` values, each built (with its path) only when read: a view, not a copy.
public struct TreePaneRows: RandomAccessCollection, Sendable {
    let model: TreePaneModel

    /// The first row.
    public var startIndex: Int { 0 }
    /// One past the last row.
    public var endIndex: Int { model.rowCount }

    /// Row `i` with its path.
    public subscript(position: Int) -> TreeRowKind { model.rowKind(position) }
}
