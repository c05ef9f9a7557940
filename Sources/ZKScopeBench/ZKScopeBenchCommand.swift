import ArgumentParser
import CMalloc
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

    /// The dashboard measured in this process (the tree pane's memory) runs with the malloc arenas `zkscope` itself
    /// caps at startup, so the figure is the product's.
    static func main() async {
        _ = zk_limit_malloc_arenas(2)
        await main(nil)
    }
}
