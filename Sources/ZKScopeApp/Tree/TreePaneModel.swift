import TUIKit
import ZooKeeperClient
import ZooKeeperJute

/// The live tree pane's state: lazy, holding only what is expanded, flattened for drawing.
///
/// Pure: it asks for data with ``TreeRequest`` effects and takes results with ``apply(_:)``; the
/// ``TreeController`` does the I/O. Moving the selection never re-flattens, so a key press on a tree with
/// 100,000 loaded rows costs one screenful of drawing.
///
/// Memory: loaded znodes live in a ``TreePaneStore`` (struct of arrays), rows are 8-byte ``RowRecord``s and
/// the node → row map is an `[Int32]`; paths are built only for the rows on screen and for requests.
public struct TreePaneModel: Sendable {
    /// Children beyond this count are listed only after the user asks (Enter on the "N children" row).
    public static let hugeChildCount = 10_000
    /// Children shown per page of a long list.
    public static let pageSize = 500

    /// The loaded nodes.
    public private(set) var store = TreePaneStore()
    /// The flattened visible rows.
    private var records: [RowRecord] = []
    /// Row of each node ID (-1: not shown); sized to the store's allocated count.
    private var rowOfNode: [Int32] = []
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
    /// A path to select once it is loaded (`:tree /path`).
    private var pendingReveal: String?
    /// The path `:tree /path` is still waiting for, if any.
    public var revealTarget: String? { pendingReveal }
    /// Paths a reveal expanded before their node was loaded (their parent not listed yet).
    private var pendingExpansions: Set<String> = []
    /// Listings that arrived for pending paths, applied once the node is loaded.
    private var parkedListings: [String: ParkedListing] = [:]

    /// A listing kept until its node is loaded.
    private struct ParkedListing: Sendable {
        var names: [String]?
        var stat: Stat
        var childStats: [String: Stat]
    }

    /// An empty tree.
    public init() {}

    // MARK: - Reading

    /// How many rows the flattened tree has.
    public var rowCount: Int { records.count }

    /// Row `i` (no path built).
    public func row(_ i: Int) -> TreePaneRow {
        let record = records[i]
        let kind: TreePaneRow.Kind
        switch record.kind {
        case RowRecord.more:
            let children = store.expansion(record.node)?.children?.count ?? 0
            kind = .more(remaining: max(0, children - shownCount(record.node)))
        case RowRecord.deferred: kind = .deferred(count: Int(store.stat(record.node)?.numChildren ?? 0))
        case RowRecord.loading: kind = .loading
        default: kind = .node
        }
        return TreePaneRow(kind: kind, node: record.node, depth: Int(record.depth))
    }

    /// Row `i` with its path.
    public func rowKind(_ i: Int) -> TreeRowKind {
        let row = row(i)
        let path = store.path(row.node)
        switch row.kind {
        case .node: return .node(path: path, depth: row.depth)
        case .more(let remaining): return .more(parent: path, remaining: remaining, depth: row.depth)
        case .deferred(let count): return .deferred(parent: path, count: count, depth: row.depth)
        case .loading: return .loading(parent: path, depth: row.depth)
        }
    }

    /// The rows with their paths, built as they are read (prefer ``rowCount`` and ``row(_:)`` in loops).
    public var rows: TreePaneRows { TreePaneRows(model: self) }

    /// A node's path.
    public func path(of node: TreePaneStore.NodeID) -> String { store.path(node) }

    /// The stat of the node at `path`, if loaded and known.
    public func stat(at path: String) -> Stat? { store.node(at: path).flatMap { store.stat($0) } }

    /// Whether the node at `path` is expanded (or will be once loaded, after a reveal).
    public func isExpanded(_ path: String) -> Bool {
        if let id = store.node(at: path) { return store.isExpanded(id) }
        return pendingExpansions.contains(path)
    }

    /// Whether the node at `path` has its children listed.
    public func isListed(_ path: String) -> Bool { children(of: path) != nil }

    /// Whether the node at `path` is expanded with its listing deferred (too many children).
    public func isDeferred(_ path: String) -> Bool {
        store.node(at: path).flatMap { store.expansion($0)?.deferred } ?? false
    }

    /// The listed child names of the node at `path`, sorted by bytes; nil when not listed.
    public func children(of path: String) -> [String]? {
        guard let id = store.node(at: path), let children = store.expansion(id)?.children else { return nil }
        return children.map { store.name($0) }
    }

    /// Loaded nodes.
    public var loadedNodeCount: Int { store.liveCount }

    /// Bytes the pane's tree, rows and row index use (array capacities): the number the memory goal is about.
    public var footprintBytes: Int {
        store.footprintBytes + records.capacity * MemoryLayout<RowRecord>.stride + rowOfNode.capacity * 4
    }

    /// The selected row, if any.
    public var selectedRow: TreeRowKind? {
        view.viewport.hasSelection && view.viewport.selected < records.count ? rowKind(view.viewport.selected) : nil
    }

    /// The selected node's path, if a node row is selected.
    public var selectedPath: String? { selectedNode.map { store.path($0) } }

    /// The selected node, if a node row is selected.
    public var selectedNode: TreePaneStore.NodeID? {
        guard view.viewport.hasSelection, view.viewport.selected < records.count else { return nil }
        let record = records[view.viewport.selected]
        return record.kind == RowRecord.node ? record.node : nil
    }

    /// The row showing `node`, if it is shown.
    public func rowIndex(of node: TreePaneStore.NodeID) -> Int? {
        guard node >= 0, Int(node) < rowOfNode.count, rowOfNode[Int(node)] >= 0 else { return nil }
        return Int(rowOfNode[Int(node)])
    }

    private func shownCount(_ node: TreePaneStore.NodeID) -> Int {
        guard let state = store.expansion(node), let children = state.children else { return 0 }
        return min(children.count, max(state.shown, min(children.count, Self.pageSize)))
    }

    // MARK: - Requests

    /// Called when the pane is shown: loads the root the first time.
    public mutating func activate() -> [AppEffect] {
        guard store.root == nil else { return [] }
        store.makeRoot()
        store.expand(0)
        reflatten()
        return [.tree(.expand(path: "/", listHuge: false)), .tree(.detail(path: "/"))]
    }

    /// Expands every ancestor of `path` and selects it once loaded (`:tree /path`).
    public mutating func reveal(path: String) -> [AppEffect] {
        let target = ZNodePath.normalize(path)
        var effects: [AppEffect] = []
        for prefix in ZNodePath.ancestors(of: target) where !isExpanded(prefix) {
            if let id = store.node(at: prefix) {
                store.expand(id)
            } else {
                pendingExpansions.insert(prefix)
            }
            effects.append(.tree(.expand(path: prefix, listHuge: false)))
        }
        pendingReveal = target
        reflatten()
        selectPendingReveal()
        return effects + [.tree(.detail(path: target))]
    }

    mutating func closeDetail() -> [AppEffect] { [] }

    /// Right / Enter: expands the selected node (or steps into an expanded one), shows the next page on a
    /// "more" row, asks for the listing on a "N children" row.
    public mutating func expandSelected() -> [AppEffect] {
        guard view.viewport.hasSelection, view.viewport.selected < records.count else { return [] }
        let row = row(view.viewport.selected)
        switch row.kind {
        case .node:
            if store.isExpanded(row.node) { return move { $0.move(by: 1) } }
            return expand(row.node)
        case .more: return showMore(row.node)
        case .deferred: return [.tree(.expand(path: store.path(row.node), listHuge: true))]
        case .loading: return []
        }
    }

    /// Left: collapses the selected node, or selects its parent.
    public mutating func collapseSelected() -> [AppEffect] {
        guard view.viewport.hasSelection, view.viewport.selected < records.count else { return [] }
        let row = row(view.viewport.selected)
        if row.isNode, store.isExpanded(row.node) { return collapse(row.node) }
        let target = row.isNode ? (store.parent(row.node) ?? row.node) : row.node
        if let position = rowIndex(of: target) { view.viewport.select(position) }
        return selectionEffects()
    }

    /// Enter / click on the marker: expands or collapses the selected node.
    public mutating func toggleSelected() -> [AppEffect] {
        guard let node = selectedNode else { return expandSelected() }
        return store.isExpanded(node) ? collapse(node) : expand(node)
    }

    /// Moves the selection; returns the detail request for the newly selected node.
    public mutating func move(_ body: (inout ListViewport) -> Void) -> [AppEffect] {
        let before = selectedNode
        body(&view.viewport)
        return selectedNode != before ? selectionEffects() : []
    }

    /// Shows only nodes whose name contains `text` (ignoring case) and their ancestors; "" shows all.
    public mutating func setFilter(_ text: String) {
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

    private mutating func selectionEffects() -> [AppEffect] {
        let path = selectedPath
        detail = detail?.path == path ? detail : nil
        guard let path else { return [] }
        return [.tree(.detail(path: path))]
    }

    private mutating func expand(_ node: TreePaneStore.NodeID) -> [AppEffect] {
        if let stat = store.stat(node), stat.numChildren == 0 { return [] }
        store.expand(node)
        reflatten()
        return [.tree(.expand(path: store.path(node), listHuge: false))]
    }

    private mutating func collapse(_ node: TreePaneStore.NodeID) -> [AppEffect] {
        let path = store.path(node)
        dropPending(under: path, including: false)
        store.collapse(node)
        reflatten()
        // Compaction may have renumbered the nodes: find the node again by its path.
        if let id = store.node(at: path), let target = rowIndex(of: id) { view.viewport.select(target) }
        return [.tree(.collapse(path: path))]
    }

    private mutating func showMore(_ parent: TreePaneStore.NodeID) -> [AppEffect] {
        guard let state = store.expansion(parent), let children = state.children else { return [] }
        let start = state.shown
        let shown = min(children.count, state.shown + Self.pageSize)
        store.setShown(parent, shown)
        let parentPath = store.path(parent)
        let paths = children[min(start, shown)..<shown].filter { store.stat($0) == nil }.map {
            ZNodePath.join(parentPath, store.name($0))
        }
        reflatten()
        return paths.isEmpty ? [] : [.tree(.stats(paths: paths))]
    }

    // MARK: - Updates

    /// Applies what the controller learned; returns follow-up requests: the stats of children shown without
    /// one (a refreshed listing brings new names only; the pane knows which of them it shows).
    public mutating func apply(_ update: TreeUpdate) -> [AppEffect] {
        switch update {
        case .children(let path, let names, let stat, let childStats):
            guard let id = store.node(at: path) else {
                if pendingExpansions.contains(path) {
                    parkedListings[path] = ParkedListing(names: names, stat: stat, childStats: childStats)
                }
                return []
            }
            store.setStat(id, stat)
            guard store.isExpanded(id) else { return [] }
            applyListing(id, path: path, names: names, childStats: childStats)
            reflatten()
            selectPendingReveal()
            return statRequests(under: path)
        case .stats(let stats):
            var structural = false
            for (path, stat) in stats {
                if let stat {
                    if let id = store.node(at: path) {
                        let before = store.stat(id)
                        store.setStat(id, stat)
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
            if let id = store.node(at: newDetail.path) { store.setStat(id, newDetail.stat) }
        case .missing(let path):
            if path == "/" { return [] }
            if let target = pendingReveal, target == path || target.hasPrefix(path + "/") { pendingReveal = nil }
            removeSubtree(path)
            if detail?.path == path { detail = nil }
            reflatten()
        case .status, .locks:
            break
        }
        return []
    }

    /// The stat reads for the shown children of the node at `path` whose stat is not known yet.
    private func statRequests(under path: String) -> [AppEffect] {
        guard let id = store.node(at: path), let children = store.expansion(id)?.children else { return [] }
        let paths = children[0..<shownCount(id)].filter { store.stat($0) == nil }.map {
            ZNodePath.join(path, store.name($0))
        }
        return paths.isEmpty ? [] : [.tree(.stats(paths: paths))]
    }

    /// Merges a listing into an expanded node, then loads the pending reveal paths it makes reachable.
    private mutating func applyListing(
        _ id: TreePaneStore.NodeID, path: String, names: [String]?, childStats: [String: Stat]
    ) {
        guard let names else {
            store.markDeferred(id)
            return
        }
        store.mergeChildren(of: id, sortedNames: TreePaneStore.sortedByBytes(names))
        let count = store.expansion(id)?.children?.count ?? 0
        let shown = store.expansion(id)?.shown ?? 0
        store.setShown(id, max(min(count, Self.pageSize), min(count, shown)))
        for (childPath, childStat) in childStats {
            let child =
                ZNodePath.parent(of: childPath) == path
                ? store.child(of: id, named: ZNodePath.name(of: childPath).utf8) : store.node(at: childPath)
            if let child { store.setStat(child, childStat) }
        }
        for pending in pendingExpansions where ZNodePath.isChild(pending, of: path) {
            guard let child = store.child(of: id, named: ZNodePath.name(of: pending).utf8) else { continue }
            pendingExpansions.remove(pending)
            store.expand(child)
            if let parked = parkedListings.removeValue(forKey: pending) {
                store.setStat(child, parked.stat)
                applyListing(child, path: pending, names: parked.names, childStats: parked.childStats)
            }
        }
    }

    private mutating func removeSubtree(_ path: String) {
        guard path != "/" else { return }
        dropPending(under: path, including: true)
        if let id = store.node(at: path) { store.remove(id) }
    }

    /// Forgets pending reveal expansions below `path` (and `path` itself when `including`).
    private mutating func dropPending(under path: String, including: Bool) {
        let prefix = path == "/" ? "/" : path + "/"
        for key in pendingExpansions where (including && key == path) || key.hasPrefix(prefix) {
            pendingExpansions.remove(key)
            parkedListings.removeValue(forKey: key)
        }
    }

    // MARK: - Flattening

    private mutating func reflatten() {
        let keep = selectedPath ?? (selectedRow.map { $0.path })
        for record in records where Int(record.node) < rowOfNode.count { rowOfNode[Int(record.node)] = -1 }
        if store.compactIfNeeded() {
            rowOfNode = []
        }
        var out: [RowRecord] = []
        let visible = filter.isEmpty ? nil : visibleNodes(matching: filter)
        if store.root != nil { flatten(0, depth: 0, into: &out, visible: visible) }
        records = out
        if rowOfNode.count != store.allocatedCount {
            if rowOfNode.count > store.allocatedCount {
                rowOfNode = [Int32](repeating: -1, count: store.allocatedCount)
            } else {
                rowOfNode.append(contentsOf: repeatElement(-1, count: store.allocatedCount - rowOfNode.count))
            }
        }
        for (i, record) in out.enumerated() where record.kind == RowRecord.node {
            rowOfNode[Int(record.node)] = Int32(truncatingIfNeeded: i)
        }
        view.viewport.setCount(out.count)
        if let keep, let id = store.node(at: keep), let target = rowIndex(of: id) { view.viewport.select(target) }
    }

    /// Nodes whose name contains the filter (case-insensitively), and their ancestors.
    private func visibleNodes(matching filter: String) -> [Bool] {
        let needle = filter.lowercased()
        let asciiNeedle = needle.utf8.allSatisfy { $0 < 0x80 } ? Array(needle.utf8) : nil
        var visible = [Bool](repeating: false, count: store.allocatedCount)
        for index in 0..<store.allocatedCount {
            let id = TreePaneStore.NodeID(truncatingIfNeeded: index)
            guard store.isLive(id), !visible[index], Self.nameMatches(store, id, needle, asciiNeedle) else { continue }
            var cursor: TreePaneStore.NodeID? = id
            while let node = cursor, !visible[Int(node)] {
                visible[Int(node)] = true
                cursor = store.parent(node)
            }
        }
        return visible
    }

    /// Whether the node's name contains `needle` ignoring case; all-ASCII names and needles compare bytes.
    private static func nameMatches(
        _ store: TreePaneStore, _ id: TreePaneStore.NodeID, _ needle: String, _ asciiNeedle: [UInt8]?
    ) -> Bool {
        let bytes = store.nameBytes(id)
        if let asciiNeedle, id != 0, bytes.allSatisfy({ $0 < 0x80 }) {
            if asciiNeedle.isEmpty { return true }
            guard bytes.count >= asciiNeedle.count else { return false }
            var start = bytes.startIndex
            while start + asciiNeedle.count <= bytes.endIndex {
                var matched = true
                for (offset, expected) in asciiNeedle.enumerated() {
                    var byte = bytes[start + offset]
                    if byte >= 0x41 && byte <= 0x5A { byte += 0x20 }
                    if byte != expected {
                        matched = false
                        break
                    }
                }
                if matched { return true }
                start += 1
            }
            return false
        }
        return store.name(id).lowercased().contains(needle)
    }

    private func flatten(
        _ node: TreePaneStore.NodeID, depth: Int, into out: inout [RowRecord], visible: [Bool]?
    ) {
        if let visible, !visible[Int(node)] { return }
        let rowDepth = UInt16(clamping: depth)
        out.append(RowRecord(node: node, depth: rowDepth, kind: RowRecord.node))
        guard let state = store.expansion(node) else { return }
        let childDepth = UInt16(clamping: depth + 1)
        guard let children = state.children else {
            let deferred = state.deferred && store.stat(node) != nil
            out.append(
                RowRecord(node: node, depth: childDepth, kind: deferred ? RowRecord.deferred : RowRecord.loading))
            return
        }
        let shown = shownCount(node)
        for child in children[0..<shown] {
            flatten(child, depth: depth + 1, into: &out, visible: visible)
        }
        if shown < children.count && visible == nil {
            out.append(RowRecord(node: node, depth: childDepth, kind: RowRecord.more))
        }
    }

    private mutating func selectPendingReveal() {
        guard let target = pendingReveal, let id = store.node(at: target), let row = rowIndex(of: id) else { return }
        view.viewport.select(row)
        pendingReveal = nil
    }
}
