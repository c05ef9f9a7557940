import ArgumentParser
import Foundation
import TUIKit
import TUINCurses
import ZKScopeApp

/// The options of every full-screen command (`dashboard`, `demo`): the theme, write mode and the log file, with
/// the checks they share, so both commands read and fail alike.
struct ScreenOptions: ParsableArguments {
    @Option(help: "Theme name or path (see `zkscope themes list`).")
    var theme: String?

    @Flag(help: "Allow creating, changing and deleting znodes (each asks for confirmation).")
    var allowWrites = false

    @Option(
        help: ArgumentHelp(
            "Log file (default: $XDG_STATE_HOME/zkscope/zkscope.log, else ~/.local/state/zkscope/zkscope.log); "
                + "a symbolic link or a file that is not regular is not written, and the status line says so."))
    var logFile: String?

    /// Fails with a clear message, pointing to `alternative`, when standard input or output is not a terminal, or
    /// the terminal cannot run a full-screen program (`TERM=dumb`, an unknown `TERM`): before anything starts.
    func requireTerminal(_ command: String, alternative: String?) throws {
        var message: String
        if isatty(STDOUT_FILENO) != 1 || isatty(STDIN_FILENO) != 1 {
            message = "\(command): needs a terminal (standard input and output are not a TTY).\n"
        } else if let problem = Terminal.unsuitability() {
            message = "\(command): \(problem).\n"
        } else {
            return
        }
        if let alternative { message += alternative + "\n" }
        FileHandle.standardError.write(Data(message.utf8))
        throw ExitCode(1)
    }

    /// The theme catalog and the chosen theme (the built-in default when none is named).
    func loadTheme() throws -> (Theme, ThemeCatalog) {
        let catalog = ThemeCatalog.standard()
        guard let theme else { return (Theme.builtinDefault, catalog) }
        do {
            return (try catalog.load(theme), catalog)
        } catch {
            throw ValidationError("theme \(theme): \(error.diagnostics.first?.description ?? "cannot load")")
        }
    }

    /// The log the dashboard writes to (never the screen); why it cannot be written is in `AppLog.problem`.
    func openLog() -> AppLog { logFile.map { AppLog(path: $0) } ?? AppLog.openDefault() }
}
