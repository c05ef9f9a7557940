import Foundation
import Testing
import ZooKeeperLab

/// Exit statuses the README promises: 64 for bad arguments in every command, CRITICAL for a check whose
/// only server is down, and a clear refusal when `ZOOCFGDIR` names no usable zoo.cfg.
@Suite(.serialized)
struct CommandExitCodeTests {
    @Test(arguments: [
        ["check", "--window", "-1"],
        ["check", "--servers", "127.0.0.1:1,,127.0.0.1:2"],
        ["check", "--servers", "127.0.0.1:99999"],
        ["check", "--bogus"],
        ["tree", "--sessions", "0"],
        ["tree", "--servers", "127.0.0.1:notaport"],
        ["tree", "relative/path"],
        ["dashboard", "--interval", "0"],
        ["dashboard", "--servers", "127.0.0.1:1@x"],
        ["--bogus"],
        ["demo", "--interval", "soon"],
        ["lab", "up", "--members", "0"],
        ["lab", "status", "--bogus"],
        ["themes", "check"],
        ["themes", "list", "extra"],
        ["bench", "walk"],
        ["tui-selftest", "--colors", "many"],
    ])
    func badArgumentsExit64(arguments: [String]) async throws {
        let run = try await ZKScopeExecutable.run(arguments, timeout: .seconds(60))
        #expect(run.exitCode == 64, "\(arguments): \(run)")
        #expect(run.stderr.contains("Error:"), "\(arguments): \(run)")
        #expect(run.stdout.isEmpty, "\(arguments): \(run)")
    }

    /// The benchmarks live in `zkscope-bench` (`zkscope bench` is an unknown command, above): their bad arguments
    /// are refused before any lab starts.
    @Test(arguments: [["walk", "--runs", "0"], ["walk", "--sessions", "1"], ["dashboard", "--bogus"], ["nope"]])
    func badBenchmarkArgumentsExit64(arguments: [String]) async throws {
        let run = try await ZKScopeExecutable.run(arguments, timeout: .seconds(60), program: "zkscope-bench")
        #expect(run.exitCode == 64, "\(arguments): \(run)")
        #expect(run.stderr.contains("Error:"), "\(arguments): \(run)")
        #expect(run.stdout.isEmpty, "\(arguments): \(run)")
    }

    /// The only server refuses connections: nothing can be read or written, so CRITICAL, not UNKNOWN.
    @Test func aDownStandaloneIsCritical() async throws {
        let common = ["check", "--servers", "127.0.0.1:1", "--interval", "0.2", "--window", "0", "--no-admin"]
        let text = try await ZKScopeExecutable.run(common, timeout: .seconds(60))
        #expect(text.exitCode == 2, "\(text)")
        #expect(text.stdout.hasPrefix("ZOOKEEPER CRITICAL - 0/1 members serving"), "\(text)")
        #expect(text.stdout.contains("CRITICAL no-member-serving"), "\(text)")
        #expect(text.stdout.contains("The only member, 127.0.0.1:1, is down"), "\(text)")
        #expect(text.stdout.contains("  127.0.0.1:1: down: connection refused"), "\(text)")

        let json = try await ZKScopeExecutable.run(common + ["--json"], timeout: .seconds(60))
        #expect(json.exitCode == 2, "\(json)")
        #expect(json.stdout.contains("\"code\" : \"no-member-serving\""), "\(json)")
        #expect(json.stdout.contains("\"reason\" : \"connection refused"), "\(json)")
    }

    /// `tree` that cannot connect says why the attempts failed, not only that time ran out.
    @Test func treeNamesWhyItCannotConnect() async throws {
        let refused = try await ZKScopeExecutable.run(
            ["tree", "--servers", "127.0.0.1:1", "--timeout", "2"], timeout: .seconds(60))
        #expect(refused.exitCode == 1, "\(refused)")
        #expect(refused.stderr.contains("connection refused: nothing listens on 127.0.0.1:1"), "\(refused)")

        let unknown = try await ZKScopeExecutable.run(
            ["tree", "--servers", "no-such-host.invalid:2181", "--timeout", "2"], timeout: .seconds(60))
        #expect(unknown.exitCode == 1, "\(unknown)")
        #expect(unknown.stderr.contains("host no-such-host.invalid does not resolve"), "\(unknown)")
    }

    /// A set ZOOCFGDIR is a choice, like --config: when it names no readable zoo.cfg, zkscope says so and
    /// stops instead of silently checking whatever /etc/zookeeper/conf or localhost holds.
    @Test func aBrokenZooCfgDirIsNamedNotSkipped() async throws {
        let work = try WitnessRunner.makeWorkDirectory(prefix: "zkscope-zoocfgdir")
        defer { try? FileManager.default.removeItem(atPath: work) }
        var environment = ProcessInfo.processInfo.environment
        environment["ZOOCFGDIR"] = work  // an empty directory: no zoo.cfg
        let check = try await ZKScopeExecutable.run(
            ["check", "--interval", "0.2", "--window", "0", "--no-admin"], timeout: .seconds(60),
            environment: environment)
        #expect(check.exitCode == 3, "\(check)")
        #expect(check.stderr.split(separator: "\n").count == 1, "\(check)")
        #expect(check.stderr.contains("\(work)/zoo.cfg"), "\(check)")
        #expect(check.stderr.contains("ZOOCFGDIR=\(work)"), "\(check)")
        #expect(check.stdout.isEmpty, "\(check)")

        try Data("tickTime=2000\nthis is not a setting\n".utf8).write(to: URL(fileURLWithPath: work + "/zoo.cfg"))
        let tree = try await ZKScopeExecutable.run(
            ["tree", "--timeout", "2"], timeout: .seconds(60), environment: environment)
        #expect(tree.exitCode == 64, "\(tree)")
        #expect(tree.stderr.contains("\(work)/zoo.cfg:2:"), "\(tree)")
        #expect(tree.stderr.contains("ZOOCFGDIR=\(work)"), "\(tree)")
    }
}
