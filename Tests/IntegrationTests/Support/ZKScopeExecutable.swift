import Foundation
import ZooKeeperLab

/// The built `zkscope` executable, run as a user would: tests that check a command's output contract
/// run the real binary rather than calling the library.
enum ZKScopeExecutable {
    /// Where the binary is: next to the test bundle (same build directory), else `.build/debug`.
    static var path: String? {
        var candidates: [String] = []
        if let executable = Bundle.main.executableURL {
            candidates.append(executable.deletingLastPathComponent().appendingPathComponent("zkscope").path)
        }
        let argument = URL(fileURLWithPath: CommandLine.arguments.first ?? "")
        candidates.append(argument.deletingLastPathComponent().appendingPathComponent("zkscope").path)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/zkscope").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `zkscope ARGUMENTS` to completion (killed at `timeout`); output goes to files, so large
    /// outputs are fine.
    /// `environment` replaces the test process's environment when given.
    /// `program` names another executable of the package built beside it (`zkscope-bench`).
    static func run(
        _ arguments: [String], timeout: Duration = .seconds(120), environment: [String: String]? = nil,
        program: String = "zkscope"
    ) async throws -> WitnessResult {
        guard let zkscope = path else {
            throw LabError("zkscope binary not found: run `swift build --build-tests` first")
        }
        let path = URL(fileURLWithPath: zkscope).deletingLastPathComponent().appendingPathComponent(program).path
        let work = try WitnessRunner.makeWorkDirectory(prefix: "zkscope-run")
        let process = try WitnessRunner.start(
            executable: path, arguments: arguments, workDirectory: work, environment: environment)
        return await process.wait(timeout: timeout)
    }
}
