import Foundation
import Testing
import ZooKeeperLab

/// Issue 13's acceptance, all real parts on loopback: `zkscope serve` (the built binary) watches two real ensembles,
/// Debian's real `prometheus` scrapes it every second with the shipped alert rules. A member of one ensemble is
/// stopped: Prometheus's query API shows the member-down finding series and its alerts API the firing
/// `ZookeeperMemberDown`, for that ensemble only; the member comes back and both clear. Then `serve` is restarted and
/// `zkscope history` still lists the earlier events.
@Suite(.serialized)
struct FleetPrometheusAcceptanceTests {
    @Test func aDownMemberReachesPrometheusForItsEnsembleOnlyAndClears() async throws {
        // Two ensembles: alpha has three members, beta one (a sixth JVM would add nothing on two cores).
        try await LabEnsemble.with(LabOptions(members: 3, tickTimeMilliseconds: 500)) { alpha in
            try await LabEnsemble.with(LabOptions(members: 1)) { beta in
                try await run(alpha: alpha, beta: beta)
            }
        }
    }

    private func run(alpha: LabEnsemble, beta: LabEnsemble) async throws {
        func servers(_ lab: LabEnsemble) -> String {
            lab.members.map { "\($0.host):\($0.clientPort)@\($0.adminPort)" }.joined(separator: ",")
        }
        let config = try ServeTests.configFile(
            """
            [defaults]
            interval = 1

            [ensembles.alpha]
            servers = "\(servers(alpha))"

            [ensembles.beta]
            servers = "\(servers(beta))"
            """)
        let stateDir = try WitnessRunner.makeWorkDirectory(prefix: "zkscope-fleet-state")
        defer { try? FileManager.default.removeItem(atPath: stateDir) }
        let rules = try LabPrometheus.shippedAlertRules(nearSourceFile: #filePath)
        let serve = try await ServeProcess(["--config-file", config, "--state-dir", stateDir])
        let target = String(serve.baseURL.dropFirst("http://".count))
        var victim: LabMember?
        do {
            try await LabPrometheus.with(target: target, ruleFiles: [rules]) { prometheus in
                let client = prometheus.client
                try await eventually(
                    "Prometheus scrapes every member of both ensembles as up", prometheus, timeout: .seconds(90)
                ) {
                    let up = try await client.query("zkscope_member_up == 1")
                    return up.filter { $0.labels["ensemble"] == "alpha" }.count == 3
                        && up.filter { $0.labels["ensemble"] == "beta" }.count == 1
                }
                #expect(try await client.alerts().filter { $0.name.hasPrefix("Zookeeper") }.isEmpty)

                // Stop a follower of alpha (not its leader: the quorum stays, only member-down is expected).
                let roles = try await client.query("zkscope_member_info{ensemble=\"alpha\",role=\"follower\"}")
                let followerAddress = try #require(roles.first?.labels["member"], "\(roles)")
                let follower = try #require(alpha.members.first { $0.clientAddress == followerAddress })
                victim = follower
                try await alpha.stop(follower.id)

                try await eventually("the member-down finding series for alpha", prometheus, timeout: .seconds(90)) {
                    let findings = try await client.query("zkscope_finding{code=\"member-down\"}")
                    return findings.contains { $0.labels["ensemble"] == "alpha" && $0.value == 1 }
                }
                // The rule waits 2 minutes before firing (a planned restart takes seconds).
                try await eventually("ZookeeperMemberDown firing for alpha", prometheus, timeout: .seconds(240)) {
                    try await client.alerts().contains {
                        $0.name == "ZookeeperMemberDown" && $0.state == "firing" && $0.labels["ensemble"] == "alpha"
                    }
                }
                let alerts = try await client.alerts().filter { $0.name.hasPrefix("Zookeeper") }
                #expect(alerts.allSatisfy { $0.labels["ensemble"] == "alpha" }, "beta raised nothing: \(alerts)")
                let down = try #require(alerts.first { $0.name == "ZookeeperMemberDown" && $0.state == "firing" })
                #expect(down.labels["member"] == followerAddress, "\(down)")
                #expect(down.annotations["remedy"]?.isEmpty == false, "\(down)")
                let betaFindings = try await client.query("zkscope_finding{ensemble=\"beta\"}")
                #expect(betaFindings.isEmpty, "\(betaFindings)")

                // Heal: the member comes back, the series and the alert clear.
                try await alpha.start(follower.id)
                victim = nil
                try await eventually("the member-down series gone", prometheus, timeout: .seconds(120)) {
                    try await client.query("zkscope_finding{code=\"member-down\"}").isEmpty
                }
                try await eventually("ZookeeperMemberDown cleared", prometheus, timeout: .seconds(120)) {
                    try await !client.alerts().contains { $0.name == "ZookeeperMemberDown" }
                }
            }
        } catch {
            if let victim { try? await alpha.start(victim.id) }
            await serve.stop()
            throw error
        }
        await serve.stop()

        // Restarted on the same state directory, serve keeps the timeline: history lists the first run's events.
        let again = try await ServeProcess(["--config-file", config, "--state-dir", stateDir])
        await again.stop()
        let history = try await ZKScopeExecutable.run(
            ["history", "--state-dir", stateDir, "--ensemble", "alpha", "--since", "1h"], timeout: .seconds(30))
        #expect(history.exitCode == 0, "\(history)")
        #expect(history.stdout.contains("finding-raised member-down"), "\(history.stdout)")
        #expect(history.stdout.contains("finding-cleared member-down"), "\(history.stdout)")
        #expect(!history.stdout.contains("  beta  "), "only alpha's events: \(history.stdout)")
    }
}
