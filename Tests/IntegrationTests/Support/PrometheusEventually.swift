import Testing
import ZooKeeperLab

/// Polls `condition` every 250 ms until it holds; after `timeout` records what was waited for with Prometheus's
/// active alerts and log tail, and throws. Shared by the suites that drive a real Prometheus.
func eventually(
    _ what: String, _ prometheus: LabPrometheus, timeout: Duration = .seconds(60),
    _ condition: () async throws -> Bool
) async throws {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    var lastError: (any Error)?
    while clock.now < deadline {
        do {
            if try await condition() { return }
        } catch {
            lastError = error
        }
        try await Task.sleep(for: .milliseconds(250))
    }
    let alerts = (try? await prometheus.client.alerts()).map { "\($0)" } ?? "?"
    Issue.record(
        Comment(
            rawValue: "not within \(timeout): \(what); last error: \(lastError.map { "\($0)" } ?? "none"); "
                + "alerts: \(alerts); log tail: \(prometheus.log.suffix(1500))"))
    throw CancellationError()
}
