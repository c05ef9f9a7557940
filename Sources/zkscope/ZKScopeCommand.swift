import ArgumentParser

/// The `zkscope` executable: parses flags and hands the work to the library modules.
@main
struct ZKScopeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zkscope",
        abstract: "A terminal dashboard for Apache ZooKeeper ensembles.",
        subcommands: [CheckCommand.self, LabCommand.self, ThemesCommand.self, TUISelftestCommand.self]
    )

    func run() async throws {
        print("zkscope: no dashboard yet")
    }
}
