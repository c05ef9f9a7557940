import ArgumentParser

/// `zkscope bench dashboard`: the dashboard benchmark, until it joins the others in `zkscope-bench`
/// (`Sources/ZKScopeBench`; `make bench` runs both).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "The dashboard benchmark (the others are in zkscope-bench).",
        subcommands: [DashboardBench.self]
    )
}
