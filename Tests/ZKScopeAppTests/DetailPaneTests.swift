import TUIKit
import Testing
import ZKScopeApp
import ZooKeeperJute

/// The tree's detail pane takes the focus and scrolls with the keys and the wheel; the tree keeps its selection.
@Suite struct DetailPaneTests {
    /// The tree pane with `/app/big` (a leaf holding 200 numbered lines of text) selected and its detail loaded.
    static func modelOnBigLeaf() -> DashboardModel {
        var model = TreePaneTests.model()
        _ = model.handle(.key(.down))
        _ = model.handle(.key(.right))
        _ = model.apply(
            .children(
                path: "/app", names: ["big", "other"], stat: TreePaneTests.stat(children: 2),
                childStats: ["/app/big": TreePaneTests.stat(), "/app/other": TreePaneTests.stat()]))
        _ = model.handle(.key(.down))
        #expect(model.tree.selectedPath == "/app/big")
        let text = (1...200).map { "line \($0)" }.joined(separator: "\n")
        _ = model.apply(
            .detail(
                NodeDetail(
                    path: "/app/big", stat: TreePaneTests.stat(length: Int32(text.utf8.count)),
                    data: Array(text.utf8), acl: nil, member: nil)))
        return model
    }

    @Test func focusedDetailScrollsAndEscapeReturnsToTheTree() {
        var model = Self.modelOnBigLeaf()
        var screen = model.show(width: 120, height: 30)
        #expect(screen.contains("path: /app/big") && screen.contains("line 1 "))
        #expect(!screen.contains("line 150"))

        // Enter on a leaf opens its detail; the arrows then scroll it and leave the selection alone.
        #expect(model.handle(.key(.enter)) == [])
        for _ in 0..<6 { _ = model.handle(.key(.pageDown)) }
        screen = model.show(width: 120, height: 30)
        #expect(model.tree.selectedPath == "/app/big")
        #expect(!screen.contains("path: /app/big"))
        #expect(screen.contains("line 140"))
        _ = model.handle(.key(.end))
        screen = model.show(width: 120, height: 30)
        #expect(screen.contains("line 200"))
        _ = model.handle(.key(.home))
        #expect(model.show(width: 120, height: 30).contains("path: /app/big"))

        // Esc gives the arrows back to the tree.
        _ = model.handle(.key(.escape))
        _ = model.handle(.key(.down))
        #expect(model.tree.selectedPath == "/app/other")
    }

    @Test func scrollPositionSurvivesRefreshesAndResetsOnAnotherNode() {
        var model = Self.modelOnBigLeaf()
        _ = model.show(width: 120, height: 30)
        _ = model.handle(.key(.char("o")))
        _ = model.handle(.key(.end))
        #expect(model.show(width: 120, height: 30).contains("line 200"))
        // The same node read again (a watch fired) keeps the scroll position.
        let again = model.tree.detail!
        _ = model.apply(.detail(again))
        #expect(model.show(width: 120, height: 30).contains("line 200"))
        // ← at the left edge returns to the tree; another node starts at the top.
        _ = model.handle(.key(.left))
        _ = model.handle(.key(.down))
        _ = model.apply(
            .detail(NodeDetail(path: "/app/other", stat: TreePaneTests.stat(), data: [], acl: nil, member: nil)))
        let screen = model.show(width: 120, height: 30)
        #expect(screen.contains("path: /app/other"))
        #expect(!screen.contains("line 200"))
    }

    @Test func wheelOverTheDetailScrollsItWithoutMovingTheSelection() {
        var model = Self.modelOnBigLeaf()
        _ = model.show(width: 120, height: 30)
        // The detail sits right of the tree at 120 columns; wheel there 30 times (3 lines each).
        for _ in 0..<30 { _ = model.handle(.mouse(MouseEvent(x: 100, y: 10, button: .scrollDown))) }
        let screen = model.show(width: 120, height: 30)
        #expect(model.tree.selectedPath == "/app/big")
        #expect(screen.contains("line 90"))
        #expect(!screen.contains("path: /app/big"))
    }

    @Test func statFieldsAreNeverSplitAcrossLines() {
        var model = Self.modelOnBigLeaf()
        var stat = TreePaneTests.stat()
        stat.czxid = 0x1_0000_0002
        stat.mzxid = 0x1_0000_0a78
        stat.pzxid = 0x1_0000_000b
        _ = model.apply(.detail(NodeDetail(path: "/app/big", stat: stat, data: [], acl: nil, member: "10.0.0.1:2181")))
        for width in [80, 100, 120, 200] {
            let screen = model.render(width: width, height: 30).text()
            for field in ["czxid 0x100000002", "mzxid 0x100000a78", "pzxid 0x10000000b", "mtime 2023-11-14T22:13:20Z"] {
                #expect(screen.contains(field), "\(field) split at width \(width)")
            }
        }
    }
}

extension DashboardModel {
    /// Draws a frame and takes its geometry, as the session does after every event; returns its text.
    mutating func show(width: Int, height: Int) -> String {
        let drawn = frame(width: width, height: height)
        remember(drawn)
        return drawn.screen.text()
    }
}
