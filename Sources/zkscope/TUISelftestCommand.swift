import ArgumentParser
import CommandOutput
import Foundation
import TUIKit
import TUINCurses

/// `zkscope tui-selftest` (hidden): draws every TUIKit widget on the real terminal through TUINCurses, so the
/// ncurses layer can be checked by hand or in tmux (UTF-8, colours, mouse, resize, diffed redraws).
struct TUISelftestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui-selftest",
        abstract: "Draw the TUI widgets on this terminal (q quits).",
        shouldDisplay: false
    )

    @Option(help: "Theme name or path.")
    var theme: String?

    @Option(help: "Limit colours: 0, 8, 16 or 256.")
    var colors: Int?

    func run() async throws {
        let catalog = ThemeCatalog.standard()
        let startTheme: Theme
        do {
            startTheme = try theme.map { try catalog.load($0) } ?? .builtinDefault
        } catch {
            StandardError.line("\(error)")
            throw ExitCode(1)
        }
        let capability = colors.flatMap { ColorCapability(rawValue: $0) }
        let terminal: Terminal
        do {
            terminal = try Terminal.open(Terminal.Options(theme: startTheme, capability: capability))
        } catch {
            StandardError.line("zkscope: \(error)")
            throw ExitCode(1)
        }
        defer { terminal.close() }
        var model = SelftestModel(themeName: startTheme.name)
        var size = terminal.size
        terminal.present(model.render(width: size.width, height: size.height, terminal: Self.facts(terminal)))
        for await event in terminal.events {
            if case .resize(let w, let h) = event { size = (w, h) }
            switch model.handle(event, size: size) {
            case .quit: return
            case .suspend: terminal.suspend()
            case .setTheme(let name):
                do {
                    let theme = try catalog.load(name)
                    terminal.setTheme(theme)
                    model.themeName = theme.name
                    model.message = "theme \(theme.name)"
                } catch {
                    model.message = error.diagnostics.first?.description ?? "bad theme"
                }
            case .none: break
            }
            terminal.present(model.render(width: size.width, height: size.height, terminal: Self.facts(terminal)))
        }
    }

    /// What the status line shows about the terminal.
    static func facts(_ terminal: Terminal) -> SelftestTerminalFacts {
        let stats = terminal.statistics
        return SelftestTerminalFacts(
            capability: "\(terminal.capability)", frames: stats.frames, cellsLastFrame: stats.cellsLastFrame,
            lastFrameMilliseconds: stats.lastFrameMilliseconds)
    }
}
