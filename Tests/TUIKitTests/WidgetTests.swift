import Testing

@testable import TUIKit

@Suite struct WidgetTests {
    @Test func tableRendersHeaderRowsAndSelection() {
        var table = TableView(
            columns: [
                TableColumn("Server", width: .flex()), TableColumn("Role", width: .fixed(8)),
                TableColumn("Lat", width: .fixed(4), alignment: .right),
            ], rowCount: 3)
        let data = [["zk1:2181", "leader", "1"], ["zk2:2181", "follower", "12"], ["zk3:2181", "down", "-"]]
        var screen = Screen(width: 24, height: 4)
        table.draw(on: &screen, in: screen.bounds) { TableRow(data[$0], cellRoles: [nil, .leader]) }
        #expect(
            screen.text() == """
                Server     Role      Lat
                zk1:2181   leader      1
                zk2:2181   follower   12
                zk3:2181   down        -
                """)
        #expect(screen[0, 0].role == .header)
        #expect(screen[0, 1].role == .selected)
        #expect(screen[11, 2].role == .leader)
        table.viewport.move(by: 1)
        table.draw(on: &screen, in: screen.bounds, focused: false) { TableRow(data[$0]) }
        #expect(screen[0, 2].role == .selectedInactive)
        #expect(screen[0, 1].role == .normal)
        #expect(table.rowIndex(atY: 3, in: screen.bounds) == 2)
        #expect(table.rowIndex(atY: 0, in: screen.bounds) == nil)
    }

    @Test func tableAsksOnlyForVisibleRowsAndScrolls() {
        var table = TableView(columns: [TableColumn("N", width: .fixed(8))], rowCount: 100_000)
        var screen = Screen(width: 10, height: 6)
        var asked: [Int] = []
        table.viewport.select(50_000)
        table.draw(on: &screen, in: screen.bounds) { i in
            asked.append(i)
            return TableRow([String(i)])
        }
        #expect(asked.count == 5)
        #expect(asked.contains(50_000))
        #expect(screen.text().contains("50000"))
        table.viewport.end()
        asked = []
        table.draw(on: &screen, in: screen.bounds) { i in
            asked.append(i)
            return TableRow([String(i)])
        }
        #expect(asked == Array(99_995..<100_000))
        #expect(screen.rowText(5) == "99999")
    }

    @Test func tableClipsAndScrollsHorizontally() {
        var table = TableView(
            columns: [TableColumn("A", width: .fixed(6)), TableColumn("B", width: .fixed(6))], rowCount: 1)
        var screen = Screen(width: 8, height: 2)
        table.draw(on: &screen, in: screen.bounds) { _ in TableRow(["aaaaaa", "bbbbbb"]) }
        #expect(screen.rowText(1) == "aaaaaa b")
        table.horizontalOffset = 100  // clamped to the content
        table.draw(on: &screen, in: screen.bounds) { _ in TableRow(["aaaaaa", "bbbbbb"]) }
        #expect(table.horizontalOffset == 5)
        #expect(screen.rowText(1) == "a bbbbbb")
    }

    @Test func treeListDrawsAWindowOfRows() {
        var tree = TreeListView(rowCount: 100_000)
        var screen = Screen(width: 30, height: 4)
        var asked = 0
        tree.viewport.setVisibleRows(4)
        tree.viewport.select(3)
        tree.draw(on: &screen, in: screen.bounds) { i in
            asked += 1
            switch i {
            case 0: return TreeRow(depth: 0, marker: .expanded, name: "/", detail: "3")
            case 1: return TreeRow(depth: 1, marker: .collapsed, name: "zookeeper")
            case 2:
                return TreeRow(
                    depth: 1, marker: .leaf, name: "lock-0000000001", role: .nodeEphemeral,
                    badges: [Badge("eph", role: .nodeEphemeral)])
            default: return TreeRow(depth: 2, marker: .leaf, name: "bad\u{1B}[2Jname")
            }
        }
        #expect(asked == 4)
        #expect(
            screen.text() == """
                ▾ /                          3
                  ▸ zookeeper
                    lock-0000000001 eph
                      bad^[[2Jname
                """)
        #expect(screen[4, 2].role == .nodeEphemeral)
        #expect(screen[0, 3].role == .selected)
        #expect(tree.isMarker(atX: 2, depth: 1, in: screen.bounds))
        tree.viewport.end()
        var indices: [Int] = []
        tree.draw(on: &screen, in: screen.bounds) { i in
            indices.append(i)
            return TreeRow(depth: 0, marker: .leaf, name: "n\(i)")
        }
        #expect(indices == [99_996, 99_997, 99_998, 99_999])
        #expect(tree.rowIndex(atY: 3, in: screen.bounds) == 99_999)
    }

    @Test func deepTreeStillShowsNames() {
        var tree = TreeListView(rowCount: 1)
        var screen = Screen(width: 20, height: 1)
        tree.draw(on: &screen, in: screen.bounds) { _ in TreeRow(depth: 40, marker: .leaf, name: "deep-node-name") }
        #expect(screen.rowText(0) == "            deep-no…")
    }

    @Test func sparkline() {
        #expect(Sparkline.render([0, 1, 2, 3, 4, 5, 6, 7, 8], width: 9) == " ▁▂▃▄▅▆▇█")
        #expect(Sparkline.render([8, 8], width: 4) == "  ██")
        #expect(Sparkline.render([1, .nan, .infinity, 2], width: 4) == "▄  █")
        #expect(Sparkline.render([5, 10], width: 2, range: 0...20) == "▂▄")
        #expect(Sparkline.render(Array(repeating: 1, count: 100), width: 3) == "███")
        #expect(Sparkline.render([], width: 0) == "")
        var screen = Screen(width: 5, height: 1)
        Sparkline.draw([1, 2, 3], on: &screen, in: screen.bounds)
        #expect(screen.rowText(0) == "  ▃▆█")
        #expect(screen[4, 0].role == .sparkline)
    }

    @Test func textPaneWrapsScrollsAndExpandsTabs() {
        var pane = TextPane(text: "abcdefghij\nk\tl\n日本語日本語\nlast")
        var screen = Screen(width: 4, height: 3)
        pane.draw(on: &screen, in: screen.bounds)
        #expect(screen.text() == "abcd\nefgh\nij")
        #expect(pane.displayLineCount == 10)
        pane.scroll(by: 3)
        pane.draw(on: &screen, in: screen.bounds)
        #expect(screen.text() == "k\n\nl")
        pane.end()
        pane.draw(on: &screen, in: screen.bounds)
        #expect(screen.text() == "語日\n本語\nlast")
        pane.wraps = false
        pane.home()
        pane.horizontalOffset = 2
        pane.draw(on: &screen, in: screen.bounds)
        #expect(screen.text() == "cdef\n\n本語")
        pane.horizontalOffset = 3
        pane.draw(on: &screen, in: screen.bounds)
        #expect(screen.text() == "defg\n\n 語")
    }

    @Test func functionBarDrawsAndHitTests() {
        let bar = FunctionBar(table: testTable, context: .global)
        var screen = Screen(width: 30, height: 1)
        bar.draw(on: &screen, in: screen.bounds)
        #expect(screen.rowText(0) == "F1Help /Filter :Cmd pPause")
        #expect(screen[0, 0].role == .functionKey)
        #expect(screen[2, 0].role == .functionLabel)
        #expect(bar.action(atX: 3, in: screen.bounds) == .help)
        #expect(bar.action(atX: 16, in: screen.bounds) == .command)
        #expect(bar.action(atX: 29, in: screen.bounds) == nil)
    }

    @Test func helpScreenRendersEveryBinding() {
        var help = HelpScreen(table: testTable)
        var screen = Screen(width: 50, height: 24)
        help.draw(on: &screen, in: screen.bounds)
        let text = screen.text()
        #expect(text.hasPrefix("┌─ Help - Esc or ? to close "))
        for binding in testTable.bindings { #expect(text.contains(binding.description)) }
        #expect(text.contains("│   F1 ?   Show this help"))
        #expect(screen[4, 2].role == .helpKey)
        #expect(screen[2, 1].role == .title)
    }

    @Test func lineEditorEditsAndSubmits() {
        var editor = LineEditor(prompt: ":")
        for c in "tree /zk" { _ = editor.handle(.char(c)) }
        #expect(editor.handle(.left) == .editing)
        #expect(editor.handle(.backspace) == .editing)
        #expect(editor.text == "tree /k")
        _ = editor.handle(.end)
        _ = editor.handle(.ctrl("w"))
        #expect(editor.text == "tree ")
        for c in "/app" { _ = editor.handle(.char(c)) }
        var screen = Screen(width: 12, height: 1)
        editor.draw(on: &screen, in: screen.bounds)
        #expect(screen.rowText(0) == ":tree /app")
        #expect(screen.cursor == Point(x: 10, y: 0))
        #expect(editor.handle(.enter) == .submitted("tree /app"))
        editor.setText("")
        _ = editor.handle(.up)
        #expect(editor.text == "tree /app")
        #expect(editor.handle(.escape) == .cancelled)
        let command = CommandInvocation(parsing: ":tree   /a b ")
        #expect(command?.name == "tree")
        #expect(command?.argument == "/a b")
        #expect(CommandInvocation(parsing: "  : ") == nil)
        #expect(CommandInvocation(parsing: "member 2")?.argument == "2")
    }

    @Test func lineEditorScrollsLongText() {
        let editor = LineEditor(prompt: "/", text: String(repeating: "x", count: 50) + "END")
        var screen = Screen(width: 10, height: 1)
        editor.draw(on: &screen, in: screen.bounds)
        #expect(screen.rowText(0) == "/xxxxx" + "END")
        #expect(screen.cursor == Point(x: 9, y: 0))
    }

    @Test func confirmDialogDefaultsToNo() {
        var dialog = ConfirmDialog(title: "Delete", message: "Delete /app/lock?")
        var screen = Screen(width: 40, height: 8)
        dialog.draw(on: &screen, in: screen.bounds)
        let text = screen.text()
        #expect(text.contains("Delete /app/lock?"))
        #expect(text.contains("[ Yes ]  [ No ]"))
        let row = (0..<8).first { screen.rowText($0).contains("[ No ]") } ?? 0
        let line = screen.rowText(row)
        let noX = line.firstRange(of: "[ No ]").map { line.distance(from: line.startIndex, to: $0.lowerBound) }
        #expect(noX.map { screen[$0 + 2, row].role } == .selected)
        #expect(row == 4)
        #expect(dialog.handle(.enter) == .cancelled)
        #expect(dialog.handle(.tab) == nil)
        #expect(dialog.handle(.enter) == .confirmed)
        #expect(dialog.handle(.char("n")) == .cancelled)
        #expect(dialog.handle(.char("y")) == .confirmed)
        #expect(dialog.handle(.char("x")) == nil)
    }

    @Test func tabs() {
        var tabs = Tabs(["Ensemble", "Tree", "Locks"])
        var screen = Screen(width: 30, height: 1)
        tabs.draw(on: &screen, in: screen.bounds)
        #expect(screen.rowText(0) == " Ensemble   Tree   Locks")
        #expect(screen[1, 0].role == .tabActive)
        #expect(screen[12, 0].role == .tabInactive)
        #expect(tabs.index(atX: 13, in: screen.bounds) == 1)
        #expect(tabs.index(atX: 10, in: screen.bounds) == nil)
        tabs.previous()
        #expect(tabs.selected == 2)
        tabs.next()
        #expect(tabs.selected == 0)
    }

    @Test func viewportPagingAndScrolling() {
        var viewport = ListViewport(count: 100, visibleRows: 10)
        viewport.pageDown()
        #expect(viewport.selected == 9 && viewport.top == 0)
        viewport.pageDown()
        #expect(viewport.selected == 18 && viewport.top == 9)
        viewport.scroll(by: 50)
        #expect(viewport.top == 59 && viewport.selected == 59)
        viewport.setCount(5)
        #expect(viewport.selected == 4 && viewport.top == 0)
        viewport.setCount(0)
        #expect(!viewport.hasSelection && viewport.visibleRange.isEmpty)
        viewport.move(by: -3)
        #expect(viewport.selected == 0)
    }

    @Test func meter() {
        #expect(Meter.render(fraction: 0.5, width: 12) == "[|||||     ]")
        #expect(Meter.render(fraction: 0.5, width: 12, text: "50%") == "[|||||  50%]")
        #expect(Meter.render(fraction: 2, width: 6) == "[||||]")
        #expect(Meter.render(fraction: .nan, width: 6) == "[    ]")
        #expect(Meter.render(fraction: 0.5, width: 1) == "[")
        var screen = Screen(width: 12, height: 1)
        Meter.draw(fraction: 0.25, text: "25%", on: &screen, in: screen.bounds, role: .ratioBad)
        #expect(screen.rowText(0) == "[|||    25%]")
        #expect(screen.roles(row: 0)[1...3].allSatisfy { $0 == .ratioBad })
        #expect(screen[0, 0].role == .dim && screen[4, 0].role == .dim)
    }
}
