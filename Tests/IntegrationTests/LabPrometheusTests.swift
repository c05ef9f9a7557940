import Foundation
import Synchronization
import TestSupport
import Testing
import ZooKeeperLab

/// The Prometheus lab harness and the shipped alert rules under the real rule engine: Debian's `prometheus`
/// scrapes a fake `/metrics` served here, and an alert goes pending, fires and clears for one ensemble only.
@Suite(.serialized)
struct LabPrometheusTests {
    /// Both ensembles serving.
    static let healthy = """
        zkscope_serve_up 1
        zkscope_ensemble_quorum_ok{ensemble="a"} 1
        zkscope_ensemble_quorum_ok{ensemble="b"} 1
        zkscope_member_info{ensemble="a",member="127.0.0.1:2181",state="serving",role="leader",version="3.8.0"} 1
        zkscope_member_info{ensemble="a",member="127.0.0.1:2182",state="serving",role="follower",version="3.8.0"} 1
        zkscope_member_info{ensemble="a",member="127.0.0.1:2183",state="serving",role="follower",version="3.8.0"} 1
        zkscope_member_info{ensemble="b",member="127.0.0.1:3181",state="serving",role="leader",version="3.8.0"} 1

        """

    /// Two of ensemble a's three members down (so no quorum); b untouched.
    static let twoDownInA = """
        zkscope_serve_up 1
        zkscope_ensemble_quorum_ok{ensemble="a"} 0
        zkscope_ensemble_quorum_ok{ensemble="b"} 1
        zkscope_member_info{ensemble="a",member="127.0.0.1:2181",state="not-serving",role="unknown",version="3.8.0"} 1
        zkscope_member_info{ensemble="a",member="127.0.0.1:2182",state="down",role="unknown",version=""} 1
        zkscope_member_info{ensemble="a",member="127.0.0.1:2183",state="down",role="unknown",version=""} 1
        zkscope_member_info{ensemble="b",member="127.0.0.1:3181",state="serving",role="leader",version="3.8.0"} 1
        zkscope_finding{ensemble="a",code="member-down",severity="critical"} 1
        zkscope_finding{ensemble="a",code="quorum-lost",severity="critical"} 1

        """

    @Test func shippedAlertsGoPendingFireAndClearForOneEnsembleOnly() async throws {
        let exposition = Exposition(Self.healthy)
        let target = try await FakeTCPServer { request in
            guard request.contains("\r\n\r\n") else { return nil }
            return .reply(exposition.response())
        }
        let rules = try LabPrometheus.shippedAlertRules(nearSourceFile: #filePath)
        do {
            try await LabPrometheus.with(target: "127.0.0.1:\(target.port)", ruleFiles: [rules]) { prometheus in
                let client = prometheus.client
                // The target is scraped and the rules are loaded before anything is broken.
                try await eventually("the fake target is up", prometheus) {
                    try await client.query("up{job=\"zkscope\"}").map(\.value) == [1]
                }
                try await eventually("ensemble a's quorum gauge is scraped", prometheus) {
                    try await client.query("zkscope_ensemble_quorum_ok{ensemble=\"a\"}").map(\.value) == [1]
                }
                #expect(try await client.alerts().filter { $0.name.hasPrefix("Zookeeper") }.isEmpty)

                exposition.set(Self.twoDownInA)
                // Member down (for: 2m) goes pending per member; quorum lost (for: 30s) fires.
                try await eventually("ZookeeperMemberDown pending for both down members of a", prometheus) {
                    let pending = try await client.alerts().filter { $0.name == "ZookeeperMemberDown" }
                    return Set(pending.compactMap { $0.labels["member"] }) == ["127.0.0.1:2182", "127.0.0.1:2183"]
                        && pending.allSatisfy { $0.state == "pending" && $0.labels["ensemble"] == "a" }
                }
                try await eventually("ZookeeperQuorumLost firing for a", prometheus) {
                    try await client.alerts().contains { $0.name == "ZookeeperQuorumLost" && $0.state == "firing" }
                }
                let alerts = try await client.alerts()
                let quorum = try #require(alerts.first { $0.name == "ZookeeperQuorumLost" })
                #expect(quorum.labels["ensemble"] == "a")
                #expect(quorum.labels["severity"] == "critical")
                #expect(quorum.annotations["summary"] == "ZooKeeper ensemble a has no quorum")
                #expect(quorum.annotations["remedy"]?.hasPrefix("Bring the down or not-serving members back") == true)
                let down = alerts.filter { $0.name == "ZookeeperMemberDown" }
                #expect(down.allSatisfy { $0.labels["severity"] == "warning" })
                #expect(down.allSatisfy { $0.annotations["remedy"]?.hasPrefix("Start the ZooKeeper service") == true })
                // Nothing about ensemble b, nor about zkscope itself.
                #expect(alerts.allSatisfy { $0.labels["ensemble"] == "a" }, "\(alerts)")

                exposition.set(Self.healthy)
                try await eventually("every ZooKeeper alert cleared", prometheus) {
                    try await client.alerts().filter { $0.name.hasPrefix("Zookeeper") }.isEmpty
                }
            }
        } catch {
            await target.stop()
            throw error
        }
        await target.stop()
        #expect(target.received.count >= 10, "Prometheus scraped the fake every second")
    }

    @Test func aRuleFilePrometheusRefusesIsNamedWithTheLogTail() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zkscope-bad-rules-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let bad = directory.appendingPathComponent("bad.yml").path
        try "groups:\n  - name: x\n    rules:\n      - alert: X\n        expr: this is not promql\n".write(
            toFile: bad, atomically: true, encoding: .utf8)
        let error = await #expect(throws: LabError.self) {
            _ = try await LabPrometheus.start(target: "127.0.0.1:9", ruleFiles: [bad])
        }
        #expect(error?.description.contains("prometheus exited") == true, "\(String(describing: error))")
        #expect(error?.description.contains("bad.yml") == true, "the refused rule file is named")
    }
}

/// The fake target's exposition text, swapped while Prometheus scrapes it.
private final class Exposition: Sendable {
    private let text: Mutex<String>

    init(_ text: String) { self.text = Mutex(text) }

    func set(_ new: String) { text.withLock { $0 = new } }

    /// An HTTP/1.1 200 in the text format 0.0.4.
    func response() -> [UInt8] {
        let body = text.withLock { $0 }
        return Array(
            ("HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n"
                + "Content-Length: \(body.utf8.count)\r\n\r\n" + body).utf8)
    }
}
