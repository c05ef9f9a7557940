import EnsembleMonitor
import Testing
import ZooKeeperClient

/// `/zookeeper/config` is written by each member itself: its stat is never a divergence, its server
/// list is (`TreeComparison` with `MemberLocalNodes`). Pure: hand-made mirrors, no server.
@Suite struct MemberLocalNodesTests {
    static let servers =
        "server.1=127.0.0.1:2888:3888:participant;127.0.0.1:2181\nserver.2=127.0.0.1:2889:3889:participant;127.0.0.1:2182\nversion=0"

    /// `/`, `/zookeeper`, `/zookeeper/config` (data `config`, stat from `mtime`/`mzxid`/`version`),
    /// `/zookeeper/quota`, and `/app` (data `app`, mtime `appMtime`).
    static func mirror(
        config: String = servers, configMtime: Int64, configMzxid: Int64 = 0, configVersion: Int32 = -1,
        quotaMtime: Int64 = 0, appMtime: Int64 = 5
    ) -> TreeMirror {
        func entry(_ path: String, _ depth: Int, _ data: String, _ stat: Stat) -> TreeEntry {
            let name = depth == 0 ? path : String(path.split(separator: "/").last!)
            var stat = stat
            stat.dataLength = Int32(data.utf8.count)
            return TreeEntry(
                path: path, name: name, depth: depth, isLastSibling: false, stat: stat, data: Array(data.utf8))
        }
        var mirror = TreeMirror(rootPath: "/")
        for item in [
            entry("/", 0, "", Stat(numChildren: 2)),
            entry("/app", 1, "app", Stat(czxid: 0x1_0000_0003, mzxid: 0x1_0000_0003, ctime: 5, mtime: appMtime)),
            entry("/zookeeper", 1, "", Stat(numChildren: 2)),
            entry(
                "/zookeeper/config", 2, config,
                Stat(mzxid: configMzxid, mtime: configMtime, version: configVersion)),
            entry("/zookeeper/quota", 2, "", Stat(mtime: quotaMtime)),
        ] {
            let added = mirror.add(item)
            #expect(added)
        }
        return mirror
    }

    /// Members started a few seconds apart (and one that restarted and re-synced: its config version
    /// and mzxid its own) hold identical trees.
    @Test func theConfigNodesOwnStatIsNoDivergence() {
        let leader = Self.mirror(configMtime: 1_764_650_000_123)
        let restarted = Self.mirror(configMtime: 1_764_650_042_987, configMzxid: 0x2_0000_0000, configVersion: 3)
        let result = TreeComparison.compare(leader, restarted, stableThrough: 0x1_0000_0003)
        #expect(result.isIdentical, "\(result.divergences)")
    }

    /// The same lines in another order are the same server list.
    @Test func lineOrderDoesNotMatter() {
        let reordered = Self.servers.split(separator: "\n").reversed().joined(separator: "\n") + "\n"
        let result = TreeComparison.compare(
            Self.mirror(configMtime: 1), Self.mirror(config: reordered, configMtime: 2))
        #expect(result.isIdentical, "\(result.divergences)")
        #expect(
            MemberLocalNodes.serverList(Array(reordered.utf8)) == MemberLocalNodes.serverList(Array(Self.servers.utf8)))
    }

    /// A member listing other servers (a different client port for server.2) is named, and the
    /// replicated nodes keep their full comparison: `/zookeeper/quota` and `/app` stats still count.
    @Test func aDifferentServerListAndReplicatedStatsAreDivergences() {
        let other = Self.servers.replacingOccurrences(of: "127.0.0.1:2182", with: "127.0.0.1:2999")
        let result = TreeComparison.compare(
            Self.mirror(configMtime: 1), Self.mirror(config: other, configMtime: 2, quotaMtime: 9, appMtime: 6))
        #expect(
            result.divergences.map(\.description) == [
                "/app: stat differs (mtime)",
                "/zookeeper/config: server list differs (each member writes it from its own config)",
                "/zookeeper/quota: stat differs (mtime)",
            ])
    }
}
