import EnsembleCore
import TUIKit
import ZooKeeperAdmin
import ZooKeeperClient

/// The compare view inside the dashboard: opened with `D` on a tree node or `:compare /path`, drawn in place
/// of the tree pane, and driven by the same actions as every list (↑/↓, Enter, ←), plus `n`/`N` to jump
/// between children that differ.
extension DashboardModel {
    /// Whether the compare view is what the tree pane shows now.
    var compareIsShown: Bool { pane == .tree && compare != nil }

    /// Each serving member's role as the poller sees it (the compare view's state row names it).
    private var memberRoles: [String: ServerMode] {
        var roles: [String: ServerMode] = [:]
        for member in tracker?.history.latest?.members ?? [] where member.isServing {
            roles[member.address] = member.role ?? .other("serving")
        }
        return roles
    }

    /// Opens the compare view on `path` (tree pane), one column per configured member.
    public mutating func openCompare(path: String) -> [AppEffect] {
        let normalized = ZNodePath.normalize(path)
        pane = .tree
        let members = view.rows.map(\.address)
        compare = ComparePaneModel(path: normalized, members: members, leader: view.quorum?.leader)
        let roles = memberRoles
        compare?.setMembers(members, leader: view.quorum?.leader, roles: roles)
        setStatus("comparing \(normalized) on every member (n/N: next difference, Esc: back to the tree)")
        return [.compare(.show(path: normalized))]
    }

    /// Closes the compare view (its sessions end) and shows the tree again.
    public mutating func closeCompare() -> [AppEffect] {
        guard compare != nil else { return [] }
        compare = nil
        status = nil
        return [.compare(.close)]
    }

    /// Applies one member's answer from the ``CompareController``.
    public mutating func apply(compare update: CompareUpdate) -> [AppEffect] {
        compare?.apply(update)
        return []
    }

    /// With every poll round: the member list and the leader may have changed, and the open view re-reads its
    /// node (so the compare view refreshes at the poll interval, and stops while paused).
    public mutating func refreshCompare() -> [AppEffect] {
        // Hidden behind another pane it costs the members nothing; showing the tree pane again refreshes it.
        guard compareIsShown else { return [] }
        let roles = memberRoles
        compare?.setMembers(view.rows.map(\.address), leader: view.quorum?.leader, roles: roles)
        compare?.beginRound()
        return [.compare(.refresh)]
    }

    /// The compare view's share of ``perform(_:)``: nil when the action is not the view's (quit, help, panes,
    /// the command line and pause keep working while it is open).
    mutating func performCompare(_ action: AppAction) -> [AppEffect]? {
        if action == .compareNode, pane == .tree || compare != nil {
            return compare != nil ? closeCompare() : openCompare(path: tree.selectedPath ?? "/")
        }
        guard compareIsShown, var model = compare else { return nil }
        var effects: [AppEffect] = []
        switch action {
        case .up: model.list.move(by: -1)
        case .down: model.list.move(by: 1)
        case .pageUp: model.list.pageUp()
        case .pageDown: model.list.pageDown()
        case .home: model.list.home()
        case .end: model.list.end()
        case .open, .right:
            guard let child = model.selectedChildPath else { return [] }
            model.show(path: child)
            effects = [.compare(.show(path: child))]
        case .left:
            guard model.path != "/" else { return [] }
            let parent = ZNodePath.parent(of: model.path)
            model.show(path: parent, select: ZNodePath.name(of: model.path))
            effects = [.compare(.show(path: parent))]
        case .close:
            guard model.filter.isEmpty else {
                model.setFilter("")
                break
            }
            return closeCompare()
        case .nextDifference, .previousDifference:
            if !model.selectNextDifference(forward: action == .nextDifference) {
                setStatus("no child of \(model.path) differs between the members read")
            } else if let summary = model.selectedChildSummary {
                setStatus(summary)
            }
        case .compareMembersLeft: model.memberOffset = max(0, model.memberOffset - 1)
        case .compareMembersRight: model.memberOffset = min(max(0, model.members.count - 1), model.memberOffset + 1)
        case .filter:
            editor = LineEditor(prompt: "/", text: model.filter)
            return []
        case .cycleDataView, .nextTreeMember, .createNode, .setData, .deleteNode, .focusDetail:
            return []
        default:
            return nil
        }
        compare = model
        return effects
    }
}
