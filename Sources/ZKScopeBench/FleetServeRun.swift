import BenchSupport
import Foundation
import ZooKeeperAdmin
import ZooKeeperLab

/// `zkscope-bench fleet --serve`: the real `zkscope serve` binary polling N simulated ensembles every second, with
/// `/metrics` scraped once a second as Prometheus would. Measures the serve process alone (CPU % of one core and
/// RSS from `/proc`, over the window), the scrape's p50/p99 and size, and how many ensembles the exposition shows
/// with a quorum.
struct FleetServeRun {
    let serverLists: [String]

    func measure(warmup: Duration, window: Duration, childPID: Int32?) async throws -> FleetServeResult {
        let work = NSTemporaryDirectory() + "zkscope-bench-serve-\(getpid())-\(serverLists.count)"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let config = serverLists.enumerated().map { index, list in
            "[ensembles.e\(index)]\nservers = \"\(list)\"\ninterval = 1\n"
        }.joined(separator: "\n")
        try config.write(toFile: work + "/config.toml", atomically: true, encoding: .utf8)
        let serve = try LabProcess.start(
            executable: try ZKScopeBinary.path(),
            arguments: [
                "serve", "--config-file", work + "/config.toml", "--state-dir", work + "/state",
                "--listen", "127.0.0.1:0",
            ],
            stdoutPath: work + "/stdout", stderrPath: work + "/stderr")
        do {
            let result = try await measure(
                serve, port: try await listeningPort(serve), warmup: warmup, window: window, childPID: childPID)
            await serve.terminate(timeout: .seconds(10))
            return result
        } catch {
            await serve.terminate(timeout: .seconds(10))
            throw error
        }
    }

    /// The port serve says it listens on (`listening on http://127.0.0.1:PORT`), within 60 s.
    private func listeningPort(_ serve: LabProcess) async throws -> Int {
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(60)
        while clock.now < deadline {
            let text = serve.standardError
            if let range = text.range(of: #"listening on http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression),
                let port = Int(text[range].split(separator: ":").last ?? "")
            {
                return port
            }
            guard serve.isRunning else { throw LabError("serve exited: \(text.suffix(500))") }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw LabError("serve did not say where it listens")
    }

    private func measure(
        _ serve: LabProcess, port: Int, warmup: Duration, window: Duration, childPID: Int32?
    ) async throws -> FleetServeResult {
        let clock = ContinuousClock()
        let ready = clock.now + .seconds(60)
        while clock.now < ready {
            if let reply = try? await LabHTTPClient.get(port: port, path: "/healthz"), reply.status == 200 { break }
            guard serve.isRunning else { throw LabError("serve exited: \(serve.standardError.suffix(500))") }
            try await Task.sleep(for: .milliseconds(200))
        }
        try await Task.sleep(for: warmup)
        guard let before = ProcessMemory.cpuSeconds(pid: serve.pid) else { throw LabError("serve is not running") }
        let childBefore = childPID.flatMap { ProcessMemory.cpuSeconds(pid: $0) }
        let started = clock.now
        var next = started
        var scrapes: [Double] = []
        var failures = 0
        var last = ""
        while clock.now - started < window {
            let begin = clock.now
            do {
                let reply = try await LabHTTPClient.get(port: port, path: "/metrics", timeout: .seconds(10))
                guard reply.status == 200 else { throw LabError("status \(reply.status)") }
                scrapes.append((clock.now - begin).milliseconds)
                last = reply.body
            } catch {
                failures += 1
            }
            next = next.advanced(by: .seconds(1))
            try await Task.sleep(until: next, clock: clock)
        }
        let elapsed = (clock.now - started).seconds
        guard let cpu = ProcessMemory.cpuPercent(pid: serve.pid, since: before, over: elapsed) else {
            throw LabError("serve stopped")
        }
        let childCPU = ProcessMemory.cpuPercent(pid: childPID, since: childBefore, over: elapsed)
        let quorum = last.split(separator: "\n").filter {
            $0.hasPrefix("zkscope_ensemble_quorum_ok{") && $0.hasSuffix(" 1")
        }.count
        return FleetServeResult(
            ensembles: serverLists.count, cpuPercent: cpu,
            residentBytes: ProcessMemory.residentBytes(pid: serve.pid) ?? 0,
            scrapeP50: Double(DashboardBench.percentile(scrapes, 50)) ?? 0,
            scrapeP99: Double(DashboardBench.percentile(scrapes, 99)) ?? 0, scrapeFailures: failures,
            scrapeBytes: last.utf8.count, quorum: quorum, childCPUPercent: childCPU)
    }
}

/// What one size of `fleet --serve` measured.
struct FleetServeResult {
    var ensembles: Int
    var cpuPercent: Double
    var residentBytes: Int
    var scrapeP50: Double
    var scrapeP99: Double
    var scrapeFailures: Int
    var scrapeBytes: Int
    var quorum: Int
    var childCPUPercent: Double?

    static let header = [
        "| ensembles | members | CPU of one core (serve) | RSS (serve) | /metrics p50 / p99 | scrape size | quorum ok | responders' CPU |",
        "|---|---|---|---|---|---|---|---|",
    ]

    var row: String {
        String(
            format: "| %d | %d | %.1f %% | %.0f MiB | %.1f / %.1f ms%@ | %.0f KiB | %d of %d | %@ |", ensembles,
            ensembles * 3, cpuPercent, Double(residentBytes) / 1_048_576, scrapeP50, scrapeP99,
            scrapeFailures > 0 ? " (\(scrapeFailures) failed)" : "", Double(scrapeBytes) / 1024, quorum, ensembles,
            ProcessMemory.percentCell(childCPUPercent))
    }
}
