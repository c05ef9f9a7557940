import Foundation
import Testing
import ZooKeeperClient
import ZooKeeperLab

/// kazoo as an independent witness: what our client writes, kazoo reads, and the other way round.
@Suite(.serialized)
struct ClientWitnessTests {
    private static let kazooWrites = """
        import sys
        from kazoo.client import KazooClient
        zk = KazooClient(hosts=sys.argv[1])
        zk.start(timeout=15)
        zk.create("/kz/data", b"from-kazoo", makepath=True)
        zk.create("/kz/data/child-a", b"")
        zk.create("/kz/data/child-b", b"\\x00\\xff")
        zk.set("/kz/data", b"from-kazoo-v2")
        zk.stop()
        zk.close()
        print("OK")
        """

    private static let kazooReads = """
        import sys
        from kazoo.client import KazooClient
        zk = KazooClient(hosts=sys.argv[1])
        zk.start(timeout=15)
        data, stat = zk.get("/ours/node")
        print("DATA", data.hex())
        print("VERSION", stat.version)
        for child in sorted(zk.get_children("/ours")):
            _, s = zk.get("/ours/" + child)
            print("CHILD", child, s.ephemeralOwner)
        zk.stop()
        zk.close()
        """

    @Test func kazooAndOurClientReadEachOthersWrites() async throws {
        try await LabEnsemble.with(fastLabOptions()) { lab in
            let wrote = try await Kazoo.run(Self.kazooWrites, arguments: [lab.connectString])
            #expect(wrote.succeeded, "\(wrote)")
            let client = try await ZooKeeperClient.connect(try clientConfiguration(lab.connectString))
            let (data, stat) = try await client.getData("/kz/data")
            #expect(data == Array("from-kazoo-v2".utf8))
            #expect(stat.version == 1)
            #expect(stat.numChildren == 2)
            #expect(try await client.getChildren("/kz/data").sorted() == ["child-a", "child-b"])
            #expect(try await client.getData("/kz/data/child-b").data == [0x00, 0xFF])

            _ = try await client.create("/ours")
            _ = try await client.create("/ours/node", data: [0xCA, 0xFE])
            _ = try await client.setData("/ours/node", data: [0xBE, 0xEF], version: 0)
            let lease = try await client.create("/ours/lease-", mode: .ephemeralSequential)
            let read = try await Kazoo.run(Self.kazooReads, arguments: [lab.connectString])
            #expect(read.succeeded, "\(read)")
            let sessionID = try #require(client.sessionID)
            #expect(read.lines.contains("DATA beef"))
            #expect(read.lines.contains("VERSION 1"))
            #expect(read.lines.contains("CHILD \(lease.dropFirst("/ours/".count)) \(sessionID)"))
            #expect(read.lines.contains("CHILD node 0"))
            await client.close()
        }
    }
}
