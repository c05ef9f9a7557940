import Foundation
import Testing

@testable import ZooKeeperLab

/// zoo.cfg generation and srvr parsing: pure logic, no JVM.
@Suite struct LabConfigTests {
    let ports: [Int: LabPorts] = [
        1: LabPorts(client: 100, quorum: 101, election: 102, admin: 103),
        2: LabPorts(client: 200, quorum: 201, election: 202, admin: 203),
        3: LabPorts(client: 300, quorum: 301, election: 302, admin: 303),
    ]

    func render(_ lines: [ServerLine], whitelist: LabWhitelist = .all, admin: Bool = true, standalone: Bool = true)
        -> String
    {
        ZooConfigFile.render(
            host: "127.0.0.1", ports: ports[3]!, dataDir: "/lab/zk3/data", tickTimeMilliseconds: 500, initLimit: 10,
            syncLimit: 5, whitelist: whitelist, adminServer: admin, serverLines: lines, standaloneEnabled: standalone,
            extraLines: ["maxClientCnxns=0"])
    }

    @Test func healthyQuorumConfig() {
        let lines = ZooConfigFile.serverLines(host: "127.0.0.1", ports: ports)
        let text = render(lines)
        #expect(text.contains("\ntickTime=500\n"))
        #expect(text.contains("\nclientPort=300\n"))
        #expect(text.contains("\nclientPortAddress=127.0.0.1\n"))
        #expect(text.contains("\n4lw.commands.whitelist=*\n"))
        #expect(text.contains("\nadmin.serverPort=303\n"))
        #expect(text.contains("\nadmin.serverAddress=127.0.0.1\n"))
        #expect(text.contains("\nserver.1=127.0.0.1:101:102;127.0.0.1:100\n"))
        #expect(text.contains("\nserver.3=127.0.0.1:301:302;127.0.0.1:300\n"))
        #expect(!text.contains("standaloneEnabled"))
        #expect(text.hasSuffix("maxClientCnxns=0\n"))
    }

    @Test func observersAreMarkedInEveryListAndInTheirOwnConfig() {
        var options = LabOptions(members: 4)
        options.observers = 1
        #expect(options.observerIDs == [4])
        options.observers = 9
        #expect(options.observerIDs == [2, 3, 4])
        #expect(LabOptions(members: 1).observerIDs.isEmpty)
        let lines = ZooConfigFile.serverLines(host: "127.0.0.1", ports: ports, observers: [3])
        #expect(lines.map(\.rendered).last == "server.3=127.0.0.1:301:302:observer;127.0.0.1:300")
        #expect(lines.first?.rendered == "server.1=127.0.0.1:101:102;127.0.0.1:100")
        let observer = ZooConfigFile.render(
            host: "127.0.0.1", ports: ports[3]!, dataDir: "/lab/zk3/data", tickTimeMilliseconds: 500, initLimit: 10,
            syncLimit: 5, whitelist: .all, adminServer: true, serverLines: lines, standaloneEnabled: true,
            extraLines: [], observer: true)
        #expect(observer.contains("\npeerType=observer\n"))
        #expect(!render(lines).contains("peerType"))
    }

    @Test func whitelistAndAdminVariants() {
        #expect(!render([], whitelist: .serverDefault).contains("4lw.commands.whitelist"))
        #expect(render([], whitelist: .custom(["srvr", "mntr"])).contains("\n4lw.commands.whitelist=srvr,mntr\n"))
        let noAdmin = render([], admin: false)
        #expect(noAdmin.contains("\nadmin.enableServer=false\n"))
        #expect(!noAdmin.contains("admin.serverPort"))
        #expect(render([], standalone: false).contains("\nstandaloneEnabled=false\n"))
        #expect(!render([]).contains("server."))
    }

    @Test func serverListChanges() {
        let healthy = ZooConfigFile.serverLines(host: "127.0.0.1", ports: ports)
        let phantom = LabPorts(client: 400, quorum: 401, election: 402, admin: 403)
        let changed = ZooConfigFile.apply(
            [
                .addServer(id: 4), .removeServer(id: 2), .clientPort(ofServer: 1, port: 999),
                .quorumPort(ofServer: 3, port: 888),
            ],
            to: healthy, host: "127.0.0.1"
        ) { _ in phantom }
        #expect(
            changed.map(\.rendered) == [
                "server.1=127.0.0.1:101:102;127.0.0.1:999",
                "server.3=127.0.0.1:888:302;127.0.0.1:300",
                "server.4=127.0.0.1:401:402;127.0.0.1:400",
            ])
    }

    @Test func srvrParsing() {
        #expect(
            LabMemberMode.parse(srvr: "Zookeeper version: 3.8.0\nZxid: 0x0\nMode: follower\nNode count: 5\n")
                == .serving("follower"))
        #expect(LabMemberMode.parse(srvr: "This ZooKeeper instance is not currently serving requests\n") == .notServing)
        #expect(LabMemberMode.parse(srvr: "") == .unexpected(""))
        #expect(LabMemberMode.parse(srvr: "Mode: \n") == .unexpected("Mode: \n"))
    }

    @Test func javaCommandCarriesTheLabMarkerAndLoggingJars() throws {
        let arguments = JavaCommand.arguments(
            labDirectory: "/lab", confDirectory: "/lab/conf", memberDirectory: "/lab/zk1",
            configPath: "/lab/zk1/zoo.cfg",
            heapMegabytes: 200, jvmOptions: ["-XX:+UseSerialGC"])
        #expect(arguments.first == "-Xmx200m")
        #expect(arguments.contains("-Dzkscope.lab=/lab"))
        #expect(arguments.last == "/lab/zk1/zoo.cfg")
        let flag = try #require(arguments.firstIndex(of: "-cp"))
        let classpath = arguments[flag + 1]
        #expect(classpath.hasPrefix("/lab/conf:"))
        #expect(classpath.contains("slf4j-log4j12.jar"))
        #expect(classpath.contains("servlet-api.jar"))
    }

    @Test func portAllocatorGivesDistinctFreePorts() throws {
        let block = try #require(PortAllocator.allocate(count: 12))
        #expect(Set(block).count == 12)
        #expect(block.allSatisfy { PortAllocator.range.contains($0) })
        #expect(PortAllocator.allocate(count: 0) == nil)
    }

    @Test func refusesAForeignNonEmptyDirectory() throws {
        let path = NSTemporaryDirectory() + "zkscope-lab-foreign-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("x".utf8).write(to: URL(fileURLWithPath: path + "/precious.txt"))
        #expect(throws: LabError.self) { _ = try LabEnsemble.prepareDirectory(URL(fileURLWithPath: path)) }
        #expect(FileManager.default.fileExists(atPath: path + "/precious.txt"))
    }
}
