import Testing
import ZooKeeperAdmin

@testable import EnsembleCore

/// The layouts real deployments use beyond one zoo.cfg with `;clientPort` lines: the 3.5+ static file plus a
/// dynamic file (what the server writes after `reconfig`), and per-member files of a one-host ensemble.
@Suite("zoo.cfg layouts: dynamic files and per-member files")
struct ConfigLayoutTests {
    private static let dynamicPath = "/srv/zklab/ens/throwaway/zoo.cfg.dynamic.100000000"

    private func resolve(_ paths: [String], _ files: [String: String]) throws(ConfigError) -> EnsembleConfiguration {
        try EnsembleConfiguration.resolve(configPaths: paths, servers: nil, environment: [:]) { files[$0] }
    }

    @Test("the server's rewritten zoo.cfg (no server line, no clientPort) is read through its dynamic file")
    func rewrittenByServer() throws {
        let files = [
            "/srv/zklab/ens/throwaway/zoo.cfg": try Capture.text("zoocfg/reconfig-enabled-zoo.cfg.after-start"),
            Self.dynamicPath: try Capture.text("zoocfg/zoo.cfg.dynamic.100000000"),
        ]
        let config = try resolve(["/srv/zklab/ens/throwaway/zoo.cfg"], files)
        #expect(config.members.map(\.address) == ["127.0.0.1:2193"])
        #expect(config.members.first?.expectedID == 3)
        #expect(config.servers.map(\.id) == [3])
        #expect(config.dynamicConfigVersion == 0x1_0000_0000)
        #expect(config.unlocatedNotice == nil)
    }

    @Test func relativeDynamicFileIsNextToTheConfig() throws {
        let files = [
            "/opt/zk/conf/zoo.cfg": "reconfigEnabled=true\ndynamicConfigFile=zoo.cfg.dynamic.2a\n",
            "/opt/zk/conf/zoo.cfg.dynamic.2a":
                "server.1=10.0.0.1:2888:3888:participant;2181\nserver.2=10.0.0.2:2888:3888:participant;2181\n"
                + "server.3=10.0.0.3:2888:3888:observer;10.0.1.3:2181\n",
        ]
        let config = try resolve(["/opt/zk/conf/zoo.cfg"], files)
        #expect(config.members.map(\.address) == ["10.0.0.1:2181", "10.0.0.2:2181", "10.0.1.3:2181"])
        #expect(config.dynamicConfigVersion == 0x2a)
        #expect(config.voters.map(\.id) == [1, 2])
    }

    @Test func unreadableDynamicFileNamesItsLine() {
        let files = ["/opt/zk/zoo.cfg": "tickTime=2000\ndynamicConfigFile=/gone/zoo.cfg.dynamic.1\n"]
        #expect {
            try resolve(["/opt/zk/zoo.cfg"], files)
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.file == "/opt/zk/zoo.cfg" && error.line == 2
                && error.message.contains("/gone/zoo.cfg.dynamic.1")
        }
    }

    /// Per-member files of a one-host ensemble in the legacy form: every line says 127.0.0.1 without a client
    /// part, each file its own `clientPort` and `admin.serverPort`, each member's `dataDir/myid`.
    private func oneHostFiles(myids: Bool = true) -> [String: String] {
        var files: [String: String] = [:]
        for n in 1...3 {
            files["/zk\(n)/zoo.cfg"] = """
                tickTime=2000
                dataDir=/zk\(n)/data
                clientPort=218\(n)
                clientPortAddress=127.0.0.1
                admin.serverPort=808\(n)
                server.1=127.0.0.1:2888:3888
                server.2=127.0.0.1:2889:3889
                server.3=127.0.0.1:2890:3890

                """
            if myids { files["/zk\(n)/data/myid"] = "\(n)\n" }
        }
        return files
    }

    @Test("one member's legacy file: its own member only, with its myid; the others are named as unlocated")
    func oneHostSingleFile() throws {
        let config = try resolve(["/zk3/zoo.cfg"], oneHostFiles())
        #expect(config.members.map(\.address) == ["127.0.0.1:2183"])
        #expect(config.members.first?.expectedID == 3)
        #expect(config.unlocatedServers == [1, 2])
        #expect(config.unlocatedNotice?.contains("server.1, server.2") == true)
        #expect(config.voters.count == 3)
        // Without a readable myid nothing is guessed.
        let blind = try resolve(["/zk3/zoo.cfg"], oneHostFiles(myids: false))
        #expect(blind.members.map(\.address) == ["127.0.0.1:2183"])
        #expect(blind.members.first?.expectedID == nil)
    }

    @Test("--config repeated with each member's file: three members, each with its myid and admin port")
    func oneHostEveryFile() throws {
        let paths = ["/zk1/zoo.cfg", "/zk2/zoo.cfg", "/zk3/zoo.cfg"]
        let config = try resolve(paths, oneHostFiles())
        #expect(config.members.map(\.address) == ["127.0.0.1:2181", "127.0.0.1:2182", "127.0.0.1:2183"])
        #expect(config.members.map(\.expectedID) == [1, 2, 3])
        #expect(config.members.map(\.adminPort) == [8081, 8082, 8083])
        #expect(config.unlocatedServers.isEmpty)
        #expect(config.unlocatedNotice == nil)
        let blind = try resolve(paths, oneHostFiles(myids: false))
        #expect(blind.members.count == 3)
        #expect(blind.unlocatedNotice == nil)
    }

    @Test("no false server-id-mismatch: member 3 reports myid 3 at 127.0.0.1:2183")
    func oneHostNoFalseMismatch() throws {
        let conf = try Capture.text("config-iv/zk3-conf.txt")
        #expect(conf.contains("serverId=3"))
        for files in [oneHostFiles(), oneHostFiles(myids: false)] {
            let config = try resolve(["/zk3/zoo.cfg"], files)
            var replies = try Capture.replies(srvr: "config-iv/zk3-srvr.txt")
            replies.conf = ProbeResult { try ConfReply.parse(conf) }
            var h = SnapshotHistory()
            let member = MemberSnapshot.assemble(endpoint: config.members[0], time: 0, replies: replies)
            h.append(EnsembleSnapshot(time: 0, members: [member]))
            #expect(member.serverID == 3)
            #expect(detectServerIDs(h, config, .defaults).isEmpty)
        }
    }

    @Test("a ;clientPort line owns its address; a legacy line landing there is unlocated")
    func explicitWinsOverInferred() throws {
        let config = try EnsembleConfiguration.parse(
            zooCfg: "clientPort=2181\nserver.1=h:2888:3888\nserver.2=h:2889:3889;2181\nserver.3=g:2888:3888\n",
            file: "zoo.cfg")
        #expect(config.members.map(\.address) == ["h:2181", "g:2181"])
        #expect(config.members.map(\.expectedID) == [2, 3])
        #expect(config.unlocatedServers == [1])
    }
}
