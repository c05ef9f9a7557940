import Foundation
import Testing
import ZooKeeperClient
import ZooKeeperLab
import ZooKeeperTLS

/// SASL DIGEST-MD5 against a real 3-member ensemble that enforces it (`enforce.auth.enabled=true`,
/// `enforce.auth.schemes=sasl`), with kazoo (SASL) as the witness: zkscope reads what kazoo wrote, including a node
/// only `sasl:bob` may read; without credentials it names -124, a wrong password is named as such, and a session
/// whose member is killed moves and authenticates again. One lab for the whole suite.
@Suite(.serialized, SaslLab())
struct SaslClientTests {
    private var lab: LabEnsemble { SaslLab.current!.lab }
    private var files: LabSecurityFiles { SaslLab.current!.files }

    private static let bob = SASLCredentials(user: "bob", password: Secret("bobsecret"))

    private func configuration(_ connectString: String, sasl: SASLCredentials?) throws -> ZooKeeperConfiguration {
        var configuration = try ZooKeeperConfiguration(connectString: connectString)
        configuration.sessionTimeout = .seconds(6)
        configuration.requestTimeout = .seconds(10)
        configuration.sasl = sasl
        return configuration
    }

    @Test func treeReadsExactlyWhatKazooWroteIncludingTheSaslBobNode() async throws {
        let result = try await ZKScopeExecutable.run(
            [
                "tree", "--json", "--data", "--servers", lab.connectString, "--sasl-user", "bob",
                "--sasl-password-file", files.passwordFile(of: "bob"),
            ], timeout: .seconds(90))
        #expect(result.exitCode == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        func data(_ path: String) -> String? {
            for line in lines {
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                    object["path"] as? String == path
                else { continue }
                if object["error"] != nil { return "error: \(object["error"]!)" }
                guard let base64 = object["data"] as? String, let bytes = Data(base64Encoded: base64) else { return "" }
                return String(decoding: bytes, as: UTF8.self)
            }
            return nil
        }
        #expect(data("/sasl-bob") == "only bob")
        #expect(data("/sasl-app/config") == "v=1")
        #expect(data("/sasl-app/empty") == "")
        #expect(!result.stdout.contains("bobsecret") && !result.stderr.contains("bobsecret"))

        // Node for node, path and data, what kazoo (as bob) reads from the same ensemble, at the same zxid range:
        // nothing writes between the two walks.
        let script = """
            import sys, base64
            from kazoo.client import KazooClient
            zk = KazooClient(hosts=sys.argv[1],
                             sasl_options={"mechanism": "DIGEST-MD5", "username": "bob", "password": "bobsecret"})
            zk.start(timeout=30)
            def walk(path):
                data, _ = zk.get(path)
                print("NODE", path, base64.b64encode(data or b"").decode())
                for child in sorted(zk.get_children(path)):
                    walk(path.rstrip("/") + "/" + child)
            walk("/")
            zk.stop()
            """
        let kazoo = try await Kazoo.run(script, arguments: [lab.connectString], timeout: .seconds(90))
        let kazooNodes = Set(
            kazoo.stdout.split(separator: "\n").filter { $0.hasPrefix("NODE ") }.map { line in
                let fields = line.split(separator: " ", omittingEmptySubsequences: false)
                return "\(fields[1]) \(fields.count > 2 ? fields[2] : "")"
            })
        let zkscopeNodes = Set(
            lines.compactMap { line -> String? in
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                    let path = object["path"] as? String
                else { return nil }
                return "\(path) \(object["data"] as? String ?? "")"
            })
        #expect(kazooNodes.count >= 6, "\(kazoo.stderr.suffix(800))")
        #expect(zkscopeNodes == kazooNodes)

        // The same through the JAAS Client section ops already have.
        let jaas = try writeJAAS(password: "bobsecret")
        defer { removeTemporary(jaas) }
        let viaJAAS = try await ZKScopeExecutable.run(
            ["tree", "--json", "--data", "--servers", lab.connectString, "--jaas", jaas, "/sasl-bob"],
            timeout: .seconds(90))
        #expect(viaJAAS.exitCode == 0, "\(viaJAAS.stderr)")
        #expect(viaJAAS.stdout.contains("\"path\":\"/sasl-bob\""))
        #expect(viaJAAS.stdout.contains(Data("only bob".utf8).base64EncodedString()))
    }

    @Test func withoutCredentialsTheCommandNamesMinus124AndTheFix() async throws {
        let clock = ContinuousClock()
        let started = clock.now
        let result = try await ZKScopeExecutable.run(
            ["tree", "--servers", lab.connectString, "--timeout", "10"], timeout: .seconds(60))
        #expect(result.exitCode == 1)
        #expect(result.stderr.contains("-124"), "\(result.stderr)")
        #expect(result.stderr.contains("the ensemble requires SASL authentication"))
        #expect(result.stderr.contains("--sasl-user USER --sasl-password-file FILE, or --jaas FILE"))
        #expect(clock.now - started < .seconds(30))

        // The library says the same with a typed code, and the session ends (no reconnect loop).
        let client = try await ZooKeeperClient.connect(try configuration(lab.connectString, sasl: nil))
        do {
            _ = try await client.getChildren("/")
            Issue.record("an unauthenticated read was answered")
        } catch {
            #expect(error.code == .sessionClosedRequireSASLAuth)
            #expect(error.message.contains("-124"))
        }
        // Terminal: no reconnect loop, later calls fail at once with the same code.
        #expect(client.sessionState == .authFailed)
        await #expect(throws: ZooKeeperError(.sessionClosedRequireSASLAuth, path: "/")) {
            _ = try await client.exists("/")
        }
        await client.close()
    }

    @Test func aWrongPasswordIsNamedAsSuch() async throws {
        let wrong = try writeTemporary("password", "not-bobs-password\n")
        defer { removeTemporary(wrong) }
        let result = try await ZKScopeExecutable.run(
            ["tree", "--servers", lab.connectString, "--sasl-user", "bob", "--sasl-password-file", wrong],
            timeout: .seconds(60))
        #expect(result.exitCode == 1)
        #expect(result.stderr.contains("wrong user name or password"), "\(result.stderr)")
        #expect(result.stderr.contains("\"bob\""))
        #expect(!result.stderr.contains("not-bobs-password"))

        var configuration = try configuration(
            lab.connectString, sasl: SASLCredentials(user: "bob", password: Secret("nope")))
        configuration.shuffleServers = false
        await #expect(throws: ZooKeeperError(.saslFailed)) {
            _ = try await ZooKeeperClient.connect(configuration, timeout: .seconds(20))
        }
    }

    @Test func badSaslInputIsOneLineAndAFailure() async throws {
        let missing = try await ZKScopeExecutable.run(
            ["tree", "--servers", lab.connectString, "--sasl-user", "bob", "--sasl-password-file", "/nonexistent/pw"],
            timeout: .seconds(30))
        #expect(missing.exitCode == 1)
        #expect(missing.stderr.contains("/nonexistent/pw does not exist"), "\(missing.stderr)")
        let directory = try await ZKScopeExecutable.run(
            ["tree", "--servers", lab.connectString, "--sasl-user", "bob", "--sasl-password-file", files.directory],
            timeout: .seconds(30))
        #expect(directory.exitCode == 1)
        #expect(directory.stderr.contains("is a directory"), "\(directory.stderr)")
        let serverOnly = try writeTemporary(
            "jaas", "Server { org.apache.zookeeper.server.auth.DigestLoginModule required user_bob=\"bobsecret\"; };")
        defer { removeTemporary(serverOnly) }
        let noClient = try await ZKScopeExecutable.run(
            ["tree", "--servers", lab.connectString, "--jaas", serverOnly], timeout: .seconds(30))
        #expect(noClient.exitCode == 1)
        #expect(noClient.stderr.contains("no Client section"), "\(noClient.stderr)")
        #expect(!noClient.stderr.contains("bobsecret"))
    }

    @Test func checkDeepWalksEveryMemberWithSASL() async throws {
        let deep = try await ZKScopeExecutable.run(
            [
                "check", "--deep", "--json", "--window", "0", "--servers", lab.connectString, "--sasl-user", "bob",
                "--sasl-password-file", files.passwordFile(of: "bob"),
            ], timeout: .seconds(120))
        #expect(deep.exitCode == 0, "\(deep.stdout.suffix(1500)) \(deep.stderr)")
        #expect(!deep.stdout.contains("Could not walk"))
        let without = try await ZKScopeExecutable.run(
            ["check", "--deep", "--json", "--window", "0", "--servers", lab.connectString], timeout: .seconds(120))
        #expect(without.stdout.contains("the ensemble requires SASL authentication"), "\(without.stdout.suffix(1500))")
        #expect(without.stdout.contains("--sasl-user USER --sasl-password-file FILE, or --jaas FILE"))
    }

    @Test func optionMistakesAreUsageErrors() async throws {
        let cases: [([String], String)] = [
            (["--sasl-user", "bob"], "--sasl-user needs --sasl-password-file"),
            (["--sasl-password-file", files.passwordFile(of: "bob")], "--sasl-password-file needs --sasl-user"),
            (["--jaas-section", "Other"], "--jaas-section needs --jaas"),
            (
                ["--jaas", "/x", "--sasl-user", "bob", "--sasl-password-file", files.passwordFile(of: "bob")],
                "either --jaas or --sasl-user"
            ),
        ]
        for (arguments, message) in cases {
            let result = try await ZKScopeExecutable.run(
                ["tree", "--servers", lab.connectString] + arguments, timeout: .seconds(30))
            #expect(result.exitCode == 64, "\(arguments)")
            #expect(result.stderr.contains(message), "\(result.stderr)")
        }
    }

    @Test func aKilledMemberSessionMovesAndAuthenticatesAgain() async throws {
        var configuration = try configuration(lab.connectString, sasl: Self.bob)
        configuration.reconnectBackoffMax = .milliseconds(200)
        let client = try await ZooKeeperClient.connect(configuration, timeout: .seconds(20))
        defer { Task { await client.close() } }
        #expect(try await client.getData("/sasl-bob").data == Array("only bob".utf8))
        let sessionID = client.sessionID
        let server = try #require(client.connectedServer)
        let victim = try #require(lab.members.first { $0.clientPort == server.port })
        let states = client.connectionStates()
        let clock = ContinuousClock()
        let killedAt = clock.now
        try await lab.kill(victim.id)
        #expect(await firstMatch(states, timeout: .seconds(60)) { $0 == .suspended } != nil)
        #expect(await firstMatch(states, timeout: .seconds(60)) { $0 == .connected } != nil)
        #expect(client.sessionID == sessionID)
        #expect(client.connectedServer?.port != victim.clientPort)
        // Read again: on an enforcing ensemble this only works if the new connection authenticated as bob.
        #expect(try await client.getData("/sasl-bob").data == Array("only bob".utf8))
        print(
            "sasl failover: member \(victim.id) killed, re-authenticated on \(client.connectedServer.map { "\($0)" } ?? "-") "
                + "and read /sasl-bob \(clock.now - killedAt) later")
        try await lab.start(victim.id)
    }

    private func writeJAAS(password: String) throws -> String {
        try writeTemporary(
            "jaas",
            """
            // what ops already have for zkCli
            Client {
              org.apache.zookeeper.server.auth.DigestLoginModule required
              username="bob"
              password="\(password)";
            };
            """)
    }

    /// Removes a file `writeTemporary` made, with its directory.
    private func removeTemporary(_ path: String) {
        try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
    }

    private func writeTemporary(_ name: String, _ text: String) throws -> String {
        let directory = try WitnessRunner.makeWorkDirectory(prefix: "sasl-client")
        let path = directory + "/" + name
        _ = FileManager.default.createFile(
            atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        return path
    }
}

/// The suite's one lab: started before its first test, seeded by kazoo, shut down after its last.
struct SaslLab: SuiteTrait, TestScoping {
    /// The running lab and its files, for the suite's tests.
    struct Running: Sendable {
        var lab: LabEnsemble
        var files: LabSecurityFiles
    }

    @TaskLocal static var current: Running?

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        var options = LabOptions(members: 3, adminServer: false, tickTimeMilliseconds: 500)
        options.security = LabSecurity(sasl: LabSASL())
        try await LabEnsemble.with(options) { lab in
            guard let files = lab.securityFiles else { throw LabError("the SASL lab wrote no security files") }
            try await Self.seedWithKazoo(lab)
            try await Self.$current.withValue(Running(lab: lab, files: files)) { try await function() }
        }
    }

    /// kazoo, authenticated as bob, writes a small tree with one node only `sasl:bob` may read.
    private static func seedWithKazoo(_ lab: LabEnsemble) async throws {
        let script = """
            import sys
            from kazoo.client import KazooClient
            from kazoo.security import make_acl
            zk = KazooClient(hosts=sys.argv[1],
                             sasl_options={"mechanism": "DIGEST-MD5", "username": "bob", "password": "bobsecret"})
            zk.start(timeout=30)
            zk.create("/sasl-app/config", b"v=1", makepath=True)
            zk.create("/sasl-app/empty", b"")
            zk.create("/sasl-bob", b"only bob", acl=[make_acl("sasl", "bob", all=True)])
            acl = zk.get_acls("/sasl-bob")[0][0]
            print("ACL", acl.id.scheme, acl.id.id, acl.perms)
            zk.stop()
            """
        let result = try await Kazoo.run(script, arguments: [lab.connectString], timeout: .seconds(90))
        guard result.stdout.contains("ACL sasl bob 31") else {
            throw LabError("kazoo could not seed the SASL lab: \(result.stderr.suffix(800))")
        }
    }
}
