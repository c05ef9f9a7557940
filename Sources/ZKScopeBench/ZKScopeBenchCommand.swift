import ArgumentParser
import CommandOutput

/// `zkscope-bench` (`make bench`): the benchmarks, in their own executable so the shipped `zkscope` holds
/// only what a user runs. Each benchmark starts its own local ZooKeeper lab and prints a table.
///
/// A benchmark that drives the real `zkscope` binary finds it next to this one (``ZKScopeBinary``).
@main
struct ZKScopeBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zkscope-bench",
        abstract: "zkscope's benchmarks (they start their own local ZooKeeper lab).",
        subcommands: [WalkCommand.self, DashboardBench.self, FleetBench.self, SimulateCommand.self]
    )
}
