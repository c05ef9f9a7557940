import EnsembleMonitor
import Testing
import ZooKeeperClient

/// The one compact store under both the mirror and the tree pane, without a server: walk-order appends, sorted
/// inserts, lookups, data, removal and compaction, and what a node costs.
@Suite struct ZNodeStoreTests {
    static func stat(_ zxid: Int64) -> Stat { Stat(czxid: zxid, mzxid: zxid, pzxid: zxid) }

    @Test func childrenStaySortedByBytesWhateverOrderTheyArriveIn() throws {
        var store = ZNodeStore(rootPath: "/app")
        let root = store.makeRoot()
        #expect(store.children(of: root) == nil && !store.isListed(root))
        for name in ["b", "a", "é", "B", "c"] { store.insertChild(of: root, name: name.utf8) }
        let again = store.insertChild(of: root, name: "a".utf8)
        #expect(store.liveCount == 6, "inserting an existing name returns it")
        #expect(store.children(of: root)?.map { store.name($0) } == ["B", "a", "b", "c", "é"])
        #expect(store.node(at: "/app/a") == again && store.path(again) == "/app/a")
        #expect(store.name(root) == "/app" && store.path(root) == "/app" && store.node(at: "/app") == root)
        #expect(store.node(at: "/other/a") == nil && store.node(at: "/app/zz") == nil)
        let b = try #require(store.node(at: "/app/b"))
        let deep = store.insertChild(of: b, name: "x".utf8)
        #expect(store.path(deep) == "/app/b/x" && store.depth(deep) == 2 && store.parent(deep) == b)
        store.markListed(deep)
        #expect(store.children(of: deep) == [] && store.isListed(deep))
    }

    @Test func dataIsKeptOnlyWhenAskedAndReplacedDataIsCountedAsGarbage() throws {
        var mirror = ZNodeStore(holdsData: true)
        let root = mirror.makeRoot()
        let a = mirror.insertChild(of: root, name: "a".utf8)
        mirror.setData(a, [1, 2, 3])
        mirror.setData(a, [4])
        mirror.setStat(a, Self.stat(42))
        #expect(Array(mirror.data(a)) == [4] && mirror.hasData(a) && mirror.deadDataBytes == 3)
        #expect(mirror.stat(a)?.czxid == 42 && mirror.maxZxid == 42 && mirror.stat(root) == nil)
        mirror.setUnreadable(a, true)
        #expect(mirror.isUnreadable(a))

        var pane = ZNodeStore()
        let paneRoot = pane.makeRoot()
        let b = pane.insertChild(of: paneRoot, name: "b".utf8)
        pane.setData(b, [1, 2, 3])
        #expect(pane.data(b).isEmpty && !pane.hasData(b))
    }

    @Test func removingDropsTheSubtreeAndCompactionRenumbersParentsFirst() throws {
        var store = ZNodeStore(holdsData: true)
        let root = store.makeRoot()
        let names = (0..<2000).map { String(format: "n%04d", $0) }
        store.mergeChildren(of: root, sortedNames: names)
        let keep = try #require(store.node(at: "/n1999"))
        store.setStat(keep, Self.stat(7))
        store.setData(keep, [9])
        store.insertChild(of: keep, name: "inner".utf8)
        let change = store.mergeChildren(of: root, sortedNames: ["n0001", "n1999"])
        #expect(change.removed == 1998 && change.added.isEmpty)
        let removed = store.remove(try #require(store.node(at: "/n0001")))
        let rootRemoved = store.remove(root)
        #expect(removed && !rootRemoved, "the root stays unless asked")
        #expect(store.liveCount == 3 && store.deadCount == 1999)
        let renumbered = store.compact()
        #expect(renumbered.count == 2002 && renumbered[Int(keep)] >= 0)
        #expect(store.allocatedCount == 3 && store.deadCount == 0 && store.deadNameBytes == 0)
        let moved = try #require(store.node(at: "/n1999"))
        #expect(store.stat(moved)?.czxid == 7 && Array(store.data(moved)) == [9])
        let inner = try #require(store.node(at: "/n1999/inner"))
        #expect(inner > moved && moved > 0, "children keep larger IDs than their parents")
        let gone = store.remove(root, includingRoot: true)
        #expect(gone && store.root == nil && store.liveCount == 0)
    }

    @Test func aMirrorNodeCostsAboutOneHundredBytesPlusNameAndData() {
        var mirror = TreeMirror(rootPath: "/bench")
        mirror.add(TreeEntry(path: "/bench", name: "/bench", depth: 0, isLastSibling: false, stat: Stat()))
        for t in 0..<10 {
            let top = "/bench/t\(t)"
            mirror.add(TreeEntry(path: top, name: "t\(t)", depth: 1, isLastSibling: false, stat: Stat()))
            for c in 0..<1000 {
                let name = String(format: "c%04d", c)
                mirror.add(
                    TreeEntry(
                        path: top + "/" + name, name: name, depth: 2, isLastSibling: false, stat: Stat(),
                        data: [UInt8](repeating: 1, count: 100)))
            }
        }
        #expect(mirror.count == 10_011)
        let perNode = Double(mirror.footprintBytes) / Double(mirror.count)
        // 72 stat + 4 parent + 8 name + 12 data + 1 flag + 4 child slot = 101, plus 5 name and 100 data bytes,
        // plus array growth slack (up to 2x on the last doubling).
        #expect(perNode < 2 * (101 + 5 + 100), "\(perNode) bytes per node")
        #expect(mirror.node(at: "/bench/t3/c0999").map { mirror.data($0).count } == 100)
    }
}
