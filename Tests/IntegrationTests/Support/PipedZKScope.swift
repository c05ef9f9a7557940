import Foundation
import ZooKeeperLab

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The real `zkscope` with its stdout on a pipe the test reads and then closes, as `zkscope … | head -n 1`
/// does; stderr goes to a file.
///
/// The pipe is a FIFO in a private directory: the test opens its read end first (non-blocking), so the
/// child's open for writing succeeds at once and the test decides when the reader goes away (close-on-exec:
/// a read end inherited by the child would keep the pipe open forever).
final class PipedZKScope {
    /// The running binary.
    let process: LabProcess
    private let work: String
    private var reader: Int32

    /// Starts `zkscope ARGUMENTS` with stdout on a fresh FIFO.
    init(_ arguments: [String], environment: [String: String]? = nil) throws {
        guard let path = ZKScopeExecutable.path else {
            throw LabError("zkscope binary not found: run `swift build --build-tests` first")
        }
        work = try WitnessRunner.makeWorkDirectory(prefix: "zkscope-pipe")
        let fifo = work + "/stdout"
        guard mkfifo(fifo, 0o600) == 0 else { throw LabError("mkfifo \(fifo) failed: errno \(errno)") }
        reader = open(fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard reader >= 0 else { throw LabError("cannot open \(fifo): errno \(errno)") }
        process = try LabProcess.start(
            executable: path, arguments: arguments, stdoutPath: fifo, stderrPath: work + "/stderr",
            environment: environment)
    }

    /// Reads the pipe until the first newline (or `timeout`); returns that first line.
    func readFirstLine(timeout: Duration) async throws -> String {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while clock.now < deadline {
            let count = chunk.withUnsafeMutableBytes { read(reader, $0.baseAddress, $0.count) }
            if count > 0 {
                bytes += chunk[..<count]
                if let newline = bytes.firstIndex(of: 0x0A) {
                    return String(decoding: bytes[..<newline], as: UTF8.self)
                }
                continue
            }
            if count == 0, !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw LabError("no line on stdout within \(timeout); stderr: \(process.standardError)")
    }

    /// The reader goes away (what `head` does once it has its line).
    func closeReader() {
        if reader >= 0 { close(reader) }
        reader = -1
    }

    /// Waits for the binary to exit by itself; returns the time it took and its status (nil if still running).
    func waitForExit(timeout: Duration) async -> (elapsed: Duration, status: Int32?) {
        let clock = ContinuousClock()
        let start = clock.now
        let exited = await process.waitForExit(timeout: timeout)
        return (clock.now - start, exited ? process.exitCode : nil)
    }

    /// What it wrote to stderr.
    var stderr: String { process.standardError }

    /// Stops it if it still runs and removes the directory.
    func stop() async {
        closeReader()
        await process.terminate(timeout: .seconds(2))
        try? FileManager.default.removeItem(atPath: work)
    }
}
