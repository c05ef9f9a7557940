import TUIKit
import Testing
import ZKScopeApp
import ZooKeeperJute

/// The dashboard's tests with 10,000–100,000 nodes: each burns seconds of CPU in a debug build, so they run one at
/// a time after the parallel unit tests (`make test` runs suites named `…LoadTests` on their own) and never starve
/// the tests that measure a deadline.
@Suite(.serialized) struct DashboardLoadTests {
    @Test func mergingAHundredThousandNamesIsLinear() {
        let names = (0..<100_000).map { String(format: "%05x", $0) }
        var store = TreePaneStoreTests.store(names)
        let clock = ContinuousClock()
        let start = clock.now
        // One name more and one less: a one-by-one insert would walk the siblings for each name.
        let change = store.mergeChildren(of: 0, sortedNames: Array(names.dropFirst()) + ["zzzzz"])
        let elapsed = clock.now - start
        #expect(change.added.count == 1 && change.removed == 1)
        #expect(store.liveCount == 100_001)
        #expect(elapsed < .seconds(30), "merge took \(elapsed)")
    }

    @Test func aHundredThousandLoadedChildrenFitTheMemoryBudget() {
        var tree = TreePaneStorageTests.pane()
        let before = tree.footprintBytes
        _ = tree.reveal(path: "/big/00000")
        TreePaneStorageTests.load(&tree, children: 100_000)
        // Show every page, as the bench does: 100,000 rows.
        while let more = TreePaneStorageTests.moreRow(tree) {
            tree.view.viewport.select(more)
            _ = tree.expandSelected()
        }
        #expect(tree.rowCount == 100_000 + 3)
        #expect(tree.loadedNodeCount == 100_003)
        let perNode = (tree.footprintBytes - before) / 100_000
        #expect(perNode <= 350, "\(perNode) bytes per loaded znode")
        #expect(tree.stat(at: "/big/00001")?.dataLength == 100)
        #expect(tree.stat(at: "/big/1869f") == nil)
        #expect(tree.children(of: "/big")?.count == 100_000)
    }

    @Test func keyPressOnAHundredThousandRowTreeRedrawsQuickly() {
        var model = TreePaneTests.model()
        _ = model.handle(.key(.down))
        _ = model.handle(.key(.right))
        let names = (0..<100_000).map { String(format: "node-%06d", $0) }
        _ = model.apply(
            .children(path: "/app", names: names, stat: TreePaneTests.stat(children: 100_000), childStats: [:]))
        for _ in 0..<200 { _ = model.handle(.key(.enter)) }  // not a node row: nothing; keep the rows as they are
        model.remember(model.frame(width: 120, height: 40))
        let clock = ContinuousClock()
        var times: [Duration] = []
        for _ in 0..<50 {
            let start = clock.now
            _ = model.handle(.key(.pageDown))
            model.remember(model.frame(width: 120, height: 40))
            times.append(clock.now - start)
        }
        times.sort()
        // The median, in a debug build on a shared machine; `zkscope bench dashboard` measures the release build.
        #expect(times[times.count / 2] < .milliseconds(30), "key to frame took \(times)")
    }

    @Test func tenThousandChildrenOnFiveMembersStayCheap() {
        let five = (1...5).map { "10.0.2.\($0):2181" }
        let names = (0..<ComparePaneModel.listLimit).map { String(format: "c%05d", $0) }
        // Like the controller: every name, the stats of the first 500; member 5 lacks the last three.
        let updates = five.enumerated().map { i, member in
            let children = i == 4 ? Array(names.dropLast(3)) : names
            let stats = Dictionary(uniqueKeysWithValues: children.prefix(500).map { ($0, CompareViewTests.stat()) })
            let node = CompareNodeRead(
                stat: CompareViewTests.stat(children: Int32(children.count)), data: [], children: children,
                childStats: stats)
            return CompareUpdate(member: member, path: "/wide", state: .read(node, milliseconds: 1))
        }
        var model = ComparePaneModel(path: "/wide", members: five)
        let start = ContinuousClock.now
        for update in updates { model.apply(update) }
        let perUpdate = (ContinuousClock.now - start) / five.count
        #expect(model.differingChildren == 3)
        #expect(model.children.prefix(3).map(\.name) == ["c09997", "c09998", "c09999"])
        #expect(perUpdate < .seconds(5))
        // The same copies read again (a refresh of an unchanged node) only retime the state row.
        let again = ContinuousClock.now
        for update in updates { model.apply(update) }
        let unchanged = (ContinuousClock.now - again) / five.count
        print(
            "compare model, 10,000 children on 5 members: \(perUpdate) per new answer, \(unchanged) per unchanged one")
        #expect(model.differingChildren == 3)
        #expect(unchanged < perUpdate)
    }
}
