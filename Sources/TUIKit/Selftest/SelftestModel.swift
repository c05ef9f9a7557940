import Foundation

/// The self-test's actions, bound in one key table.
public enum SelftestAction: Hashable, Sendable {
    case quit, suspend, help, close, up, down, pageUp, pageDown, home, end, nextPane, command, filter, confirm, left,
        right
}

/// What the event loop must do after a key.
public enum SelftestEffect: Equatable {
    case quit
    case suspend
    case setTheme(String)
}

/// What the self-test's status line shows about the terminal it draws on (the ncurses layer measures it;
/// this module has no ncurses).
public struct SelftestTerminalFacts: Sendable {
    /// The colour capability in use, as shown (`indexed256`, `none`, …).
    public var capability: String
    /// Frames drawn so far.
    public var frames: Int
    /// Cells sent by the last frame.
    public var cellsLastFrame: Int
    /// How long the last frame took to draw.
    public var lastFrameMilliseconds: Double

    /// Facts as measured.
    public init(capability: String, frames: Int, cellsLastFrame: Int, lastFrameMilliseconds: Double) {
        self.capability = capability
        self.frames = frames
        self.cellsLastFrame = cellsLastFrame
        self.lastFrameMilliseconds = lastFrameMilliseconds
    }
}

/// State of `zkscope tui-selftest`'s screen: every widget at once (a table of members with a hostile name, a
/// 100,000-row tree, a sparkline, tabs, the function bar and the overlays), so the ncurses layer can be checked
/// by hand or in tmux. Pure: keys and mouse in, a ``Screen`` out.
public struct SelftestModel {
    /// The key table (it also builds the function bar and the help).
    public static let table = KeyBindingTable<SelftestAction>([
        KeyBinding([.function(1), .char("?")], .help, "Show or hide this help", bar: "Help"),
        KeyBinding([.escape], .close, "Close the help or dialog"),
        KeyBinding([.up, .char("k")], .up, "Move up"),
        KeyBinding([.down, .char("j")], .down, "Move down"),
        KeyBinding([.pageUp], .pageUp, "Page up"),
        KeyBinding([.pageDown, .char(" ")], .pageDown, "Page down"),
        KeyBinding([.home, .char("g")], .home, "First row"),
        KeyBinding([.end, .char("G")], .end, "Last row"),
        KeyBinding([.left, .char("h")], .left, "Scroll left"),
        KeyBinding([.right, .char("l")], .right, "Scroll right"),
        KeyBinding([.tab, .backTab], .nextPane, "Switch pane", bar: "Pane"),
        KeyBinding([.char(":")], .command, "Command line (:theme NAME, :q)", bar: "Cmd"),
        KeyBinding([.char("/")], .filter, "Filter prompt", bar: "Filter"),
        KeyBinding([.char("d")], .confirm, "Open a confirmation dialog", bar: "Dialog"),
        KeyBinding([.ctrl("z")], .suspend, "Suspend to the shell (fg resumes)"),
        KeyBinding([.char("q"), .ctrl("c"), .function(10)], .quit, "Quit", bar: "Quit"),
    ])

    /// The theme shown in the status line.
    public var themeName: String
    /// The status line's last message.
    public var message = "ready"
    var members = TableView(
        columns: [
            TableColumn("Member", width: .flex(min: 10)), TableColumn("Role", width: .fixed(9)),
            TableColumn("Latency", width: .fixed(8), alignment: .right),
        ], rowCount: 4)
    var tree = TreeListView(rowCount: 100_000)
    var tabs = Tabs(["Ensemble", "Tree", "Findings", "Sessions", "Locks"])
    var focusTree = false
    var help: HelpScreen?
    var editor: LineEditor?
    var dialog: ConfirmDialog?
    var lastEvent = "-"
    var renderMilliseconds = 0.0
    var series: [Double] = (0..<120).map { (i: Int) -> Double in
        let wave: Double = 4 * sin(Double(i) / 6)
        return 5 + wave + Double(i % 7)
    }

    /// A fresh screen.
    public init(themeName: String) { self.themeName = themeName }

    /// Applies one input event; returns what the event loop must do, if anything.
    public mutating func handle(_ event: InputEvent, size: (width: Int, height: Int)) -> SelftestEffect? {
        lastEvent = describe(event)
        if var editing = editor, case .key(let key) = event {
            switch editing.handle(key) {
            case .editing: editor = editing
            case .cancelled: editor = nil
            case .submitted(let text):
                editor = nil
                if editing.prompt == ":", let command = CommandInvocation(parsing: text) {
                    if command.name == "q" || command.name == "quit" { return .quit }
                    if command.name == "theme" { return .setTheme(command.argument) }
                    message = "unknown command \(command.name)"
                } else {
                    message = "filter: \(text)"
                }
            }
            return nil
        }
        if var open = dialog, case .key(let key) = event {
            if let outcome = open.handle(key) {
                dialog = nil
                message = outcome == .confirmed ? "confirmed" : "cancelled"
            } else {
                dialog = open
            }
            return nil
        }
        if case .mouse(let mouse) = event {
            handleMouse(mouse, size: size)
            return nil
        }
        guard let action = Self.table.action(for: event, in: .global) else { return nil }
        if help != nil {
            switch action {
            case .help, .quit, .close: help = nil
            case .down: help?.scroll(by: 1)
            case .up: help?.scroll(by: -1)
            case .pageDown: help?.pageDown()
            case .pageUp: help?.pageUp()
            default: break
            }
            return nil
        }
        switch action {
        case .quit: return .quit
        case .suspend: return .suspend
        case .close: message = "nothing to close"
        case .help: help = HelpScreen(table: Self.table)
        case .up: withViewport { $0.move(by: -1) }
        case .down: withViewport { $0.move(by: 1) }
        case .pageUp: withViewport { $0.pageUp() }
        case .pageDown: withViewport { $0.pageDown() }
        case .home: withViewport { $0.home() }
        case .end: withViewport { $0.end() }
        case .left: members.horizontalOffset = max(0, members.horizontalOffset - 4)
        case .right: members.horizontalOffset += 4
        case .nextPane:
            focusTree.toggle()
            tabs.selected = focusTree ? 1 : 0
        case .command: editor = LineEditor(prompt: ":")
        case .filter: editor = LineEditor(prompt: "/")
        case .confirm: dialog = ConfirmDialog(title: "Confirm", message: "Delete /zkscope/selftest? (nothing is sent)")
        }
        return nil
    }

    private mutating func withViewport(_ body: (inout ListViewport) -> Void) {
        if focusTree { body(&tree.viewport) } else { body(&members.viewport) }
    }

    private mutating func handleMouse(_ mouse: MouseEvent, size: (width: Int, height: Int)) {
        let layout = Self.layout(width: size.width, height: size.height)
        switch mouse.button {
        case .scrollUp, .scrollDown:
            let delta = mouse.button == .scrollUp ? -3 : 3
            if layout.tree.contains(x: mouse.x, y: mouse.y) { tree.viewport.scroll(by: delta) }
            if layout.table.contains(x: mouse.x, y: mouse.y) { members.viewport.scroll(by: delta) }
        default:
            if let index = tree.rowIndex(atY: mouse.y, in: layout.tree), layout.tree.contains(x: mouse.x, y: mouse.y) {
                focusTree = true
                tree.viewport.select(index)
            } else if let index = members.rowIndex(atY: mouse.y, in: layout.table),
                layout.table.contains(x: mouse.x, y: mouse.y)
            {
                focusTree = false
                members.viewport.select(index)
            } else if let index = tabs.index(atX: mouse.x, in: layout.tabs),
                layout.tabs.contains(x: mouse.x, y: mouse.y)
            {
                tabs.selected = index
            } else if layout.bar.contains(x: mouse.x, y: mouse.y),
                let action = FunctionBar(table: Self.table, context: .global).action(atX: mouse.x, in: layout.bar)
            {
                message = "clicked \(action)"
                if action == .help { help = HelpScreen(table: Self.table) }
            }
        }
    }

    struct Layout {
        var tabs, table, spark, tree, status, bar: Rect
    }

    static func layout(width: Int, height: Int) -> Layout {
        let rows = Rect(x: 0, y: 0, width: width, height: height).splitRows([
            .fixed(1), .fixed(6), .fixed(1), .flex(min: 3), .fixed(1), .fixed(1),
        ])
        return Layout(
            tabs: rows[0], table: rows[1], spark: rows[2], tree: rows[3].inset(by: 1), status: rows[4], bar: rows[5])
    }

    /// Builds the frame.
    public mutating func render(width: Int, height: Int, terminal stats: SelftestTerminalFacts) -> Screen {
        let start = DispatchTime.now().uptimeNanoseconds
        var screen = Screen(width: width, height: height)
        let layout = Self.layout(width: width, height: height)
        tabs.draw(on: &screen, in: layout.tabs)
        let rows = [
            ["zk1.example:2181", "leader", "0.4 ms"], ["zk2.例え.jp:2181", "follower", "1.2 ms"],
            ["zk3\u{1B}[31mEVIL:2181", "down", "-"], ["zk4:2181", "observer", "0.9 ms"],
        ]
        let roles: [StyleRole] = [.leader, .follower, .down, .observer]
        members.draw(on: &screen, in: layout.table, focused: !focusTree) { i in
            TableRow(rows[i], cellRoles: [nil, roles[i]])
        }
        let label = screen.write("writes/s ", x: 0, y: layout.spark.y, role: .dim, clip: layout.spark)
        Sparkline.draw(series, on: &screen, in: Rect(x: label, y: layout.spark.y, width: width - label, height: 1))
        screen.drawBox(
            layout.tree.inset(by: -1), role: focusTree ? .title : .border, title: "Tree (100,000 rows, lazy)")
        tree.draw(on: &screen, in: layout.tree, focused: focusTree) { i in
            let depth = i == 0 ? 0 : 1 + (i % 3)
            let kind: StyleRole = i % 5 == 0 ? .nodeEphemeral : (i % 7 == 0 ? .nodeSequential : .nodePersistent)
            let name = i == 0 ? "/" : (i % 11 == 0 ? "ノード-\(i)" : "node-\(i)")
            return TreeRow(
                depth: depth, marker: i % 4 == 0 ? .collapsed : (i % 4 == 1 ? .expanded : .leaf), name: name,
                role: kind, badges: i % 5 == 0 ? [Badge("eph", role: .nodeEphemeral)] : [], detail: "\(i % 97) B")
        }
        let status =
            "\(width)x\(height) colours:\(stats.capability) theme:\(themeName) last:\(lastEvent) "
            + "frame:\(stats.frames) cells:\(stats.cellsLastFrame) draw:\(String(format: "%.1f", stats.lastFrameMilliseconds))ms "
            + "build:\(String(format: "%.1f", renderMilliseconds))ms \(message)"
        screen.write(SafeText(status), x: 0, y: layout.status.y, width: width, role: .statusInfo)
        if let editor {
            editor.draw(on: &screen, in: layout.bar)
        } else {
            FunctionBar(table: Self.table, context: .global).draw(on: &screen, in: layout.bar)
        }
        if var shown = help {
            shown.draw(on: &screen, in: screen.bounds.inset(top: 2, left: 4, bottom: 2, right: 4))
            help = shown
        }
        dialog?.draw(on: &screen, in: screen.bounds)
        renderMilliseconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
        return screen
    }

    private func describe(_ event: InputEvent) -> String {
        switch event {
        case .key(let key): return "key(\(key))"
        case .mouse(let m): return "mouse(\(m.button) \(m.x),\(m.y))"
        case .resize(let w, let h): return "resize(\(w)x\(h))"
        }
    }
}
