import ArgumentParser

/// The `zkscope` executable: parses flags and hands the work to the library modules.
@main
struct ZKScopeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zkscope",
        abstract: "A terminal dashboard for Apache ZooKeeper ensembles.",
        subcommands: [
            DashboardCommand.self, DemoCommand.self, CheckCommand.self, LabCommand.self, ThemesCommand.self,
            TUISelftestCommand.self,
            TreeCommand.self, BenchCommand.self,
        ],
        defaultSubcommand: DashboardCommand.self
    )
}
