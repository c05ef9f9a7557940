import ArgumentParser
import CommandOutput
import Foundation

/// `zkscope-bench walk`: a 100k-znode tree walked by zkscope and by kazoo, the member's read capacity, and
/// the memory of the real `zkscope tree` process.
struct WalkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "walk",
        abstract: "Walk a 100k-znode tree: zkscope vs kazoo vs the member's read capacity; memory.")

    @Option(name: .long, help: "Lab members.")
    var members = 3
    @Option(name: .long, help: "Top-level nodes of the benchmark tree.")
    var top = 100
    @Option(name: .long, help: "Children per top-level node.")
    var children = 1000
    @Option(name: .long, help: "Runs per measurement (the median is shown).")
    var runs = 3
    @Option(name: .long, help: "Seconds per read-capacity flood.")
    var floodSeconds = 5
    @Option(name: .long, help: "Sessions of the multi-session walk and flood.")
    var sessions = 4
    @Option(name: .long, help: .hidden)
    var window = 1024
    @Option(name: .long, help: .hidden)
    var batchSize = 64
    @Flag(name: .long, help: "Walk over TLS and plaintext in one lab instead (TLS/plaintext rate, handshake time).")
    var tls = false

    func validate() throws {
        guard (1...5).contains(members) else { throw ValidationError("--members must be 1...5") }
        guard (1...1000).contains(top), (1...10_000).contains(children) else {
            throw ValidationError("--top must be 1...1000 and --children 1...10000")
        }
        guard (1...20).contains(runs) else { throw ValidationError("--runs must be 1...20") }
        guard (1...60).contains(floodSeconds) else { throw ValidationError("--flood-seconds must be 1...60") }
        guard (2...16).contains(sessions) else { throw ValidationError("--sessions must be 2...16") }
    }

    func run() async throws {
        var benchmark = WalkBenchmark()
        benchmark.members = members
        benchmark.top = top
        benchmark.children = children
        benchmark.runs = runs
        benchmark.floodSeconds = floodSeconds
        benchmark.sessions = sessions
        benchmark.window = max(1, window)
        benchmark.batchSize = max(1, batchSize)
        var secure = TLSWalkBenchmark()
        secure.top = top
        secure.children = children
        secure.runs = runs
        secure.sessions = sessions
        let rows: [(String, String)]
        do {
            if tls {
                rows = try await secure.run { StandardError.line("bench: \($0)") }
            } else {
                rows = try await benchmark.run { StandardError.line("bench: \($0)") }
            }
        } catch {
            StandardError.line("zkscope-bench walk: \(error)")
            throw ExitCode(1)
        }
        let width = rows.map(\.0.count).max() ?? 0
        var table = ["zkscope-bench walk (median [min..max] of \(runs) runs)"]
        for (name, value) in rows {
            table.append(name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + value)
        }
        StandardOutput.line(
            table.joined(separator: "\n"), failure: OutputFailure(command: "zkscope-bench walk", status: 1))
    }
}
