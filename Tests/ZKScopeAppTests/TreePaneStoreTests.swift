import Foundation
import TUIKit
import Testing
import ZKScopeApp
import ZooKeeperJute

/// The tree pane's compact storage: linear child merges, compaction, lookups, and the memory budget
/// (issue 4: ≤ 350 bytes per loaded znode).
@Suite struct TreePaneStoreTests {
    static func stat(version: Int32 = 0, children: Int32 = 0) -> Stat {
        Stat(czxid: 5, mzxid: 6, ctime: 1, mtime: 2, version: version, dataLength: 100, numChildren: children)
    }

    /// A store with the root expanded and listed with `names`.
    static func store(_ names: [String]) -> TreePaneStore {
        var store = TreePaneStore()
        store.makeRoot()
        store.expand(0)
        store.mergeChildren(of: 0, sortedNames: TreePaneStore.sortedByBytes(names))
        return store
    }

    static func childNames(_ store: TreePaneStore, _ id: TreePaneStore.NodeID) -> [String] {
        (store.expansion(id)?.children ?? []).map { store.name($0) }
    }

    @Test func mergeAddsNewNamesDropsGoneOnesAndKeepsStatsAndSubtrees() throws {
        var store = Self.store(["a", "b", "c"])
        let b = try #require(store.node(at: "/b"))
        store.setStat(b, Self.stat(version: 7, children: 1))
        store.expand(b)
        store.mergeChildren(of: b, sortedNames: ["x"])
        let a = try #require(store.node(at: "/a"))

        let change = store.mergeChildren(of: 0, sortedNames: ["b", "c", "d"])

        #expect(change.removed == 1)
        #expect(change.added.map { store.name($0) } == ["d"])
        #expect(Self.childNames(store, 0) == ["b", "c", "d"])
        #expect(store.node(at: "/b") == b)
        #expect(store.stat(b)?.version == 7)
        #expect(store.node(at: "/b/x") != nil && store.path(store.node(at: "/b/x")!) == "/b/x")
        #expect(store.node(at: "/a") == nil && !store.isLive(a))
        #expect(store.stat(try #require(store.node(at: "/d"))) == nil)
        #expect(store.liveCount == 5 && store.deadCount == 1)
    }

    @Test func mergeDropsTheSubtreesOfGoneChildren() throws {
        var store = Self.store(["a", "b"])
        let a = try #require(store.node(at: "/a"))
        store.expand(a)
        store.mergeChildren(of: a, sortedNames: ["1", "2", "3"])
        #expect(store.liveCount == 6)
        let change = store.mergeChildren(of: 0, sortedNames: ["b"])
        #expect(change.removed == 1 && change.added.isEmpty)
        #expect(store.liveCount == 2 && store.deadCount == 4)
        #expect(store.expansion(a) == nil)
    }

    @Test func namesAreSortedByBytesAndDuplicatesIgnored() {
        #expect(TreePaneStore.sortedByBytes(["b", "B", "a", "é", "z"]) == ["B", "a", "b", "z", "é"])
        let store = Self.store(["b", "a", "a", "c"])
        #expect(Self.childNames(store, 0) == ["a", "b", "c"])
        #expect(store.liveCount == 4)
    }

    @Test func removeUnlinksOneChildAndItsSubtree() throws {
        var store = Self.store(["a", "b", "c"])
        let b = try #require(store.node(at: "/b"))
        store.expand(b)
        store.mergeChildren(of: b, sortedNames: ["x", "y"])
        store.remove(b)
        #expect(Self.childNames(store, 0) == ["a", "c"])
        #expect(store.node(at: "/b") == nil && store.node(at: "/b/x") == nil)
        #expect(store.liveCount == 3 && store.deadCount == 3)
        store.remove(0)  // the root stays
        #expect(store.root == 0 && store.liveCount == 3)
    }

    @Test func compactionRenumbersLiveNodesAndKeepsEverything() throws {
        let names = (0..<3000).map { String(format: "n%04d", $0) }
        var store = Self.store(names)
        let keep = try #require(store.node(at: "/n2999"))
        store.setStat(keep, Self.stat(version: 3))
        store.expand(keep)
        store.mergeChildren(of: keep, sortedNames: ["inner"])
        let early = store.compactIfNeeded()
        #expect(!early)  // nothing dead yet
        store.mergeChildren(of: 0, sortedNames: ["n0001", "n2999"])
        #expect(store.deadCount == 2998)
        let compacted = store.compactIfNeeded()
        #expect(compacted)
        #expect(store.allocatedCount == 4 && store.liveCount == 4 && store.deadCount == 0)
        #expect(Self.childNames(store, 0) == ["n0001", "n2999"])
        let moved = try #require(store.node(at: "/n2999"))
        #expect(store.stat(moved)?.version == 3)
        #expect(store.isExpanded(moved))
        #expect(store.path(try #require(store.node(at: "/n2999/inner"))) == "/n2999/inner")
    }
}

/// The pane model on the compact storage: memory budget, bounded garbage, reveal, filter, paging.
@Suite struct TreePaneStorageTests {
    static func stat(children: Int32 = 0) -> Stat { TreePaneStoreTests.stat(children: children) }

    /// A tree pane with `/` listed as `/big` (not yet expanded) and `/zookeeper`.
    static func pane() -> TreePaneModel {
        var model = DashboardFixtures.model(DashboardFixtures.healthyTracker())
        _ = model.perform(.showPane(.tree))
        _ = model.apply(
            .children(
                path: "/", names: ["big", "zookeeper"], stat: stat(children: 2),
                childStats: ["/big": stat(children: 100_000), "/zookeeper": stat(children: 1)]))
        return model.tree
    }

    static func load(_ tree: inout TreePaneModel, children count: Int) {
        let names = (0..<count).map { String(format: "%05x", $0) }
        var stats: [String: Stat] = [:]
        for name in names.prefix(1000) { stats["/big/" + name] = stat() }
        _ = tree.apply(.children(path: "/big", names: names, stat: stat(children: Int32(count)), childStats: stats))
    }

    static func moreRow(_ tree: TreePaneModel) -> Int? {
        (0..<tree.rowCount).first {
            if case .more = tree.row($0).kind { return true }
            return false
        }
    }

    @Test func collapsingAndReexpandingABigNodeStaysBounded() {
        var tree = Self.pane()
        _ = tree.reveal(path: "/big/00000")
        Self.load(&tree, children: 20_000)
        let first = tree.footprintBytes
        let bigRow = tree.rows.firstIndex(of: .node(path: "/big", depth: 1))
        #expect(bigRow == 1)
        for _ in 0..<25 {
            tree.view.viewport.select(1)
            _ = tree.toggleSelected()  // collapse
            #expect(!tree.isListed("/big") && tree.rowCount == 3)
            tree.view.viewport.select(1)
            let expand = tree.toggleSelected()
            #expect(expand == [.tree(.expand(path: "/big", listHuge: false))])
            Self.load(&tree, children: 20_000)
        }
        #expect(tree.store.allocatedCount <= 2 * tree.store.liveCount + TreePaneStore.compactionMinimum)
        #expect(tree.footprintBytes <= 2 * first, "\(tree.footprintBytes) bytes after 25 cycles, \(first) at first")
        #expect(tree.children(of: "/big")?.first == "00000")
        #expect(tree.stat(at: "/big/00001") != nil)
        #expect(tree.selectedPath == "/big")
    }

    @Test func revealWorksWhenListingsArriveChildFirst() {
        var model = DashboardFixtures.model(DashboardFixtures.healthyTracker())
        _ = model.runCommand(":tree /a/b/c")
        #expect(model.tree.isExpanded("/a") && model.tree.isExpanded("/a/b"))
        // The deepest listing arrives first: it is kept until its node is loaded.
        _ = model.apply(.children(path: "/a/b", names: ["d", "c"], stat: Self.stat(children: 2), childStats: [:]))
        _ = model.apply(.children(path: "/a", names: ["b"], stat: Self.stat(children: 1), childStats: [:]))
        #expect(model.tree.selectedPath != "/a/b/c")
        _ = model.apply(.children(path: "/", names: ["a", "q"], stat: Self.stat(children: 2), childStats: [:]))
        #expect(model.tree.selectedPath == "/a/b/c")
        #expect(model.tree.rows.map(\.path) == ["/", "/a", "/a/b", "/a/b/c", "/a/b/d", "/q"])
        #expect(model.tree.stat(at: "/a/b")?.numChildren == 2)
    }

    @Test func selectionFollowsItsNodeWhenRowsChange() {
        var tree = Self.pane()
        _ = tree.reveal(path: "/big/00005")
        Self.load(&tree, children: 10)
        #expect(tree.selectedPath == "/big/00005")
        _ = tree.apply(
            .children(path: "/big", names: ["00000", "00005", "0000a"], stat: Self.stat(children: 3), childStats: [:]))
        #expect(tree.selectedPath == "/big/00005")
        #expect(tree.view.viewport.selected == 3)
        _ = tree.apply(.stats(["/big/00000": nil]))
        #expect(tree.selectedPath == "/big/00005" && tree.view.viewport.selected == 2)
    }

    @Test func filterMatchesNamesIgnoringCaseAndKeepsAncestors() {
        var tree = Self.pane()
        _ = tree.reveal(path: "/big/x")
        _ = tree.apply(
            .children(
                path: "/big", names: ["Alpha", "beta", "GAMMA-alpha", "délta"], stat: Self.stat(children: 4),
                childStats: [:]))
        tree.setFilter("ALPH")
        #expect(tree.rows.map(\.path) == ["/", "/big", "/big/Alpha", "/big/GAMMA-alpha"])
        tree.setFilter("DÉL")
        #expect(tree.rows.map(\.path) == ["/", "/big", "/big/délta"])
        tree.setFilter("zzz")
        #expect(tree.rowCount == 0)
        tree.setFilter("")
        #expect(tree.rowCount == 2 + 4 + 1)
    }

    @Test func pagesShowFiveHundredChildrenAtATime() {
        var tree = Self.pane()
        _ = tree.reveal(path: "/big/x")
        Self.load(&tree, children: 1234)
        #expect(tree.rowCount == 1 + 1 + 500 + 1 + 1)
        #expect(tree.row(502).kind == .more(remaining: 734))
        #expect(tree.rowKind(502) == .more(parent: "/big", remaining: 734, depth: 2))
        tree.view.viewport.select(502)
        let firstPage = tree.expandSelected()
        #expect(firstPage == [])  // the first 1,000 stats came with the listing
        #expect(tree.row(1002).kind == .more(remaining: 234))
        tree.view.viewport.select(1002)
        let effects = tree.expandSelected()
        #expect(effects == [.tree(.stats(paths: (1000..<1234).map { "/big/" + String(format: "%05x", $0) }))])
        #expect(tree.rowCount == 1 + 1 + 1234 + 1)
        #expect(tree.rowKind(1236) == .node(path: "/zookeeper", depth: 1))
        #expect(tree.rowKind(1235) == .node(path: "/big/004d1", depth: 2))
    }

    @Test func mouseSelectsARowAndAClickOnTheMarkerExpands() throws {
        var model = TreePaneTests.model()
        let frame = model.frame(width: 100, height: 30)
        model.remember(frame)
        let lines = frame.screen.text().components(separatedBy: "\n")
        let zookeeper = try #require(lines.firstIndex { $0.contains("▸ zookeeper") })
        let nameX = try #require(lines[zookeeper].range(of: "zookeeper")).lowerBound.utf16Offset(in: lines[zookeeper])
        let select = model.handle(.mouse(MouseEvent(x: nameX, y: zookeeper, button: .left)))
        #expect(model.tree.selectedPath == "/zookeeper")
        #expect(select == [.tree(.detail(path: "/zookeeper"))])
        let app = try #require(lines.firstIndex { $0.contains("▸ app") })
        let markerX = try #require(lines[app].range(of: "▸")).lowerBound.utf16Offset(in: lines[app])
        let toggle = model.handle(.mouse(MouseEvent(x: markerX, y: app, button: .left)))
        #expect(toggle == [.tree(.expand(path: "/app", listHuge: false))])
        #expect(model.tree.isExpanded("/app") && model.tree.selectedPath == "/app")
        #expect(model.tree.rowKind(2) == .loading(parent: "/app", depth: 2))
    }

    @Test func deferredListingsShowTheChildCount() {
        var tree = Self.pane()
        _ = tree.reveal(path: "/big/x")
        _ = tree.apply(.children(path: "/big", names: nil, stat: Self.stat(children: 50_000), childStats: [:]))
        #expect(tree.isDeferred("/big") && !tree.isListed("/big"))
        #expect(tree.row(2).kind == .deferred(count: 50_000))
        tree.view.viewport.select(2)
        let listHuge = tree.expandSelected()
        #expect(listHuge == [.tree(.expand(path: "/big", listHuge: true))])
    }
}
