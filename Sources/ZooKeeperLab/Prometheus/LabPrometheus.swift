import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A real Prometheus server (Debian's `prometheus`) on loopback that scrapes one target as job `zkscope` and
/// evaluates the given rule files every second: the shipped alert rules checked by the real rule engine, not
/// only by `promtool test rules`.
///
/// Its config, TSDB and log live in a temporary directory removed by ``stop()``; the process is stopped by PID
/// and, like the lab's JVMs, killed at exit of this process if nobody stopped it.
public final class LabPrometheus: Sendable {
    /// Where Debian's `prometheus` package puts the server.
    public static let defaultExecutable = "/usr/bin/prometheus"

    /// The process.
    public let process: LabProcess
    /// The port of its HTTP API on 127.0.0.1.
    public let port: Int
    /// The temporary directory holding prometheus.yml, the TSDB and prometheus.log.
    public let directory: String
    /// The scrape target (`host:port`) of job `zkscope`.
    public let target: String

    private init(process: LabProcess, port: Int, directory: String, target: String) {
        self.process = process
        self.port = port
        self.directory = directory
        self.target = target
    }

    /// The API client for this server.
    public var client: PrometheusClient { PrometheusClient(port: port) }

    /// What the server logged so far (the reason it did not start, a rule file it refused).
    public var log: String {
        FileManager.default.contents(atPath: directory + "/prometheus.log").map {
            String(decoding: $0, as: UTF8.self)
        } ?? ""
    }

    /// The prometheus.yml of a lab server: 1 s scrape and evaluation, job `zkscope` on `target`, `ruleFiles`.
    public static func configuration(target: String, ruleFiles: [String]) -> String {
        var text = """
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            rule_files:

            """
        for file in ruleFiles { text += "  - \(yamlQuoted(file))\n" }
        text += """
            scrape_configs:
              - job_name: zkscope
                static_configs:
                  - targets: [\(yamlQuoted(target))]

            """
        return text
    }

    /// The shipped alert rules (`deploy/prometheus/zkscope-alerts.yml`) of the checkout `file` is in: pass
    /// `#filePath` from a test or benchmark source file.
    public static func shippedAlertRules(nearSourceFile file: String) throws -> String {
        var directory = URL(fileURLWithPath: file).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("deploy/prometheus/zkscope-alerts.yml").path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        throw LabError("deploy/prometheus/zkscope-alerts.yml not found above \(file)")
    }

    /// Starts Prometheus scraping `target` with `ruleFiles` and returns once `/-/ready` answers 200.
    ///
    /// Fails with the log's tail when the binary is missing, the config or a rule file is refused, or the
    /// server is not ready within `readyTimeout`. A port taken between the free-port check and the bind is
    /// retried with another port.
    public static func start(
        target: String, ruleFiles: [String], executable: String = defaultExecutable,
        readyTimeout: Duration = .seconds(60)
    ) async throws -> LabPrometheus {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw LabError(
                "\(executable) not found: install Debian's prometheus package (scripts/ensure-deps.sh prometheus)")
        }
        var lastError = LabError("no free port for Prometheus")
        for _ in 0..<3 {
            guard let port = PortAllocator.allocate(count: 1)?.first else { continue }
            let directory = try makeDirectory()
            do {
                return try await launch(
                    executable: executable, port: port, directory: directory, target: target, ruleFiles: ruleFiles,
                    readyTimeout: readyTimeout)
            } catch let error as LabError {
                try? FileManager.default.removeItem(atPath: directory)
                CleanupRegistry.shared.removeAtExit(directory, false)
                lastError = error
                guard error.description.contains("address already in use") else { throw error }
            }
        }
        throw lastError
    }

    /// Starts a server, runs `body`, and stops the server whether `body` returns or throws.
    public static func with<T>(
        target: String, ruleFiles: [String], isolation: isolated (any Actor)? = #isolation,
        _ body: (LabPrometheus) async throws -> T
    ) async throws -> T {
        let prometheus = try await start(target: target, ruleFiles: ruleFiles)
        do {
            let result = try await body(prometheus)
            await prometheus.stop()
            return result
        } catch {
            await prometheus.stop()
            throw error
        }
    }

    /// SIGTERM (SIGKILL after 10 s) by PID, then removes the directory.
    public func stop() async {
        await process.terminate(timeout: .seconds(10))
        try? FileManager.default.removeItem(atPath: directory)
        CleanupRegistry.shared.removeAtExit(directory, false)
    }

    private static func launch(
        executable: String, port: Int, directory: String, target: String, ruleFiles: [String],
        readyTimeout: Duration
    ) async throws -> LabPrometheus {
        let configPath = directory + "/prometheus.yml"
        let logPath = directory + "/prometheus.log"
        guard
            FileManager.default.createFile(
                atPath: configPath, contents: Data(configuration(target: target, ruleFiles: ruleFiles).utf8))
        else { throw LabError("cannot write \(configPath)") }
        let process: LabProcess
        do {
            process = try LabProcess.start(
                executable: executable,
                arguments: [
                    "--config.file=\(configPath)", "--storage.tsdb.path=\(directory)/data",
                    "--web.listen-address=127.0.0.1:\(port)", "--storage.tsdb.retention.time=1h",
                ],
                stdoutPath: logPath, stderrPath: logPath)
        } catch {
            throw LabError("cannot start \(executable): \(error)")
        }
        let prometheus = LabPrometheus(process: process, port: port, directory: directory, target: target)
        let clock = ContinuousClock()
        let deadline = clock.now + readyTimeout
        while clock.now < deadline {
            if !process.isRunning {
                let log = prometheus.log
                await prometheus.stop()
                throw LabError(
                    "prometheus exited (code \(process.exitCode ?? -1)) before it was ready; its log ends:\n"
                        + tail(log))
            }
            if let ready = try? await LabHTTPClient.get(port: port, path: "/-/ready", timeout: .seconds(2)),
                ready.status == 200
            {
                return prometheus
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
        let log = prometheus.log
        await prometheus.stop()
        throw LabError("prometheus on port \(port) not ready within \(readyTimeout); its log ends:\n" + tail(log))
    }

    private static func makeDirectory() throws -> String {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((base + "/zkscope-prometheus-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> String? in
            guard let base = buffer.baseAddress, let result = mkdtemp(base) else { return nil }
            return String(cString: result)
        }
        guard let made else { throw LabError("cannot create a temporary directory under \(base)") }
        CleanupRegistry.shared.removeAtExit(made, true)
        return made
    }

    /// The log's error lines (the reason comes before the shutdown lines) and its last lines.
    private static func tail(_ log: String) -> String {
        let lines = log.split(separator: "\n")
        let errors = lines.filter { $0.contains("level=error") }.prefix(10)
        return (errors + ["…"] + lines.suffix(5)).joined(separator: "\n")
    }

    private static func yamlQuoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
