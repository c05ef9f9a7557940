import EnsembleMonitor
import Foundation
import Testing
import ZooKeeperClient
import ZooKeeperLab

/// A real 3-member lab whose members did not start together, and a node with 120,000 children (a
/// 1.56 MB child list, over the 1 MiB a client used to accept): `check --deep` finds nothing on the
/// healthy ensemble (each member's own `/zookeeper/config` stat is not divergence), `zkscope tree`
/// lists the wide node (kazoo counts the same children), and with a small `--max-reply-size` the wide
/// node is an error naming node, size and option while the rest of the walk completes.
@Suite(.serialized)
struct WideNodeTests {
    static let children = 120_000

    @Test func healthyStaggeredLabAndANodeWith120000Children() async throws {
        try await LabEnsemble.with(LabOptions(members: 3)) { lab in
            // Member 3 starts again well after the others: its /zookeeper/config carries its own mtime.
            let late = try #require(lab.ids.last)
            try await lab.stop(late)
            try await Task.sleep(for: .milliseconds(300))
            try await lab.start(late)
            var mtimes: Set<Int64> = []
            for member in lab.members {
                try await ZooKeeperClient.withClient(
                    try ZooKeeperConfiguration(connectString: member.clientAddress)
                ) { client in
                    _ = try await client.sync("/")
                    mtimes.insert(try await client.getData("/zookeeper/config").stat.mtime)
                }
            }
            #expect(mtimes.count > 1, "the members' /zookeeper/config stats differ, as they do in production")

            let servers = lab.members.map { "\($0.host):\($0.clientPort)@\($0.adminPort)" }.joined(separator: ",")
            let check = try await ZKScopeExecutable.run([
                "check", "--servers", servers, "--json", "--deep", "--interval", "0.5", "--window", "1",
            ])
            #expect(check.exitCode == 0, "\(check)")
            #expect(!check.stdout.contains("content-divergence"), "\(check.stdout)")

            // The wide node, created with pipelined creates, and two small subtrees around it.
            let writer = try await ZooKeeperClient.connect(try ZooKeeperConfiguration(connectString: lab.connectString))
            for path in ["/a", "/a/x", "/wide", "/z", "/z/y"] { _ = try await writer.create(path) }
            var start = 0
            while start < Self.children {
                let end = min(start + 2_000, Self.children)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for index in start..<end {
                        let name = "c-" + String(repeating: "0", count: 7 - String(index).count) + String(index)
                        group.addTask { _ = try await writer.create("/wide/" + name) }
                    }
                    try await group.waitForAll()
                }
                start = end
            }
            _ = try await writer.sync("/")
            // The client library lists it with its default limit (what the dashboard's tree uses).
            let (listed, stat) = try await writer.getChildrenWithStat("/wide")
            #expect(listed.count == Self.children && stat.numChildren == Int32(Self.children))
            await writer.close()

            let witness = try await Kazoo.run(
                """
                import sys
                from kazoo.client import KazooClient
                zk = KazooClient(hosts=sys.argv[1], timeout=10)
                zk.start(timeout=30)
                print(len(zk.get_children("/wide")))
                zk.stop()
                """, arguments: [lab.members[0].clientAddress])
            #expect(witness.lines.last == String(Self.children), "\(witness)")

            let clock = ContinuousClock()
            let began = clock.now
            let tree = try await ZKScopeExecutable.run([
                "tree", "--servers", lab.members[0].clientAddress, "/wide", "--report-peak-rss",
            ])
            let elapsed = clock.now - began
            #expect(tree.exitCode == 0, "\(tree.stderr)")
            let lines = tree.stdout.split(separator: "\n")
            #expect(lines.count == Self.children + 1)
            #expect(lines.first == "/wide" && lines.last == "└── c-0119999")
            print(
                "tree /wide (\(Self.children) children): \(elapsed), \(tree.stderr.split(separator: "\n").joined(separator: " "))"
            )

            // Over a small limit: the wide node is an error naming node, size and option; the rest is listed.
            let limited = try await ZKScopeExecutable.run([
                "tree", "--servers", lab.members[0].clientAddress, "/", "--max-reply-size", "1MiB",
            ])
            #expect(limited.exitCode == 0, "\(limited.stderr)")
            #expect(limited.stdout.contains("── wide  [error: ReplyTooLarge]"), "\(limited.stdout.prefix(2_000))")
            for name in ["── a", "── x", "── z", "── y", "── zookeeper", "── config"] {
                #expect(limited.stdout.contains(name), "\(name) listed")
            }
            #expect(!limited.stdout.contains("c-0000000"))
            #expect(limited.stderr.contains("/wide: the server's reply of 1560088 bytes"), "\(limited.stderr)")
            #expect(limited.stderr.contains("1048576 bytes") && limited.stderr.contains("--max-reply-size"))

            let deep = try await ZKScopeExecutable.run([
                "check", "--servers", servers, "--json", "--deep", "--interval", "0.5", "--window", "1",
            ])
            #expect(!deep.stdout.contains("content-divergence"), "\(deep.stdout)")
            let nodes = try #require(
                (try JSONSerialization.jsonObject(with: Data(deep.stdout.utf8)) as? [String: Any])?["members"]
                    as? [[String: Any]])
            #expect(nodes.count == 3)
        }
    }
}
