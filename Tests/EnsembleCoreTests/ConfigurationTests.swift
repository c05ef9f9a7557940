import Testing
import ZooKeeperAdmin

@testable import EnsembleCore

@Suite("zoo.cfg and --servers")
struct ConfigurationTests {
    @Test func labZooCfg() throws {
        let config = try EnsembleConfiguration.parse(
            zooCfg: try Capture.text("config-iv/zk3-zoo.cfg"), file: "/srv/zklab/ens/zk3/zoo.cfg")
        #expect(config.servers.count == 3)
        #expect(config.members.map(\.address) == ["127.0.0.1:2181", "127.0.0.1:2999", "127.0.0.1:2183"])
        #expect(config.members.map(\.expectedID) == [1, 2, 3])
        #expect(config.members.allSatisfy { $0.adminPort == 8083 })
        #expect(config.clientPort == 2183)
        #expect(config.clientPortAddress == "127.0.0.1")
        #expect(config.fourLetterWordWhitelist == "*")
        #expect(config.voters.count == 3)
        #expect(config.duplicateServerIDs.isEmpty)
    }

    @Test func dynamicConfigReplacesStaticServers() throws {
        let config = try EnsembleConfiguration.parse(
            zooCfg: try Capture.text("zoocfg/reconfig-enabled-zoo.cfg.after-start"), file: "zoo.cfg",
            dynamic: (try Capture.text("zoocfg/zoo.cfg.dynamic.100000000"), "zoo.cfg.dynamic.100000000"))
        #expect(config.dynamicConfigFile == "/srv/zklab/ens/throwaway/zoo.cfg.dynamic.100000000")
        #expect(config.servers.map(\.id) == [3])
        #expect(config.members.map(\.address) == ["127.0.0.1:2193"])
    }

    @Test func serverLinesWithoutClientPartUseClientPort() throws {
        let config = try EnsembleConfiguration.parse(
            zooCfg: try Capture.text("zoocfg/quorum-of-1-no-client-addr-zoo.cfg"), file: "zoo.cfg")
        #expect(config.members.map(\.address) == ["127.0.0.1:2193"])
        #expect(config.members.first?.expectedID == 3)
    }

    @Test func standaloneFileMonitorsClientPort() throws {
        let config = try EnsembleConfiguration.parse(zooCfg: "clientPort=2191\ndataDir=/tmp/x\n", file: "z.cfg")
        #expect(config.members.map(\.address) == ["localhost:2191"])
        #expect(!config.hasServerList)
    }

    @Test(
        "malformed files name the file and line",
        arguments: [
            ("tickTime=2000\nthis is not a setting\n", 2),
            ("clientPort=2181\nserver.1=127.0.0.1:2888\n", 2),
            ("# comment\n\nserver.x=127.0.0.1:2888:3888\n", 3),
            ("server.1=h:2888:3888:voter;2181\n", 1),
            ("clientPort=21x81\nserver.1=h:2888:3888\n", 1),
            ("server.1=h:2888:3888\n", 1),
            ("tickTime=2000\n", 0),
        ])
    func malformed(text: String, line: Int) {
        #expect(throws: ConfigError.self) { try EnsembleConfiguration.parse(zooCfg: text, file: "/etc/zk/zoo.cfg") }
        do {
            _ = try EnsembleConfiguration.parse(zooCfg: text, file: "/etc/zk/zoo.cfg")
        } catch {
            #expect(error.file == "/etc/zk/zoo.cfg")
            #expect(error.line == line)
            #expect(error.description.hasPrefix("/etc/zk/zoo.cfg"))
        }
    }

    @Test func duplicateServerLinesAreRecorded() throws {
        let config = try EnsembleConfiguration.parse(
            zooCfg: "clientPort=2181\nserver.1=a:2888:3888\nserver.2=b:2888:3888\nserver.1=c:2888:3888\n",
            file: "zoo.cfg")
        #expect(config.duplicateServerIDs == [1: [2, 4]])
        #expect(config.servers.map(\.host) == ["c", "b"])
        let findings = detectServerIDs(SnapshotHistory(), config, .defaults)
        #expect(findings.map(\.code) == [.duplicateServerID])
        #expect(findings.first?.evidence["lines"] == "2,4")
    }

    @Test func serverList() throws {
        let config = try EnsembleConfiguration.parseServerList("zk1:2181, zk2,[::1]:2183")
        #expect(config.members.map(\.address) == ["zk1:2181", "zk2:2181", "[::1]:2183"])
        #expect(!config.hasServerList)
        let withAdmin = try EnsembleConfiguration.parseServerList("zk1:2181@8081,zk2@8082,zk3:2183")
        #expect(withAdmin.members.map(\.adminPort) == [8081, 8082, nil])
        #expect(withAdmin.members.map(\.address) == ["zk1:2181", "zk2:2181", "zk3:2183"])
        for bad in ["", "zk1:abc", "zk1:2181,,zk2", "zk1:99999", "a:1,a:1", "zk1:2181@", "zk1@0", "zk1@x"] {
            #expect(throws: ConfigError.self) { try EnsembleConfiguration.parseServerList(bad) }
        }
    }

    @Test func defaultLookupOrder() {
        #expect(
            EnsembleConfiguration.defaultCandidatePaths(environment: ["ZOOCFGDIR": "/opt/zk/conf"])
                == ["/opt/zk/conf/zoo.cfg", "/etc/zookeeper/conf/zoo.cfg"])
        #expect(EnsembleConfiguration.defaultCandidatePaths(environment: [:]) == ["/etc/zookeeper/conf/zoo.cfg"])
        #expect(EnsembleConfiguration.localhostDefault.members.map(\.address) == ["localhost:2181"])
    }
}

@Suite("Which configuration is used")
struct ResolveTests {
    private let files = [
        "/etc/zookeeper/conf/zoo.cfg":
            "clientPort=2181\nserver.1=a:2888:3888\nserver.2=b:2888:3888\nserver.3=c:2888:3888\n",
        "/opt/zk/zoo.cfg": "clientPort=2191\ndynamicConfigFile=zoo.cfg.dynamic\n",
        "/opt/zk/zoo.cfg.dynamic": "server.7=x:2888:3888;2191\n",
        "/opt/broken/zoo.cfg": "clientPort=2181\ndynamicConfigFile=/nowhere\n",
    ]

    private func resolve(config: String? = nil, servers: String? = nil, env: [String: String] = [:]) throws(ConfigError)
        -> EnsembleConfiguration
    {
        try EnsembleConfiguration.resolve(configPath: config, servers: servers, environment: env) { files[$0] }
    }

    @Test func order() throws {
        #expect(try resolve(servers: "h:1").members.map(\.address) == ["h:1"])
        #expect(try resolve().source == "/etc/zookeeper/conf/zoo.cfg")
        #expect(try resolve(env: ["ZOOCFGDIR": "/opt/zk"]).members.map(\.address) == ["x:2191"])
        let none = try EnsembleConfiguration.resolve(configPath: nil, servers: nil, environment: [:]) { _ in nil }
        #expect(none.members.map(\.address) == ["localhost:2181"])
    }

    @Test func errorsNameTheFile() {
        #expect(throws: ConfigError(file: "/missing.cfg", line: 0, message: "cannot read the file")) {
            try resolve(config: "/missing.cfg")
        }
        #expect(throws: ConfigError.self) { try resolve(config: "/opt/broken/zoo.cfg") }
        #expect(throws: ConfigError.self) { try resolve(config: "/opt/zk/zoo.cfg", servers: "h:1") }
    }
}
