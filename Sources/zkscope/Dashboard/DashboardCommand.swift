import ArgumentParser
import Foundation
import TUIKit
import ZKScopeApp

/// `zkscope` / `zkscope dashboard`: the full-screen dashboard.
struct DashboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Open the full-screen dashboard (the default command)."
    )

    @OptionGroup var ensemble: EnsembleOptions

    @Option(help: "Theme name or path (see `zkscope themes list`).")
    var theme: String?

    @Flag(help: "Allow creating, changing and deleting znodes (each asks for confirmation).")
    var allowWrites = false

    @Option(help: "Log file (default: $TMPDIR/zkscope-<uid>.log).")
    var logFile: String?

    func run() async throws {
        guard isatty(STDOUT_FILENO) == 1, isatty(STDIN_FILENO) == 1 else {
            FileHandle.standardError.write(
                Data(
                    ("zkscope: the dashboard needs a terminal (standard input and output are not a TTY).\n"
                        + "For scripts and monitoring use `zkscope check` (or `zkscope check --json`).\n").utf8))
            throw ExitCode(1)
        }
        let configuration = try ensemble.resolveConfiguration()
        let catalog = ThemeCatalog.standard()
        var loaded = Theme.builtinDefault
        if let theme {
            do {
                loaded = try catalog.load(theme)
            } catch {
                throw ValidationError("theme \(theme): \(error.diagnostics.first?.description ?? "cannot load")")
            }
        }
        let runner = DashboardRunner(
            configuration: configuration,
            options: DashboardModel.Options(
                allowWrites: allowWrites, demo: false,
                clockOffset: Date().timeIntervalSince1970, source: configuration.source),
            theme: loaded, catalog: catalog, settings: ensemble.pollSettings,
            log: AppLog(path: logFile ?? AppLog.defaultPath()))
        let code = await runner.run()
        if code != 0 { throw ExitCode(code) }
    }
}
