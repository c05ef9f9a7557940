import EnsembleMonitor
import Foundation
import Testing
import ZooKeeperClient
import ZooKeeperLab

/// `zkscope tree` against a real ensemble, checked field by field against kazoo's view of the same tree.
/// (The server rejects names with UTF-16 surrogates, so no emoji: its PathUtils refuses U+D800...U+F8FF.)
@Suite(.serialized)
struct TreeAcceptanceTests {
    /// One node as `zkscope tree --json --data` prints it and as the kazoo dumper prints it.
    struct Dump: Codable, Equatable {
        var path: String
        var czxid: Int64
        var mzxid: Int64
        var pzxid: Int64
        var ctime: Int64
        var mtime: Int64
        var version: Int32
        var cversion: Int32
        var aversion: Int32
        var ephemeralOwner: Int64
        var dataLength: Int32
        var numChildren: Int32
        var data: String?
    }

    /// Containers are swept every minute by default; the walk and the kazoo dump must see the same tree,
    /// so the lab never sweeps (Curator's emptied `locks` container would otherwise vanish between them).
    static func labOptions() -> LabOptions {
        var options = LabOptions(members: 3)
        options.jvmOptions += ["-Dznode.container.checkIntervalMs=3600000"]
        options.extraConfigLines = ["extendedTypesEnabled=true"]
        options.heapMegabytes = 384
        return options
    }

    static let unicodeNames = ["名前", "ünïcödé", "ελληνικά-עברית", "rtl-\u{202E}evil", "with space"]

    /// Creates the tree and holds its ephemeral nodes until killed.
    static let creator = """
        import sys, time
        from kazoo.client import KazooClient
        zk = KazooClient(hosts=sys.argv[1], timeout=10)
        zk.start(timeout=30)
        zk.create("/acc", b"root")
        zk.create("/acc/persistent", b"p")
        zk.create("/acc/ephemeral", b"e", ephemeral=True)
        zk.create("/acc/seq", b"")
        zk.create("/acc/seq/item-", b"s", sequence=True)
        zk.create("/acc/seq/eph-", b"es", ephemeral=True, sequence=True)
        zk.create("/acc/binary", bytes(range(256)))
        zk.create("/acc/unicode")
        for name in ["名前", "ünïcödé", "ελληνικά-עברית", "rtl-\\u202eevil", "with space"]:
            zk.create("/acc/unicode/" + name, name.encode("utf-8"))
        zk.create("/acc/big", bytes(i % 251 for i in range(1000000)))
        zk.create("/acc/wide")
        for start in range(0, 20000, 2000):
            futures = [zk.create_async("/acc/wide/c%05d" % i, b"w") for i in range(start, start + 2000)]
            for f in futures:
                f.get(timeout=60)
        print("READY", flush=True)
        time.sleep(600)
        """

    /// Dumps every node under / with the same fields as `zkscope tree --json --data`.
    static let dumper = """
        import sys, json, base64
        from kazoo.client import KazooClient
        zk = KazooClient(hosts=sys.argv[1], timeout=10)
        zk.start(timeout=30)
        out = open(sys.argv[2], "w")
        stack = ["/"]
        count = 0
        while stack:
            path = stack.pop()
            data, st = zk.get(path)
            for child in zk.get_children(path):
                stack.append(("" if path == "/" else path) + "/" + child)
            out.write(json.dumps({"path": path, "czxid": st.czxid, "mzxid": st.mzxid, "pzxid": st.pzxid,
                "ctime": st.ctime, "mtime": st.mtime, "version": st.version, "cversion": st.cversion,
                "aversion": st.aversion, "ephemeralOwner": st.ephemeralOwner, "dataLength": st.dataLength,
                "numChildren": st.numChildren, "data": base64.b64encode(data or b"").decode()}) + "\\n")
            count += 1
        out.close()
        print("nodes=%d" % count)
        zk.stop()
        """

    /// Holds Curator's InterProcessSemaphoreMutex on /lock/mutex/aaa until killed.
    static let lockHolder = """
        import org.apache.curator.framework.CuratorFramework;
        import org.apache.curator.framework.CuratorFrameworkFactory;
        import org.apache.curator.framework.recipes.locks.InterProcessSemaphoreMutex;
        import org.apache.curator.retry.ExponentialBackoffRetry;
        import java.util.concurrent.TimeUnit;

        public class TreeLockHolder {
            public static void main(String[] args) throws Exception {
                CuratorFramework client = CuratorFrameworkFactory.newClient(args[0], new ExponentialBackoffRetry(200, 5));
                client.start();
                if (!client.blockUntilConnected(30, TimeUnit.SECONDS)) { System.exit(2); }
                InterProcessSemaphoreMutex mutex = new InterProcessSemaphoreMutex(client, "/lock/mutex/aaa");
                if (!mutex.acquire(30, TimeUnit.SECONDS)) { System.exit(3); }
                System.out.println("READY");
                System.out.flush();
                Thread.sleep(600000);
            }
        }
        """

    static func decodeLines(_ text: String) throws -> [Dump] {
        let decoder = JSONDecoder()
        return try text.split(separator: "\n").map { try decoder.decode(Dump.self, from: Data($0.utf8)) }
    }

    @Test func jsonWalkAgreesWithKazooFieldByField() async throws {
        try await LabEnsemble.with(Self.labOptions()) { lab in
            let member = try #require(lab.members.first).clientAddress
            let creator = try Kazoo.start(Self.creator, arguments: [member])
            var holder: WitnessProcess?
            let client = try await ZooKeeperClient.connect(try ZooKeeperConfiguration(connectString: member))
            do {
                try await creator.waitForOutput("READY", timeout: .seconds(120))
                _ = try await client.create("/acc/container", data: [1, 2, 3], mode: .container)
                _ = try await client.create("/acc/container/child", data: [])
                _ = try await client.create(
                    "/acc/ttl", data: Array("t".utf8), mode: .persistentWithTTL, ttl: .seconds(3600))
                holder = try await Curator.start(Self.lockHolder, className: "TreeLockHolder", arguments: [member])
                try await holder?.waitForOutput("READY", timeout: .seconds(90))

                // The walk runs while the lock is held and the ephemerals live.
                let run = try await ZKScopeExecutable.run(["tree", "--servers", member, "--json", "--data", "/"])
                #expect(run.succeeded, "\(run.description.prefix(2_000))")
                let ours = try Self.decodeLines(run.stdout)

                let work = try WitnessRunner.makeWorkDirectory(prefix: "zkscope-kazoo-dump")
                defer { try? FileManager.default.removeItem(atPath: work) }
                let dump = try await Kazoo.run(
                    Self.dumper, arguments: [member, work + "/dump.jsonl"], timeout: .seconds(180))
                #expect(dump.succeeded, "\(dump)")
                let theirs = try Self.decodeLines(String(contentsOfFile: work + "/dump.jsonl", encoding: .utf8))

                try Self.checkAgreement(ours: ours, theirs: theirs)
                try Self.checkKinds(ours)
                try await Self.checkTextTree(member: member)
            } catch {
                await client.close()
                await holder?.stop()
                await creator.stop()
                throw error
            }
            await client.close()
            await holder?.stop()
            await creator.stop()
        }
    }

    static func checkAgreement(ours: [Dump], theirs: [Dump]) throws {
        #expect(ours.count == theirs.count)
        let byPath = Dictionary(theirs.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(Set(ours.map(\.path)) == Set(byPath.keys))
        var mismatches: [String] = []
        for node in ours {
            guard let other = byPath[node.path] else {
                mismatches.append("only zkscope: \(node.path)")
                continue
            }
            if node != other { mismatches.append("differs: \(node.path)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(20))")
        // Pre-order with siblings sorted by name bytes: every parent comes before its children.
        var seen: Set<String> = ["/"]
        var orphans: [String] = []
        for node in ours where node.path != "/" {
            let parent = "/" + node.path.split(separator: "/").dropLast().joined(separator: "/")
            if !seen.contains(parent) { orphans.append(node.path) }
            seen.insert(node.path)
        }
        #expect(ours.first?.path == "/")
        #expect(orphans.isEmpty, "listed before their parent: \(orphans.prefix(10))")
    }

    static func checkKinds(_ ours: [Dump]) throws {
        let byPath = Dictionary(ours.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        // ZooKeeper 3.5+ hides the container and TTL markers from clients (DataNode.getClientEphemeralOwner
        // reports 0 for every owner that is not a session), so both look persistent to every client.
        #expect(byPath["/acc/container"]?.ephemeralOwner == 0)
        #expect(byPath["/acc/container"]?.numChildren == 1)
        #expect(byPath["/acc/ttl"]?.ephemeralOwner == 0)
        #expect(byPath["/acc/ephemeral"].map { $0.ephemeralOwner != 0 } == true)
        #expect(byPath["/acc/wide"]?.numChildren == 20_000)
        #expect(ours.filter { $0.path.hasPrefix("/acc/wide/") }.count == 20_000)
        let big = try #require(byPath["/acc/big"])
        let bigData = try #require(Data(base64Encoded: big.data ?? ""))
        #expect(bigData.count == 1_000_000)
        #expect(bigData.enumerated().allSatisfy { $0.element == UInt8($0.offset % 251) })
        let binary = try #require(Data(base64Encoded: byPath["/acc/binary"]?.data ?? "-"))
        #expect(Array(binary) == Array(0...255))
        for name in unicodeNames {
            let node = try #require(byPath["/acc/unicode/" + name], "missing \(name)")
            #expect(Data(base64Encoded: node.data ?? "") == Data(name.utf8))
        }
        let lease = try #require(ours.first { $0.path.hasPrefix("/lock/mutex/aaa/leases/_c_") })
        #expect(lease.path.hasSuffix("-lease-0000000000"))
        #expect(lease.ephemeralOwner != 0)
        #expect(byPath["/lock/mutex/aaa"]?.numChildren == 2, "locks and leases")
        #expect(ours.contains { $0.path.hasPrefix("/acc/seq/eph-") && $0.ephemeralOwner != 0 })
    }

    static func checkTextTree(member: String) async throws {
        let run = try await ZKScopeExecutable.run(["tree", "--servers", member, "/acc"])
        #expect(run.succeeded, "\(run)")
        let lines = run.lines
        #expect(lines.first == "/acc")
        #expect(lines.contains { $0.contains("ephemeral") && $0.contains("owner=0x") && $0.hasSuffix("]") })
        #expect(lines.contains { $0.hasSuffix("── container") })
        #expect(lines.contains { $0.hasSuffix("── ttl") })
        #expect(lines.contains { $0.contains("item-0000000000  [sequential]") })
        #expect(lines.contains { $0.contains("eph-0000000001  [ephemeral sequential owner=0x") })
        #expect(lines.contains { $0.contains("名前") })
        // The right-to-left override is shown escaped, never raw.
        #expect(lines.contains { $0.contains("rtl-<U+202E>evil") })
        #expect(!run.stdout.unicodeScalars.contains { $0.value == 0x202E || ($0.value < 0x20 && $0 != "\n") })
        #expect(
            lines.filter { $0.range(of: #"^(│   |    )[├└]── c[0-9]{5}$"#, options: .regularExpression) != nil }.count
                == 20_000)
        #expect(lines.contains { $0.hasSuffix("└── c19999") })
    }

    @Test func unreachableServerFailsFastWithAMessage() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let run = try await ZKScopeExecutable.run(
            ["tree", "--servers", "127.0.0.1:1", "--timeout", "2"], timeout: .seconds(30))
        #expect(run.exitCode == 1)
        #expect(run.stderr.contains("cannot connect to 127.0.0.1:1"), "\(run)")
        #expect(clock.now - start < .seconds(20))
    }

    @Test func missingPathAndBadArgumentsAreErrors() async throws {
        try await LabEnsemble.with(LabOptions(members: 1)) { lab in
            let missing = try await ZKScopeExecutable.run(["tree", "--servers", lab.connectString, "/no/such/node"])
            #expect(missing.exitCode == 1)
            #expect(missing.stderr.contains("/no/such/node does not exist"), "\(missing)")
            let bad = try await ZKScopeExecutable.run(["tree", "--servers", lab.connectString, "no-slash"])
            #expect(bad.exitCode != 0)
            #expect(bad.stderr.contains("not a znode path"), "\(bad)")
        }
    }

    @Test func vanishingNodesAreSkippedAndNoAuthIsReported() async throws {
        try await LabEnsemble.with(LabOptions(members: 1)) { lab in
            let writer = try await ZooKeeperClient.connect(try ZooKeeperConfiguration(connectString: lab.connectString))
            let sessions = try await TreeWalker.openSessions(connectString: lab.connectString, count: 2)
            do {
                _ = try await writer.create("/v")
                _ = try await writer.create("/v/a-public", data: [1])
                _ = try await writer.create(
                    "/v/b-secret", data: [2], acl: [ACL(perms: [.create, .delete], id: .anyone)])
                _ = try await writer.create("/v/c-after", data: [3])
                _ = try await writer.create("/v/d-many")
                let names = (0..<2000).map { String(format: "n%04d", $0) }
                for chunk in stride(from: 0, to: names.count, by: 200) {
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for name in names[chunk..<min(chunk + 200, names.count)] {
                            group.addTask { _ = try await writer.create("/v/d-many/" + name) }
                        }
                        try await group.waitForAll()
                    }
                }

                // A slow walk (one read at a time) while the last half of the children is deleted.
                var options = TreeWalkOptions(root: "/v", includeData: true)
                options.window = 1
                options.batchSize = 1
                let (started, startedContinuation) = AsyncStream<Void>.makeStream()
                let deleter = Task {
                    for await _ in started { break }
                    for chunk in stride(from: 1000, to: 2000, by: 100) {
                        try await withThrowingTaskGroup(of: Void.self) { group in
                            for name in names[chunk..<chunk + 100] {
                                group.addTask { try await writer.delete("/v/d-many/" + name) }
                            }
                            try await group.waitForAll()
                        }
                    }
                }
                var entries: [TreeEntry] = []
                let summary = try await TreeWalker(sessions: sessions, options: options).walk { entry in
                    if entry.path == "/v/d-many/n0000" { startedContinuation.yield() }
                    entries.append(entry)
                }
                startedContinuation.finish()
                try await deleter.value

                let secret = try #require(entries.first { $0.path == "/v/b-secret" })
                #expect(secret.error?.code == .noAuth)
                #expect(secret.data == nil)
                #expect(entries.contains { $0.path == "/v/c-after" && $0.data == [3] })
                #expect(summary.errors == 1)
                let children = entries.filter { $0.path.hasPrefix("/v/d-many/") }
                #expect(summary.vanished > 0, "the deleter should beat a one-at-a-time walk")
                #expect(children.count + summary.vanished == 2000)
                #expect(children.allSatisfy { $0.error == nil && $0.stat != nil })
                #expect(children.map(\.path) == children.map(\.path).sorted())
            } catch {
                await TreeWalker.close(sessions)
                await writer.close()
                throw error
            }
            await TreeWalker.close(sessions)
            await writer.close()
        }
    }
}
