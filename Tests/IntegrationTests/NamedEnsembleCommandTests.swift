import Foundation
import Testing
import ZooKeeperLab

/// `--ensemble NAME` from the configuration file, through the built binary: the same check and tree as the
/// command-line options give, and every mistake in the file one line naming file:line and the fix.
@Suite(.serialized)
struct NamedEnsembleCommandTests {
    @Test func checkAndTreeReadANamedEnsemble() async throws {
        try await LabEnsemble.with(LabOptions(members: 1)) { lab in
            let work = try WitnessRunner.makeWorkDirectory(prefix: "zkscope-named")
            defer { try? FileManager.default.removeItem(atPath: work) }
            let file = work + "/config.toml"
            try Data(
                """
                [defaults]
                interval = 0.5

                [ensembles.other]
                servers = "127.0.0.1:1"

                [ensembles.lab]
                servers = "\(lab.connectString)"
                admin = false
                """.utf8
            ).write(to: URL(fileURLWithPath: file))
            let check = try await ZKScopeExecutable.run(
                ["check", "--config-file", file, "--ensemble", "lab", "--window", "1", "--json"], timeout: .seconds(60))
            #expect(check.exitCode == 0, "\(check)")
            #expect(check.stdout.contains("\"role\" : \"standalone\""), "\(check)")
            #expect(!check.stdout.contains("127.0.0.1:1\""), "\(check)")

            // ZKSCOPE_CONFIG names the file when --config-file does not.
            var environment = ProcessInfo.processInfo.environment
            environment["ZKSCOPE_CONFIG"] = file
            let tree = try await ZKScopeExecutable.run(
                ["tree", "--ensemble", "lab", "/zookeeper"], timeout: .seconds(60), environment: environment)
            #expect(tree.exitCode == 0, "\(tree)")
            #expect(tree.stdout.contains("config"), "\(tree)")

            // Several ensembles and no --ensemble: check names them instead of guessing.
            let several = try await ZKScopeExecutable.run(
                ["check", "--config-file", file, "--window", "0"], timeout: .seconds(60))
            #expect(several.exitCode == 3, "\(several)")
            #expect(several.stderr.contains("names several ensembles (other, lab)"), "\(several)")
        }
    }

    @Test func mistakesInTheFileAreOneLineWithFileAndLine() async throws {
        let work = try WitnessRunner.makeWorkDirectory(prefix: "zkscope-named-bad")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let cases: [(String, String)] = [
            ("[ensembles.a]\nservers = \"127.0.0.1:1\n", "config.toml:2: invalid string"),
            ("[ensembles.a]\nservers = \"127.0.0.1:1\"\nintervall = 2\n", "config.toml:3: unknown key \"intervall\""),
            (
                "[ensembles.a]\nservers = \"127.0.0.1:1\"\n[ensembles.a]\nservers = \"127.0.0.1:2\"\n",
                "config.toml:3: invalid table header"
            ),
            (
                "[ensembles.a]\nservers = \"127.0.0.1:1\"\nsasl = { user = \"u\", password_file = \"\(work)/none\" }\n",
                "config.toml:3: the SASL password file \(work)/none does not exist"
            ),
            ("[ensembles.b]\nservers = \"127.0.0.1:1\"\n", "no ensemble named \"a\""),
        ]
        for (text, expected) in cases {
            let file = work + "/config.toml"
            try Data(text.utf8).write(to: URL(fileURLWithPath: file))
            for command in [["check", "--window", "0"], ["tree", "--timeout", "2"]] {
                let run = try await ZKScopeExecutable.run(
                    command + ["--config-file", file, "--ensemble", "a"], timeout: .seconds(60))
                #expect(run.exitCode == (command[0] == "check" ? 3 : 1), "\(text): \(run)")
                #expect(run.stderr.split(separator: "\n").count == 1, "\(text): \(run)")
                #expect(run.stderr.contains(expected), "\(text): \(run)")
                #expect(run.stdout.isEmpty, "\(text): \(run)")
            }
        }
        // --ensemble with options that name other members or credentials is a usage error.
        let conflict = try await ZKScopeExecutable.run(
            ["check", "--config-file", work + "/config.toml", "--ensemble", "b", "--servers", "127.0.0.1:2"],
            timeout: .seconds(60))
        #expect(conflict.exitCode == 64, "\(conflict)")
        #expect(conflict.stderr.contains("drop --servers/--config"), "\(conflict)")
    }
}
