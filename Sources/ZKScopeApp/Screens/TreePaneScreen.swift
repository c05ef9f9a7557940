import EnsembleMonitor
import Foundation
import TUIKit
import ZooKeeperClient
import ZooKeeperJute

extension DashboardModel {
    mutating func drawTreePane(on screen: inout Screen, in rect: Rect) {
        let wide = rect.width >= 100
        let parts =
            wide
            ? rect.splitColumns([.percent(55, min: 30), .flex(min: 20)])
            : rect.splitRows([.percent(55, min: 5), .flex(min: 4)])
        let member = tree.browseMember ?? "any member"
        var title = "Tree as \(member) · \(tree.rowCount) rows"
        if !tree.filter.isEmpty { title += " · filter \"\(tree.filter)\"" }
        title += options.allowWrites ? " · c/e/d write" : " · read-only"
        screen.drawBox(parts[0], role: .title, title: title)
        let list = parts[0].inset(by: 1)
        layout.regions.append(.init(target: .tree, rect: list))
        let model = tree
        tree.view.draw(on: &screen, in: list, focused: !detailPane.focused) { i in model.treeRow(i) }
        if tree.rowCount == 0 {
            screen.write("loading the tree…", x: list.x, y: list.y, role: .dim, clip: list)
        }
        drawNodeDetail(on: &screen, in: parts[1])
    }

    private mutating func drawNodeDetail(on screen: inout Screen, in rect: Rect) {
        guard let detail = tree.detail, detail.path == tree.selectedPath else {
            detailPane.focused = false
            screen.drawBox(rect, role: .border, title: "Detail")
            let inner = rect.inset(by: 1)
            let text = tree.selectedPath.map { "loading \($0)…" } ?? "select a node"
            screen.write(SafeText(text), x: inner.x, y: inner.y, width: inner.width, role: .dim)
            return
        }
        var title = "\(ZNodePath.name(of: detail.path)) · v: \(tree.dataView.rawValue)"
        title += detailPane.focused ? " · ↑↓ scroll, Esc back" : " · o: focus"
        screen.drawBox(rect, role: detailPane.focused ? .title : .border, title: title)
        let inner = rect.inset(by: 1)
        layout.regions.append(.init(target: .detail, rect: inner))
        let header = detailHeader(detail, width: inner.width)
        if !detailPane.isCurrent(detail, view: tree.dataView, header: header) {
            let (data, note) = DataFormatter.lines(detail.data, view: tree.dataView)
            let rule = SafeText("── data (\(tree.dataView.rawValue))" + (note.map { ", " + $0 } ?? "") + " ──")
            detailPane.show(detail, view: tree.dataView, header: header, data: [rule] + data)
        }
        detailPane.draw(on: &screen, in: inner)
    }

    /// The detail pane's lines above the data: path, kind and owner, versions, zxids, times, sizes, ACL.
    func detailHeader(_ detail: NodeDetail, width: Int) -> [SafeText] {
        let stat = detail.stat
        var lines: [SafeText] = [SafeText("path: " + detail.path)]
        let kind = ZNodeKind(ephemeralOwner: stat.ephemeralOwner, name: ZNodePath.name(of: detail.path))
        switch kind.lifetime {
        case .persistent: lines.append(SafeText("kind: persistent"))
        case .container: lines.append(SafeText("kind: container"))
        case .ttl(let ms): lines.append(SafeText("kind: TTL \(Format.duration(seconds: Double(ms) / 1000))"))
        case .ephemeral(let session):
            var line = "kind: ephemeral · owner session \(Format.session(session))"
            if let location = locateSession(session) {
                line += " · client \(location.client) via \(location.member)"
            } else {
                line += " · client not seen in cons yet"
            }
            lines.append(SafeText(line))
        }
        if kind.isSequential { lines.append("sequential: yes") }
        lines += Self.pack(
            [
                "version \(stat.version)", "cversion \(stat.cversion)", "aversion \(stat.aversion)",
                "czxid \(Self.hex(stat.czxid))", "mzxid \(Self.hex(stat.mzxid))", "pzxid \(Self.hex(stat.pzxid))",
                "ctime \(Self.time(stat.ctime))", "mtime \(Self.time(stat.mtime))",
                "data \(stat.dataLength) bytes", "\(stat.numChildren) children",
            ], width: width)
        if let acl = detail.acl {
            let text = acl.map { "\($0.id.scheme):\($0.id.id) \(Self.perms($0.perms))" }.joined(separator: ", ")
            lines.append(SafeText("acl: " + (text.isEmpty ? "(empty)" : text)))
        } else {
            lines.append("acl: (not readable)")
        }
        if let member = detail.member {
            // The member that served this read may have died since: then the detail is as it was then.
            if let state = detailMemberState(member) {
                lines.append(SafeText("read from: \(member), now \(state): shown as last read, re-reading"))
            } else {
                lines.append(SafeText("read from: " + member))
            }
        }
        return lines
    }

    /// Stat fields joined by " · " into lines of at most `width` columns, never splitting a field (a long one
    /// gets a line of its own and wraps there).
    static func pack(_ items: [String], width: Int) -> [SafeText] {
        var lines: [SafeText] = []
        var current = ""
        for item in items {
            if current.isEmpty {
                current = item
            } else if current.count + 3 + item.count <= width {
                current += " · " + item
            } else {
                lines.append(SafeText(current))
                current = item
            }
        }
        if !current.isEmpty { lines.append(SafeText(current)) }
        return lines
    }

    static func hex(_ value: Int64) -> String { "0x" + String(UInt64(bitPattern: value), radix: 16) }

    static func time(_ milliseconds: Int64) -> String {
        guard milliseconds > 0 else { return "-" }
        return Date(timeIntervalSince1970: Double(milliseconds) / 1000).ISO8601Format()
    }

    static func perms(_ perms: Perms) -> String {
        var out = ""
        out += perms.contains(.create) ? "c" : "-"
        out += perms.contains(.delete) ? "d" : "-"
        out += perms.contains(.read) ? "r" : "-"
        out += perms.contains(.write) ? "w" : "-"
        out += perms.contains(.admin) ? "a" : "-"
        return out
    }
}

extension TreePaneModel {
    /// The widget row for flattened row `i`: the name, kind and counts come from the store; no path is built.
    func treeRow(_ i: Int) -> TreeRow {
        guard i < rowCount else { return TreeRow(depth: 0, marker: .leaf, name: "") }
        let row = row(i)
        switch row.kind {
        case .node:
            let name = store.name(row.node)
            let stat = store.stat(row.node)
            let kind = ZNodeKind(ephemeralOwner: stat?.ephemeralOwner ?? 0, name: name)
            let marker: TreeMarker
            if store.isExpanded(row.node) {
                marker = .expanded
            } else if let stat {
                marker = stat.numChildren > 0 ? .collapsed : .leaf
            } else {
                marker = .loading
            }
            var detail = ""
            if let stat {
                detail = stat.numChildren > 0 ? "\(stat.numChildren) ch · \(stat.dataLength) B" : "\(stat.dataLength) B"
            }
            return TreeRow(
                depth: row.depth, marker: marker, name: name, role: kind.role, badges: kind.badges, detail: detail)
        case .more(let remaining):
            return TreeRow(
                depth: row.depth, marker: .leaf, name: "… \(remaining) more (Enter shows the next page)", role: .dim)
        case .deferred(let count):
            return TreeRow(
                depth: row.depth, marker: .leaf, name: "\(count) children: Enter lists them", role: .statusWarn)
        case .loading:
            return TreeRow(depth: row.depth, marker: .loading, name: "loading…", role: .dim)
        }
    }

    mutating func handleMouse(_ mouse: MouseEvent, in rect: Rect, delta: Int) -> [AppEffect] {
        if delta != 0 {
            let before = selectedPath
            view.viewport.scroll(by: delta)
            return selectedPath != before ? selectedPath.map { [.tree(.detail(path: $0))] } ?? [] : []
        }
        guard mouse.button == .left, let index = view.rowIndex(atY: mouse.y, in: rect) else { return [] }
        let before = selectedPath
        view.viewport.select(index)
        let row = row(index)
        if row.isNode, view.isMarker(atX: mouse.x, depth: row.depth, in: rect) {
            return toggleSelected()
        }
        return selectedPath != before ? selectedPath.map { [.tree(.detail(path: $0))] } ?? [] : []
    }
}
