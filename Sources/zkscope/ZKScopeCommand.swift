import ArgumentParser
import CMalloc
import CommandOutput

/// The `zkscope` executable: parses flags and hands the work to the library modules.
@main
struct ZKScopeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zkscope",
        abstract: "A terminal dashboard for Apache ZooKeeper ensembles.",
        subcommands: [
            DashboardCommand.self, DemoCommand.self, CheckCommand.self, LabCommand.self, ThemesCommand.self,
            TUISelftestCommand.self,
            TreeCommand.self, HistoryCommand.self, ServeCommand.self,
        ],
        defaultSubcommand: DashboardCommand.self
    )

    /// ArgumentParser's `main`, except that messages go out through `StandardError` (sanitized: an
    /// argument quoted in "Unexpected argument '…'" may hold escape sequences) and help through the
    /// checked `StandardOutput`. Bad arguments exit 64 (`EX_USAGE`), whatever the command.
    static func main() async {
        // Two malloc arenas instead of glibc's eight per core: `serve` and the dashboard allocate from NIO's and
        // the concurrency pool's threads, and each extra arena kept tens of MiB of freed memory (RSS varied by
        // 50 MiB between identical `serve` runs).
        _ = zk_limit_malloc_arenas(2)
        do {
            var command = try await asyncParseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let status = exitCode(for: error).rawValue
            let message = fullMessage(for: error)
            if !message.isEmpty {
                if status == 0 {
                    StandardOutput.line(message, failure: OutputFailure(command: "zkscope", status: 1))
                } else {
                    StandardError.line(message)
                }
            }
            OutputFailure.terminate(status)
        }
    }
}
