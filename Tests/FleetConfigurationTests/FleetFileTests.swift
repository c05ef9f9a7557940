import EnsembleMonitor
import Foundation
import Testing
import ZooKeeperTLS

@testable import FleetConfiguration

@Suite("FleetFile: named ensembles from TOML")
struct FleetFileTests {
    @Test func readsEveryKeyAndAppliesDefaults() throws {
        let text = """
            [defaults]
            interval = 2
            admin = false

            [ensembles.prod-a]
            servers = "zk1:2181,zk2:2181,zk3:2181"
            interval = 0.5
            max_reply_size = "64MiB"
            tls = { ca = "/etc/zk/ca.pem", server_name = "zk.example" }

            [ensembles.prod-b]
            zoo_cfg = ["/etc/a/zoo.cfg", "/etc/b/zoo.cfg"]
            admin_port = 9090

            [ensembles.prod-b.sasl]
            user = "bob"
            password_env = "ZK_PASSWORD"

            [[ensembles.prod-b.auth]]
            scheme = "digest"
            credentials_file = "/run/secrets/digest"
            """
        let entries = try FleetFile.parse(text, file: "fleet.toml")
        #expect(entries.map(\.name) == ["prod-a", "prod-b"])
        let a = entries[0]
        #expect(a.line == 5)
        #expect(a.servers == "zk1:2181,zk2:2181,zk3:2181")
        #expect(a.interval == 0.5)
        #expect(a.useAdminServer == false)
        #expect(a.maxReplySize == 64 << 20)
        #expect(a.tls.ca == "/etc/zk/ca.pem")
        #expect(a.tls.serverName == "zk.example")
        let b = entries[1]
        #expect(b.zooCfg == ["/etc/a/zoo.cfg", "/etc/b/zoo.cfg"])
        #expect(b.interval == 2)
        #expect(b.adminPort == 9090)
        #expect(b.sasl.user == "bob")
        #expect(b.sasl.password == .environment("ZK_PASSWORD"))
        #expect(b.auth == [AuthRequest(scheme: "digest", credentials: .file("/run/secrets/digest"), key: "auth")])
    }

    @Test func unknownKeyIsReportedAtItsLineWithTheLikelyKey() {
        let error = parseError(
            """
            [ensembles.a]
            servers = "h:1"
            intervall = 3
            """)
        #expect(error?.line == 3)
        #expect(error?.description.hasPrefix("f.toml:3: unknown key \"intervall\" in [ensembles.a]") == true)
        #expect(error?.message.contains("did you mean \"interval\"") == true)
    }

    @Test func everyProblemIsReportedAtOnce() {
        let error = parseError(
            """
            [ensembles.a]
            servers = "h:1"
            colour = 3

            [ensembles.b]
            servers = "h:2"
            admin_port = 70000
            """)
        #expect(error?.line == 3)
        #expect(error?.message.contains("line 7: admin_port must be a port number") == true)
    }

    @Test func inlineSecretsAreRefusedNamingTheKeysToUse() {
        let error = parseError(
            """
            [ensembles.a]
            servers = "h:1"
            sasl = { user = "bob", password = "hunter2" }
            """)
        #expect(error?.line == 3)
        #expect(error?.message.contains("use password_file or password_env instead of password") == true)
        #expect(error?.description.contains("hunter2") == false)
    }

    @Test func anEnsembleNamedTwiceIsASyntaxErrorAtTheSecondTable() {
        let error = parseError(
            """
            [ensembles.a]
            servers = "h:1"

            [ensembles.a]
            servers = "h:2"
            """)
        #expect(error?.line == 4)
        #expect(error?.message.contains("each [ensembles.NAME] table, may appear only once") == true)
    }

    @Test func syntaxErrorsCarryLineAndColumn() {
        let error = parseError("[ensembles.a]\nservers = \"h:1\n")
        #expect(error?.line == 2)
        #expect(error?.message.contains("is the closing quote missing?") == true)
    }

    @Test func wrongTypesNameWhatWasFound() {
        let error = parseError("[ensembles.a]\nservers = 42\n")
        #expect(error?.message == "servers must be a non-empty string, found an integer")
    }

    @Test func membersAreRequiredOnceAndNamesMustLabelMetrics() {
        #expect(parseError("[ensembles.a]\ninterval = 1\n")?.message.contains("names no members") == true)
        #expect(
            parseError("[ensembles.a]\nservers = \"h:1\"\nzoo_cfg = \"/z\"\n")?.message.contains("not both") == true)
        #expect(parseError("[ensembles.\"a b\"]\nservers = \"h:1\"\n")?.message.contains("ensemble name") == true)
        #expect(parseError("[defaults]\nservers = \"h:1\"\n[ensembles.a]\nservers = \"h:2\"\n")?.line == 2)
        #expect(parseError("# nothing\n")?.message.contains("names no ensemble") == true)
        #expect(parseError("[ensemble.a]\nservers = \"h:1\"\n")?.message.contains("did you mean \"ensembles\"") == true)
    }

    @Test func inconsistentTLSAndSASLTablesAreRefusedBeforeAnyFileIsRead() {
        let tls = parseError("[ensembles.a]\nservers = \"h:1\"\n[ensembles.a.tls]\ncert = \"c.pem\"\n")
        #expect(tls?.line == 3)
        #expect(tls?.message.contains("ensembles.a.tls.cert and ensembles.a.tls.key together") == true)
        let sasl = parseError("[ensembles.a]\nservers = \"h:1\"\nsasl = { user = \"bob\" }\n")
        #expect(sasl?.message.contains("needs ensembles.a.sasl.password_file") == true)
    }

    @Test func aMissingFileSaysHowToCreateOne() {
        #expect(throws: FleetConfigError.self) { try FleetFile.load(path: "/nonexistent/zkscope.toml") }
        do {
            _ = try FleetFile.load(path: "/nonexistent/zkscope.toml")
        } catch {
            #expect(error.description.contains("[ensembles.NAME]"))
        }
    }

    @Test func theDefaultPathFollowsTheEnvironment() {
        #expect(FleetFile.defaultPath(environment: ["ZKSCOPE_CONFIG": "/x.toml", "HOME": "/h"]) == "/x.toml")
        #expect(
            FleetFile.defaultPath(environment: ["XDG_CONFIG_HOME": "/cfg", "HOME": "/h"]) == "/cfg/zkscope/config.toml")
        #expect(FleetFile.defaultPath(environment: ["HOME": "/h"]) == "/h/.config/zkscope/config.toml")
        #expect(
            FleetFile.defaultPath(environment: ["XDG_CONFIG_HOME": "relative", "HOME": "/h"])
                == "/h/.config/zkscope/config.toml")
    }

    private func parseError(_ text: String) -> FleetConfigError? {
        do {
            _ = try FleetFile.parse(text, file: "f.toml")
            return nil
        } catch {
            return error
        }
    }
}
