import Testing

@testable import TUIKit

/// `zkscope tui-selftest`'s screen logic, without a terminal (the tmux suite checks the real one): what it
/// draws, and what keys do to it.
@Suite struct SelftestModelTests {
    static let facts = SelftestTerminalFacts(
        capability: "indexed256", frames: 3, cellsLastFrame: 42, lastFrameMilliseconds: 1.25)

    @Test func drawsEveryWidgetWithHostileNamesSanitized() {
        var model = SelftestModel(themeName: "default-dark")
        let screen = model.render(width: 100, height: 30, terminal: Self.facts)
        let rows = (0..<30).map { screen.rowText($0) }
        #expect(rows[0].hasPrefix(" Ensemble"))
        #expect(rows.contains { $0.hasPrefix("zk3^[[31mEVIL:2181") })
        #expect(rows.contains { $0.hasPrefix("┌─ Tree (100,000 rows, lazy)") })
        #expect(rows[28].hasPrefix("100x30 colours:indexed256 theme:default-dark last:- frame:3 cells:42 draw:1.2ms"))
        #expect(rows[29].hasPrefix("F1Help"))
    }

    @Test func keysMoveOpenAndQuit() {
        var model = SelftestModel(themeName: "t")
        let size = (width: 80, height: 24)
        #expect(model.handle(.key(.char("j")), size: size) == nil)
        #expect(model.lastEvent == "key(j)")
        #expect(model.members.viewport.selected == 1)
        _ = model.handle(.key(.tab), size: size)
        #expect(model.focusTree && model.tabs.selected == 1)
        _ = model.handle(.key(.end), size: size)
        #expect(model.tree.viewport.selected == 99_999)
        _ = model.handle(.key(.char("?")), size: size)
        #expect(model.help != nil)
        _ = model.handle(.key(.escape), size: size)
        #expect(model.help == nil)
        for key: Key in [.char(":"), .char("t"), .char("h"), .char("e"), .char("m"), .char("e"), .char(" ")] {
            _ = model.handle(.key(key), size: size)
        }
        for character in "light" { _ = model.handle(.key(.char(character)), size: size) }
        guard case .setTheme(let name) = model.handle(.key(.enter), size: size) else {
            Issue.record("expected :theme to set the theme")
            return
        }
        #expect(name == "light")
        #expect(model.handle(.key(.char("q")), size: size) == .quit)
        #expect(model.handle(.key(.ctrl("z")), size: size) == .suspend)
    }

    @Test func dialogAnswersAndUnknownCommands() {
        var model = SelftestModel(themeName: "t")
        let size = (width: 80, height: 24)
        _ = model.handle(.key(.char("d")), size: size)
        #expect(model.dialog != nil)
        _ = model.handle(.key(.escape), size: size)
        #expect(model.dialog == nil && model.message == "cancelled")
        for key: Key in [.char(":"), .char("x"), .enter] { _ = model.handle(.key(key), size: size) }
        #expect(model.message == "unknown command x")
    }
}
