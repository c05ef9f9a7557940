import Foundation
import Testing
import ZooKeeperLab

#if canImport(Glibc)
    import Glibc
#endif

/// `zkscope serve` (the real binary) against a real 3-member ensemble over loopback: metrics, the JSON API, a
/// stopped member's series and finding, an unreachable ensemble beside it, and a graceful SIGTERM.
@Suite(.serialized)
struct ServeTests {
    @Test func servesMetricsAndFindingsOfARealEnsembleAndStopsOnSIGTERM() async throws {
        try await LabEnsemble.with(LabOptions(members: 3, tickTimeMilliseconds: 500)) { lab in
            let servers = lab.members.map { "\($0.host):\($0.clientPort)@\($0.adminPort)" }.joined(separator: ",")
            // `ghost` has no server at all: it must only affect its own rows.
            let config = try Self.configFile(
                """
                [ensembles.alpha]
                servers = "\(servers)"
                interval = 1

                [ensembles.ghost]
                servers = "127.0.0.1:1"
                interval = 1
                """)
            let stateDir = try WitnessRunner.makeWorkDirectory(prefix: "zkscope-serve-state")
            let serve = try await ServeProcess(["--config-file", config, "--state-dir", stateDir])
            do {
                try await run(serve, lab)
            } catch {
                await serve.stop()
                throw error
            }
            await serve.stop()
            // Restarted, serve (and `history`) still list the events of the first run: they are in SQLite.
            let again = try await ServeProcess(["--config-file", config, "--state-dir", stateDir])
            do {
                let events = try await again.get("/api/v1/events?since=0&ensemble=alpha")
                #expect(events.body.contains(#""code":"member-down""#), "\(events.body)")
                let history = try await ZKScopeExecutable.run(
                    ["history", "--state-dir", stateDir, "--ensemble", "alpha", "--json"], timeout: .seconds(30))
                #expect(history.exitCode == 0, "\(history)")
                #expect(history.stdout.contains("member-down"), "\(history.stdout)")
            } catch {
                await again.stop()
                throw error
            }
            await again.stop()
        }
    }

    private func run(_ serve: ServeProcess, _ lab: LabEnsemble) async throws {
        let members = lab.members.map(\.clientAddress)
        func up(_ member: String, _ value: Int) -> String {
            #"zkscope_member_up{ensemble="alpha",member="\#(member)"} \#(value)"#
        }
        try await serve.waitForMetrics("every alpha member up and a leader") { body in
            members.allSatisfy { body.contains(up($0, 1)) }
                && body.contains(#"zkscope_ensemble_leaders{ensemble="alpha"} 1"#)
                && body.contains(#"zkscope_ensemble_quorum_ok{ensemble="alpha"} 1"#)
        }
        let healthy = try await serve.waitForMetrics("ghost's member reported down") { body in
            body.contains(#"zkscope_member_up{ensemble="ghost",member="127.0.0.1:1"} 0"#)
        }
        #expect(healthy.contains("# TYPE zkscope_member_restarts_total counter"))
        #expect(healthy.contains(#"role="leader""#))
        #expect(!healthy.contains(#"zkscope_finding{ensemble="alpha""#), "\(healthy)")

        let health = try await serve.get("/healthz")
        #expect(health.status == 200 && health.body == "ok\n")
        let api = try await serve.get("/api/v1/ensembles")
        #expect(api.status == 200)
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(api.body.utf8)) as? [String: Any], "\(api.body)")
        let ensembles = try #require(document["ensembles"] as? [String: Any])
        #expect(Set(ensembles.keys) == ["alpha", "ghost"])
        let alpha = try #require(ensembles["alpha"] as? [String: Any])
        #expect((alpha["members"] as? [[String: Any]])?.count == 3)
        #expect(alpha["findings"] is [Any])

        // Stop a follower: its up goes to 0 and member-down is raised for alpha only.
        let follower = try #require(
            lab.members.first { healthy.contains(#"member="\#($0.clientAddress)",state="serving",role="follower""#) })
        let since = Date().timeIntervalSince1970
        try await lab.stop(follower.id)
        let down = try await serve.waitForMetrics("member-down for alpha") { body in
            body.contains(up(follower.clientAddress, 0))
                && body.contains(#"zkscope_finding{ensemble="alpha",code="member-down",severity="#)
        }
        #expect(
            down.contains(#"zkscope_check_status{ensemble="alpha"} 1"#)
                || down.contains(#"zkscope_check_status{ensemble="alpha"} 2"#))
        #expect(down.contains(#"zkscope_ensemble_quorum_ok{ensemble="alpha"} 1"#))
        let events = try await serve.get("/api/v1/events?since=\(since)&ensemble=alpha")
        #expect(events.status == 200)
        #expect(events.body.contains(#""kind":"member-state-changed""#), "\(events.body)")
        #expect(events.body.contains(#""code":"member-down""#), "\(events.body)")
        let bad = try await serve.get("/api/v1/events?since=yesterday")
        #expect(bad.status == 400)

        // SIGTERM: a graceful exit, status 0, promptly.
        let clock = ContinuousClock()
        let start = clock.now
        kill(serve.process.pid, SIGTERM)
        let exited = await serve.process.waitForExit(timeout: .seconds(20))
        #expect(exited, "serve still running 20 s after SIGTERM")
        #expect(clock.now - start < .seconds(10))
        #expect(serve.process.exitCode == 0, "\(serve.process.standardError)")
    }

    /// A port in use: one clear line naming it and the fix, non-zero exit, no hang. No ZooKeeper needed.
    @Test func aPortInUseIsOneClearLine() async throws {
        let first = try await ServeProcess(["--servers", "127.0.0.1:1"])
        do {
            let port = try #require(first.baseURL.split(separator: ":").last.map(String.init))
            let result = try await ZKScopeExecutable.run(
                ["serve", "--listen", "127.0.0.1:\(port)", "--servers", "127.0.0.1:1"], timeout: .seconds(60))
            #expect(result.exitCode == 1, "\(result)")
            let lines = result.stderr.split(separator: "\n").filter { $0.hasPrefix("zkscope serve:") }
            #expect(
                lines == [
                    "zkscope serve: cannot listen on 127.0.0.1:\(port): the port is in use by another process; "
                        + "stop it or choose another with --listen HOST:PORT"
                ], "\(result.stderr)")
            #expect(first.process.isRunning)
        } catch {
            await first.stop()
            throw error
        }
        await first.stop()
    }

    /// A config file with two ensembles of one name, an unknown key, a syntax error or a missing password file,
    /// a malformed shard and a bad listen address: one line each naming the cause, exit 64, nothing listens.
    @Test func badInputIsOneLineAndExit64() async throws {
        let duplicate = try Self.configFile(
            "[ensembles.a]\nservers = \"127.0.0.1:1\"\n\n[ensembles.a]\nservers = \"127.0.0.1:2\"\n")
        let unknownKey = try Self.configFile("[ensembles.a]\nservers = \"127.0.0.1:1\"\nintervall = 2\n")
        let syntax = try Self.configFile("[ensembles.a\nservers = \"127.0.0.1:1\"\n")
        let missingPassword = try Self.configFile(
            "[ensembles.a]\nservers = \"127.0.0.1:1\"\nsasl = { user = \"u\", password_file = \"/nonexistent/pw\" }\n")
        let cases: [([String], String)] = [
            (["--config-file", duplicate], duplicate),
            (["--config-file", unknownKey], "intervall"),
            (["--config-file", syntax], syntax),
            (["--config-file", missingPassword], "/nonexistent/pw"),
            (["--shard", "2/2", "--servers", "127.0.0.1:1"], "--shard must be i/n"),
            (["--listen", "nowhere", "--servers", "127.0.0.1:1"], "--listen must be HOST:PORT"),
        ]
        for (arguments, expected) in cases {
            let result = try await ZKScopeExecutable.run(
                ["serve", "--listen", "127.0.0.1:0"] + arguments, timeout: .seconds(30))
            #expect(result.exitCode == 64, "\(arguments): \(result)")
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1 || result.stderr.contains("Usage:"), "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(expected), "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("listening on"), "\(arguments): \(result.stderr)")
        }
    }

    /// A configuration file in a fresh private directory.
    static func configFile(_ text: String) throws -> String {
        let directory = try WitnessRunner.makeWorkDirectory(prefix: "zkscope-serve-config")
        let path = directory + "/config.toml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
