import TUIKit
import ZooKeeperJute

/// How a znode's data is shown in the detail pane.
public enum DataView: String, CaseIterable, Hashable, Sendable {
    /// UTF-8 text, control characters made visible.
    case text
    /// Pretty-printed JSON (falls back to text when the data is not JSON).
    case json
    /// Offset, hex bytes and printable characters.
    case hex
    /// Base64.
    case base64

    /// The next view in the cycle.
    public var next: DataView {
        let all = Self.allCases
        return all[((all.firstIndex(of: self) ?? 0) + 1) % all.count]
    }
}

/// One znode the tree pane holds: only the root, expanded nodes and the children of expanded nodes are kept.
public struct TreeNode: Hashable, Sendable {
    /// The stat, once known.
    public var stat: Stat?
    /// Sorted child names once listed (`nil`: not listed).
    public var children: [String]?
    /// How many children are shown (paging of huge lists).
    public var shown: Int = 0
    /// The node has too many children to list without asking.
    public var listDeferred = false
}

/// One row of the flattened tree.
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

/// The live tree pane's state: lazy, holding only what is expanded, flattened for drawing.
///
/// Pure: it asks for data with ``TreeRequest`` effects and takes results with ``apply(_:)``; the
/// ``TreeController`` does the I/O. Moving the selection never re-flattens, so a key press on a tree with
/// 100,000 loaded rows costs one screenful of drawing.
public struct TreePaneModel: Sendable {
    /// Children beyond this count are listed only after the user asks (Enter on the "N children" row).
    public static let hugeChildCount = 10_000
    /// Children shown per page of a long list.
    public static let pageSize = 500

    /// Loaded nodes by path.
    public private(set) var nodes: [String: TreeNode] = [:]
    /// Expanded paths.
    public private(set) var expanded: Set<String> = []
    /// The flattened visible rows.
    public private(set) var rows: [TreeRowKind] = []
    /// Selection and scroll.
    public var view = TreeListView()
    /// The selected node's detail, once loaded.
    public private(set) var detail: NodeDetail?
    /// How data is shown.
    public var dataView: DataView = .text
    /// Members one can browse as.
    public var members: [String] = []
    /// The member browsed as (`nil`: whichever the client picked).
    public private(set) var browseMember: String?
    /// The `/` filter on names.
    public private(set) var filter = ""
    /// The tracker's time of the newest data (seconds), for lock ages.
    public var now: Double = 0
    /// When each node path was first seen (tracker seconds), for lock hold times.
    public private(set) var firstSeen: [String: Double] = [:]
    /// A path to select once it is loaded (`:tree /path`).
    private var pendingReveal: String?
    private var index: [String: Int] = [:]

    /// An empty tree.
    public init() {}

    /// The selected row, if any.
    public var selectedRow: TreeRowKind? {
        view.viewport.hasSelection && view.viewport.selected < rows.count ? rows[view.viewport.selected] : nil
    }

    /// The selected node's path, if a node row is selected.
    public var selectedPath: String? {
        if case .node(let path, _)? = selectedRow { return path }
        return nil
    }

    // MARK: - Requests

    /// Called when the pane is shown: loads the root the first time.
    mutating func activate() -> [AppEffect] {
        guard nodes["/"] == nil else { return [] }
        nodes["/"] = TreeNode()
        expanded.insert("/")
        reflatten()
        return [.tree(.expand(path: "/", listHuge: false)), .tree(.detail(path: "/"))]
    }

    /// Expands every ancestor of `path` and selects it once loaded.
    mutating func reveal(path: String) -> [AppEffect] {
        let target = Self.normalize(path)
        var effects: [AppEffect] = []
        var prefix = "/"
        for part in Self.ancestors(of: target) {
            prefix = part
            if !expanded.contains(prefix) {
                expanded.insert(prefix)
                if nodes[prefix] == nil { nodes[prefix] = TreeNode() }
                effects.append(.tree(.expand(path: prefix, listHuge: false)))
            }
        }
        pendingReveal = target
        reflatten()
        selectPendingReveal()
        return effects + [.tree(.detail(path: target))]
    }

    mutating func closeDetail() -> [AppEffect] { [] }

    mutating func expandSelected() -> [AppEffect] {
        guard let row = selectedRow else { return [] }
        switch row {
        case .node(let path, _):
            if expanded.contains(path) { return move { $0.move(by: 1) } }
            return expand(path)
        case .more(let parent, _, _): return showMore(parent)
        case .deferred(let parent, _, _): return [.tree(.expand(path: parent, listHuge: true))]
        case .loading: return []
        }
    }

    mutating func collapseSelected() -> [AppEffect] {
        guard let row = selectedRow else { return [] }
        if case .node(let path, _) = row, expanded.contains(path) { return collapse(path) }
        let target = isNodeRow(row) ? Self.parent(of: row.path) : row.path
        if let position = index[target] { view.viewport.select(position) }
        return selectionEffects()
    }

    mutating func toggleSelected() -> [AppEffect] {
        guard let row = selectedRow else { return [] }
        if case .node(let path, _) = row {
            return expanded.contains(path) ? collapse(path) : expand(path)
        }
        return expandSelected()
    }

    /// Moves the selection; returns the detail request for the newly selected node.
    mutating func move(_ body: (inout ListViewport) -> Void) -> [AppEffect] {
        let before = selectedPath
        body(&view.viewport)
        return selectedPath != before ? selectionEffects() : []
    }

    mutating func setFilter(_ text: String) {
        filter = text
        reflatten()
    }

    mutating func browse(member: String) -> [AppEffect] {
        browseMember = member
        return [.tree(.browseMember(address: member))]
    }

    mutating func browseNextMember() -> [AppEffect] {
        guard !members.isEmpty else { return [] }
        if let current = browseMember, let i = members.firstIndex(of: current) {
            browseMember = i + 1 < members.count ? members[i + 1] : nil
        } else {
            browseMember = members[0]
        }
        return [.tree(.browseMember(address: browseMember))]
    }

    private func isNodeRow(_ row: TreeRowKind) -> Bool {
        if case .node = row { return true }
        return false
    }

    private mutating func selectionEffects() -> [AppEffect] {
        detail = detail?.path == selectedPath ? detail : nil
        guard let path = selectedPath else { return [] }
        return [.tree(.detail(path: path))]
    }

    private mutating func expand(_ path: String) -> [AppEffect] {
        if let stat = nodes[path]?.stat, stat.numChildren == 0 { return [] }
        expanded.insert(path)
        reflatten()
        return [.tree(.expand(path: path, listHuge: false))]
    }

    private mutating func collapse(_ path: String) -> [AppEffect] {
        let prefix = path == "/" ? "/" : path + "/"
        for key in expanded where key == path || key.hasPrefix(prefix) { expanded.remove(key) }
        for key in Array(nodes.keys) where key != path && key.hasPrefix(prefix) {
            nodes.removeValue(forKey: key)
        }
        nodes[path]?.children = nil
        nodes[path]?.shown = 0
        reflatten()
        if let target = index[path] { view.viewport.select(target) }
        return [.tree(.collapse(path: path))]
    }

    private mutating func showMore(_ parent: String) -> [AppEffect] {
        guard var node = nodes[parent], let children = node.children else { return [] }
        let start = node.shown
        node.shown = min(children.count, node.shown + Self.pageSize)
        nodes[parent] = node
        reflatten()
        let paths = children[start..<node.shown].map { Self.join(parent, $0) }.filter { nodes[$0]?.stat == nil }
        return paths.isEmpty ? [] : [.tree(.stats(paths: paths))]
    }

    // MARK: - Updates

    /// Applies what the controller learned; returns follow-up requests (none today, kept for symmetry).
    public mutating func apply(_ update: TreeUpdate) -> [AppEffect] {
        switch update {
        case .children(let path, let names, let stat, let childStats):
            guard expanded.contains(path) || nodes[path] != nil else { return [] }
            var node = nodes[path] ?? TreeNode()
            node.stat = stat
            if let names {
                let sorted = names.sorted()
                let old = Set(node.children ?? [])
                let new = Set(sorted)
                for gone in old.subtracting(new) { removeSubtree(Self.join(path, gone)) }
                node.children = sorted
                node.listDeferred = false
                node.shown = max(min(sorted.count, Self.pageSize), min(sorted.count, node.shown))
                for name in sorted where nodes[Self.join(path, name)] == nil {
                    nodes[Self.join(path, name)] = TreeNode()
                    firstSeen[Self.join(path, name)] = firstSeen[Self.join(path, name)] ?? now
                }
            } else {
                node.children = nil
                node.listDeferred = true
            }
            nodes[path] = node
            for (child, childStat) in childStats { nodes[child, default: TreeNode()].stat = childStat }
            reflatten()
            selectPendingReveal()
        case .stats(let stats):
            var structural = false
            for (path, stat) in stats {
                if let stat {
                    if nodes[path] != nil {
                        let before = nodes[path]?.stat
                        nodes[path]?.stat = stat
                        if before?.numChildren != stat.numChildren || before == nil { structural = true }
                    }
                } else {
                    removeSubtree(path)
                    structural = true
                }
            }
            if structural { reflatten() }
        case .detail(let newDetail):
            if newDetail.path == selectedPath || newDetail.path == pendingReveal || detail?.path == newDetail.path {
                detail = newDetail
            }
            if nodes[newDetail.path] != nil { nodes[newDetail.path]?.stat = newDetail.stat }
        case .missing(let path):
            if path == "/" { return [] }
            removeSubtree(path)
            if detail?.path == path { detail = nil }
            reflatten()
        case .status, .locks:
            break
        }
        return []
    }

    /// Notes the poller's clock (for lock hold times); returns no effects.
    public mutating func noteTime(_ time: Double) -> [AppEffect] {
        now = time
        return []
    }

    private mutating func removeSubtree(_ path: String) {
        guard path != "/" else { return }
        let prefix = path + "/"
        nodes.removeValue(forKey: path)
        expanded.remove(path)
        firstSeen.removeValue(forKey: path)
        for key in Array(nodes.keys) where key.hasPrefix(prefix) {
            nodes.removeValue(forKey: key)
            firstSeen.removeValue(forKey: key)
        }
        for key in expanded where key.hasPrefix(prefix) { expanded.remove(key) }
        let parent = Self.parent(of: path)
        if var node = nodes[parent], var children = node.children {
            children.removeAll { Self.join(parent, $0) == path }
            node.children = children
            node.shown = min(node.shown, children.count)
            nodes[parent] = node
        }
    }

    // MARK: - Flattening

    private mutating func reflatten() {
        let keep = selectedPath ?? selectedRow?.path
        var out: [TreeRowKind] = []
        var visible: Set<String>?
        if !filter.isEmpty {
            let needle = filter.lowercased()
            var set: Set<String> = []
            for path in nodes.keys where Self.name(of: path).lowercased().contains(needle) {
                set.insert(path)
                for ancestor in Self.ancestors(of: path) { set.insert(ancestor) }
            }
            visible = set
        }
        if nodes["/"] != nil { flatten("/", depth: 0, into: &out, visible: visible) }
        rows = out
        index = [:]
        index.reserveCapacity(out.count)
        for (i, row) in out.enumerated() {
            if case .node(let path, _) = row { index[path] = i }
        }
        view.viewport.setCount(out.count)
        if let keep, let target = index[keep] { view.viewport.select(target) }
    }

    private func flatten(_ path: String, depth: Int, into out: inout [TreeRowKind], visible: Set<String>?) {
        if let visible, !visible.contains(path) { return }
        out.append(.node(path: path, depth: depth))
        guard expanded.contains(path), let node = nodes[path] else { return }
        guard let children = node.children else {
            if node.listDeferred, let count = node.stat?.numChildren {
                out.append(.deferred(parent: path, count: Int(count), depth: depth + 1))
            } else {
                out.append(.loading(parent: path, depth: depth + 1))
            }
            return
        }
        let shown = min(children.count, max(node.shown, min(children.count, Self.pageSize)))
        for name in children[0..<shown] {
            flatten(Self.join(path, name), depth: depth + 1, into: &out, visible: visible)
        }
        if shown < children.count && visible == nil {
            out.append(.more(parent: path, remaining: children.count - shown, depth: depth + 1))
        }
    }

    private mutating func selectPendingReveal() {
        guard let target = pendingReveal else { return }
        if let row = index[target] {
            view.viewport.select(row)
            pendingReveal = nil
        }
    }

    // MARK: - Paths

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
