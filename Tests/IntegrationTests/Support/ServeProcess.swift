import Foundation
import ZooKeeperLab

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A running `zkscope serve` (the real binary) on a kernel-chosen loopback port, and plain HTTP GETs to it.
final class ServeProcess: @unchecked Sendable {
    /// The running binary.
    let process: LabProcess
    /// `http://127.0.0.1:PORT`, read from the "listening on" line.
    let baseURL: String
    private let work: String

    /// Starts `zkscope serve --listen 127.0.0.1:0 ARGUMENTS` and waits (up to 60 s) for its listening line.
    init(_ arguments: [String]) async throws {
        guard let path = ZKScopeExecutable.path else {
            throw LabError("zkscope binary not found: run `swift build --build-tests` first")
        }
        work = try WitnessRunner.makeWorkDirectory(prefix: "zkscope-serve")
        process = try LabProcess.start(
            executable: path, arguments: ["serve", "--listen", "127.0.0.1:0"] + arguments,
            stdoutPath: work + "/stdout", stderrPath: work + "/stderr")
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(60)
        var found: String?
        while clock.now < deadline, found == nil {
            if let range = process.standardError.range(
                of: #"listening on http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression)
            {
                found = String(process.standardError[range].dropFirst("listening on ".count))
                break
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        guard let found else {
            await process.terminate(timeout: .seconds(2))
            throw LabError("serve did not say where it listens; stderr: \(process.standardError)")
        }
        baseURL = found
    }

    /// GET `path`: status and body.
    func get(_ path: String) async throws -> (status: Int, body: String) {
        guard let url = URL(string: baseURL + path) else { throw LabError("bad path \(path)") }
        var request = URLRequest(url: url)
        request.timeoutInterval = 10
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// Scrapes `/metrics` until `condition` holds on the body (up to `timeout`); returns the last body.
    @discardableResult
    func waitForMetrics(
        _ what: String, timeout: Duration = .seconds(60), _ condition: (String) -> Bool
    ) async throws -> String {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var last = ""
        while clock.now < deadline {
            if let (status, body) = try? await get("/metrics"), status == 200 {
                last = body
                if condition(body) { return body }
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw LabError("timed out waiting for \(what); last /metrics:\n\(last)\nstderr: \(process.standardError)")
    }

    /// Stops it if it still runs and removes its directory.
    func stop() async {
        await process.terminate(timeout: .seconds(5))
        try? FileManager.default.removeItem(atPath: work)
    }
}
