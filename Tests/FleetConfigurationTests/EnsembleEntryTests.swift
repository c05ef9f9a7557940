import EnsembleCore
import Foundation
import Testing
import ZooKeeperClient
import ZooKeeperTLS

@testable import FleetConfiguration

@Suite("EnsembleEntry: resolving a named ensemble reads its files")
struct EnsembleEntryTests {
    @Test func resolvesMembersSecretsAndSessionOptions() throws {
        let directory = try TemporaryDirectory()
        let password = try directory.write("pw", "s3cret\nignored\n")
        let digest = try directory.write("digest", "alice:pw\n")
        let text = """
            [ensembles.lab]
            servers = "127.0.0.1:2181,127.0.0.1:2182"
            interval = 0.5
            max_reply_size = 4096
            sasl = { user = "bob", password_file = "\(password)" }
            [[ensembles.lab.auth]]
            scheme = "digest"
            credentials_file = "\(digest)"
            """
        let profile = try FleetFile.parse(text, file: "f.toml")[0].resolve()
        #expect(profile.name == "lab")
        #expect(profile.configuration.members.map(\.address) == ["127.0.0.1:2181", "127.0.0.1:2182"])
        #expect(profile.settings.interval == .milliseconds(500))
        #expect(profile.settings.tls == nil)
        #expect(profile.session.sasl?.user == "bob")
        #expect(profile.session.sasl?.password.value == "s3cret")
        #expect(profile.session.credentials == [AuthCredential(scheme: "digest", credentials: Array("alice:pw".utf8))])
        #expect(profile.session.maxReplySize == 4096)
    }

    @Test func passwordsComeFromTheEnvironmentToo() throws {
        var request = SASLRequest(origin: .commandLine)
        request.user = "bob"
        request.password = .environment("ZK_TEST_PASSWORD")
        let secret = try request.password?.read(
            named: "SASL password", origin: .commandLine, option: "--x", key: "password_env",
            environment: ["ZK_TEST_PASSWORD": "from-env"])
        #expect(secret?.value == "from-env")
        #expect(throws: FleetConfigError.self) {
            try request.password?.read(
                named: "SASL password", origin: .commandLine, option: "--x", key: "password_env", environment: [:])
        }
    }

    @Test func aMissingPasswordFileIsReportedAtItsKeyLine() throws {
        let text = """
            [ensembles.lab]
            servers = "127.0.0.1:2181"

            [ensembles.lab.sasl]
            user = "bob"
            password_file = "/nonexistent/pw"
            """
        let entry = try FleetFile.parse(text, file: "f.toml")[0]
        #expect(throws: FleetConfigError.self) { try entry.resolve() }
        do {
            _ = try entry.resolve()
        } catch {
            #expect(error.line == 6)
            #expect(
                error.description
                    == "f.toml:6: the SASL password file /nonexistent/pw does not exist: check the path given to "
                    + "ensembles.lab.sasl.password_file")
        }
    }

    @Test func tlsSettingsResolveLikeTheCommandLineOptions() throws {
        let text = """
            [ensembles.lab]
            servers = "127.0.0.1:2281"
            tls = { ca = "/ca.pem", cert = "/c.pem", key = "/c.key", server_name = "zk" }
            """
        let profile = try FleetFile.parse(text, file: "f.toml")[0].resolve()
        var expected = TLSSettings(trust: .file(path: "/ca.pem", password: nil), serverName: "zk")
        expected.identity = .pem(certificate: "/c.pem", key: "/c.key", password: nil)
        #expect(profile.settings.tls == expected)
        #expect(profile.session.tls == expected)
    }

    @Test func aBadZooCfgNamesTheEnsembleAndTheKey() throws {
        let entry = try FleetFile.parse("[ensembles.lab]\nzoo_cfg = \"/nonexistent/zoo.cfg\"\n", file: "f.toml")[0]
        do {
            _ = try entry.resolve()
            Issue.record("resolved a missing zoo.cfg")
        } catch {
            #expect(error.line == 2)
            #expect(error.message.hasPrefix("ensemble lab: "))
        }
    }

    @Test func selectionNamesTheEnsemblesDefined() throws {
        let entries = try FleetFile.parse(
            "[ensembles.prod-a]\nservers = \"h:1\"\n[ensembles.prod-b]\nservers = \"h:2\"\n", file: "f.toml")
        #expect(try FleetSelection.select(["prod-b"], from: entries, file: "f.toml").map(\.name) == ["prod-b"])
        #expect(try FleetSelection.select([], from: entries, file: "f.toml").count == 2)
        do {
            _ = try FleetSelection.select(["prod-c"], from: entries, file: "f.toml")
            Issue.record("selected an unknown ensemble")
        } catch {
            #expect(error.message.contains("no ensemble named \"prod-c\""))
            #expect(error.message.contains("prod-a, prod-b"))
        }
    }

    @Test func replySizesParseWithBinaryUnits() {
        #expect(ReplySize.parse("64MiB") == 64 << 20)
        #expect(ReplySize.parse("1k") == 1024)
        #expect(ReplySize.parse("100") == nil)
        #expect(ReplySize.parse("3GiB") == nil)
        #expect(ReplySize.parse("2GiB") == Int(Int32.max))
    }
}

/// A directory removed when the test ends.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "zkscope-fleet-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func write(_ name: String, _ text: String) throws -> String {
        let file = path + "/" + name
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
