import Testing

@testable import TUIKit

enum TestAction: Hashable, Sendable {
    case quit, help, up, down, open, filter, command, pause, faster, slower, nextPane, treeCollapse
}

let testTable = KeyBindingTable<TestAction>([
    KeyBinding([.function(1), .char("?")], .help, "Show this help", bar: "Help"),
    KeyBinding([.up, .char("k")], .up, "Move the selection up"),
    KeyBinding([.down, .char("j")], .down, "Move the selection down"),
    KeyBinding([.enter], .open, "Open the selected item"),
    KeyBinding([.char("/")], .filter, "Filter rows", bar: "Filter"),
    KeyBinding([.char(":")], .command, "Command line", bar: "Cmd"),
    KeyBinding([.char("p")], .pause, "Pause refreshing", bar: "Pause"),
    KeyBinding([.char("+")], .faster, "Refresh faster"),
    KeyBinding([.char("-")], .slower, "Refresh slower"),
    KeyBinding([.tab], .nextPane, "Next pane"),
    KeyBinding([.char("q"), .ctrl("c")], .quit, "Quit", bar: "Quit"),
    KeyBinding([.left, .char("h")], .treeCollapse, "Collapse the node", context: "tree", bar: "Collapse"),
    KeyBinding([.char("p")], .open, "Open the parent", context: "tree"),
])

@Suite struct KeyBindingTests {
    @Test func dispatchPrefersTheContextThenGlobal() {
        #expect(testTable.action(for: .key(.char("j")), in: .global) == .down)
        #expect(testTable.action(for: .key(.char("p")), in: "tree") == .open)
        #expect(testTable.action(for: .key(.char("p")), in: "sessions") == .pause)
        #expect(testTable.action(for: .key(.char("h")), in: "tree") == .treeCollapse)
        #expect(testTable.action(for: .key(.char("h")), in: .global) == nil)
        #expect(testTable.action(for: .key(.ctrl("c")), in: "tree") == .quit)
        #expect(testTable.action(for: .mouse(MouseEvent(x: 1, y: 1, button: .left)), in: .global) == nil)
        #expect(testTable.action(for: .resize(width: 80, height: 24), in: .global) == nil)
    }

    @Test func helpListsEveryBindingOnce() {
        let sections = testTable.helpSections()
        #expect(sections.map(\.title) == ["global", "tree"])
        #expect(sections.flatMap(\.entries).count == testTable.bindings.count)
        for binding in testTable.bindings {
            let keys = binding.keys.map(\.description).joined(separator: " ")
            #expect(
                sections.first { $0.title == binding.context.name }?.entries.contains(
                    HelpEntry(keys: keys, description: binding.description)) == true)
        }
        let help = HelpScreen(table: testTable)
        for binding in testTable.bindings {
            #expect(
                help.lines.contains { $0.contains(binding.description) && $0.contains(binding.keys[0].description) })
        }
    }

    @Test func functionBarComesFromTheSameTable() {
        #expect(
            testTable.functionBar(for: .global).map { "\($0.key)\($0.label)" } == [
                "F1Help", "/Filter", ":Cmd", "pPause", "qQuit",
            ])
        // In the tree, "p" belongs to the tree binding (no bar label), so the global Pause item is hidden.
        #expect(testTable.functionBar(for: "tree").map(\.label) == ["Collapse", "Help", "Filter", "Cmd", "Quit"])
    }

    @Test func conflictsAreReported() {
        #expect(testTable.conflicts().isEmpty)
        let bad = KeyBindingTable<TestAction>([
            KeyBinding([.char("q")], .quit, "Quit"), KeyBinding([.char("q")], .help, "Also q"),
        ])
        #expect(bad.conflicts().map(\.key) == [.char("q")])
    }

    @Test func keyNames() {
        #expect(Key.ctrl("c").description == "^C")
        #expect(Key.char(" ").description == "Space")
        #expect(Key.function(10).description == "F10")
        #expect(Key.pageDown.description == "PgDn")
    }
}
