import ArgumentParser
import Foundation
import SimulatedZooKeeper
import ZooKeeperLab

/// `zkscope-bench simulate --ensembles N`: N ensembles of three simulated members on loopback until killed,
/// each announced as one `ensemble <server list>` line, then `ready`. `zkscope-bench fleet` runs it as a child
/// so the members' CPU is not counted as the monitors'.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate", abstract: "Serve N simulated 3-member ensembles on loopback (for fleet).")

    @Option(name: .long, help: "Ensembles of three members to simulate.")
    var ensembles = 10

    func validate() throws {
        guard (1...2_000).contains(ensembles) else { throw ValidationError("--ensembles must be 1 to 2000") }
    }

    func run() async throws {
        FileDescriptorLimit.raise()
        let fleet = try await SimulatedFleet.start(
            count: ensembles, captures: try CapturedReplies.bundled())
        var text = ""
        for ensemble in fleet.ensembles { text += "ensemble \(ensemble.serverList)\n" }
        text += "ready\n"
        FileHandle.standardOutput.write(Data(text.utf8))
        // Serve until SIGTERM (the parent stops this process by PID).
        while !Task.isCancelled { try await Task.sleep(for: .seconds(3600)) }
        await fleet.stop()
    }
}

/// A `zkscope-bench simulate` child and the server lists it announced.
struct SimulatorProcess {
    let process: LabProcess
    let serverLists: [String]
    let directory: String

    /// Starts the child (this same executable) and waits up to 60 s for its `ready` line.
    static func start(ensembles: Int) async throws -> SimulatorProcess {
        let me =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let directory = NSTemporaryDirectory() + "zkscope-simulate-\(getpid())-\(ensembles)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let process = try LabProcess.start(
            executable: me, arguments: ["simulate", "--ensembles", String(ensembles)],
            stdoutPath: directory + "/stdout", stderrPath: directory + "/stderr")
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(60)
        while clock.now < deadline {
            let lines = process.standardOutput.split(separator: "\n")
            if lines.last == "ready" {
                let lists = lines.filter { $0.hasPrefix("ensemble ") }.map { String($0.dropFirst("ensemble ".count)) }
                return SimulatorProcess(process: process, serverLists: lists, directory: directory)
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let reason = process.standardError
        await process.terminate()
        try? FileManager.default.removeItem(atPath: directory)
        throw SimulatorFailed(reason: reason.isEmpty ? "not ready within 60 s" : reason)
    }

    /// Stops the child by PID and removes its output.
    func stop() async {
        await process.terminate()
        try? FileManager.default.removeItem(atPath: directory)
    }

    struct SimulatorFailed: Error, CustomStringConvertible {
        var reason: String
        var description: String { "zkscope-bench simulate failed: \(reason)" }
    }
}

/// Raises this process's open-file limit to its hard limit: a fleet holds hundreds of sockets at once.
enum FileDescriptorLimit {
    static func raise() {
        var limit = rlimit()
        #if canImport(Glibc)
            let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        #else
            let resource = RLIMIT_NOFILE
        #endif
        guard getrlimit(resource, &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(resource, &limit)
    }
}
