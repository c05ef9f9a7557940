import Testing

@testable import TUIKit

@Suite struct TreeOutlineTests {
    let tree: [String: [String]] = [
        "/": ["/a", "/b", "/zookeeper"], "/a": ["/a/1", "/a/2"], "/a/2": ["/a/2/x"], "/zookeeper": ["/zookeeper/quota"],
    ]

    func rebuild(_ outline: inout TreeOutline<String>, roots: [String] = ["/"]) -> [String] {
        var visited: [String] = []
        outline.rebuild(roots: roots, hasChildren: { !(tree[$0] ?? []).isEmpty }) { id in
            visited.append(id)
            return tree[id] ?? []
        }
        return visited
    }

    @Test func flattensOnlyOpenNodes() {
        var outline = TreeOutline<String>(expanded: ["/"])
        let visited = rebuild(&outline)
        #expect(visited == ["/"])
        #expect(outline.entries.map(\.id) == ["/", "/a", "/b", "/zookeeper"])
        #expect(outline.entries.map(\.depth) == [0, 1, 1, 1])
        #expect(outline.marker(at: 0) == .expanded)
        #expect(outline.marker(at: 1) == .collapsed)
        #expect(outline.marker(at: 2) == .leaf)
        let toggledBranch = outline.toggle(at: 1)
        let toggledLeaf = outline.toggle(at: 2)
        #expect(toggledBranch && !toggledLeaf)
        _ = rebuild(&outline)
        #expect(outline.entries.map(\.id) == ["/", "/a", "/a/1", "/a/2", "/b", "/zookeeper"])
        #expect(outline.parentIndex(of: 3) == 1)
        #expect(outline.parentIndex(of: 0) == nil)
        #expect(outline.index(of: "/b") == 4)
        #expect(outline.index(of: "/a/2/x") == nil)
        outline.setExpanded("/", false)
        _ = rebuild(&outline)
        #expect(outline.count == 1)
        #expect(outline.marker(at: 0) == .collapsed)
    }

    @Test func cyclesAndVanishedNodesAreHandled() {
        var outline = TreeOutline<Int>(expanded: [0, 1, 99])
        outline.rebuild(roots: [0], hasChildren: { _ in true }) { id in id == 0 ? [1] : [0] }  // 0 -> 1 -> 0
        #expect(outline.entries.map(\.id) == [0, 1])
        #expect(outline.expanded == [0, 1])  // 99 is gone from the tree, so it is forgotten
    }

    @Test func largeTreeWithAWindowOfRows() {
        var outline = TreeOutline<Int>(expanded: [0])
        outline.rebuild(roots: [0], hasChildren: { $0 == 0 }) { _ in Array(1...100_000) }
        #expect(outline.count == 100_001)
        var view = TreeListView(rowCount: outline.count)
        view.viewport.setVisibleRows(3)
        view.viewport.end()
        var screen = Screen(width: 20, height: 3)
        view.draw(on: &screen, in: screen.bounds) { i in
            let entry = outline.entries[i]
            return TreeRow(depth: entry.depth, marker: outline.marker(at: i), name: "n\(entry.id)")
        }
        #expect(screen.text() == "    n99998\n    n99999\n    n100000")
    }
}
