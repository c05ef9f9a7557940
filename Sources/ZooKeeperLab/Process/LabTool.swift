import Foundation

/// Runs one of the system tools the lab needs (openssl and keytool for a secured lab, iptables for partitions) to
/// completion and returns what it printed; a missing tool or a failure throws with the tool's own words.
enum LabTool {
    /// Runs `path` with `arguments`. `package` names the Debian package that brings a missing tool; `environment`
    /// entries are added to this process's environment for the tool.
    @discardableResult
    static func run(
        _ path: String, _ arguments: [String], package: String, environment: [String: String] = [:]
    ) throws -> String {
        let tool = (path as NSString).lastPathComponent
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw LabError("\(path) is missing: install the Debian package \(package) (scripts/ensure-deps.sh)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw LabError("cannot run \(tool): \(error)")
        }
        // What these tools print is small; both pipes are read before waiting, so neither can fill and stall it.
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw LabError(
                "\(tool) \(arguments.joined(separator: " ")) failed (\(process.terminationStatus)): "
                    + String(message.suffix(400)))
        }
        return String(decoding: printed, as: UTF8.self)
    }
}
