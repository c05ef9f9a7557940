import EnsembleMonitor
import Foundation
import Testing
import ZooKeeperClient
import ZooKeeperLab

/// A real 3-member lab whose members did not start together, and nodes whose child lists are over the
/// 1 MiB a client used to accept: `check --deep` finds nothing on the healthy ensemble (each member's
/// own `/zookeeper/config` stat is not divergence; an 11,000-child node of 1.14 MB is compared), `zkscope tree`
/// lists a node with 120,000 children (1.56 MB; kazoo counts the same children), and with a small `--max-reply-size` the wide
/// node is an error naming node, size and option while the rest of the walk completes.
@Suite(.serialized)
struct WideNodeTests {
    static let children = 120_000

    /// Creates `parent/name(i)` for i in 0..<count, 2,000 creates in flight at a time.
    static func createChildren(
        _ client: ZooKeeperClient, _ parent: String, count: Int, name: @escaping @Sendable (Int) -> String
    ) async throws {
        var start = 0
        while start < count {
            let end = min(start + 2_000, count)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in start..<end { group.addTask { _ = try await client.create(parent + "/" + name(index)) } }
                try await group.waitForAll()
            }
            start = end
        }
    }

    /// `index` with leading zeros to 7 digits.
    static func pad(_ index: Int) -> String {
        String(repeating: "0", count: max(0, 7 - String(index).count)) + String(index)
    }

    /// `--max-reply-size` takes bytes or KiB/MiB/GiB, from 1 KiB to 2 GiB; anything else is a usage error.
    @Test func maxReplySizeIsValidated() async throws {
        for (command, value) in [("tree", "12"), ("tree", "3GiB"), ("tree", "lots"), ("check", "0"), ("tree", "")] {
            let result = try await ZKScopeExecutable.run([command, "--max-reply-size", value], timeout: .seconds(30))
            #expect(result.exitCode == 64, "\(command) \(value): \(result)")
            #expect(result.stderr.contains("--max-reply-size must be 1KiB...2GiB"), "\(result.stderr)")
        }
    }

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
            let check = try await ZKScopeExecutable.run(
                ["check", "--servers", servers, "--json", "--deep", "--interval", "0.5", "--window", "1"],
                timeout: .seconds(300))
            #expect(check.exitCode == 0, "\(check)")
            #expect(!check.stdout.contains("content-divergence"), "\(check.stdout)")

            // A child list over 1 MiB (11,000 names of 100 bytes: 1.14 MB) for `check --deep` to compare
            // (small enough in nodes for three concurrent walks with data on a loaded machine).
            let writer = try await ZooKeeperClient.connect(try ZooKeeperConfiguration(connectString: lab.connectString))
            _ = try await writer.create("/long")
            try await Self.createChildren(writer, "/long", count: 11_000) { index in
                String(repeating: "n", count: 93) + Self.pad(index)
            }
            _ = try await writer.sync("/")

            // Again with the long child list (mntr latencies after 11,000 writes may warn: only divergence
            // and CRITICAL count here).
            let deep = try await ZKScopeExecutable.run(
                ["check", "--servers", servers, "--json", "--deep", "--interval", "0.5", "--window", "1"],
                timeout: .seconds(300))
            #expect(deep.exitCode == 0 || deep.exitCode == 1, "\(deep)")
            #expect(!deep.stdout.contains("content-divergence"), "\(deep.stdout)")
            let checked = try #require(
                (try? JSONSerialization.jsonObject(with: Data(deep.stdout.utf8))) as? [String: Any], "\(deep)")
            #expect((checked["members"] as? [[String: Any]])?.count == 3)

            // The wide node, created with pipelined creates, and two small subtrees around it.
            for path in ["/a", "/a/x", "/wide", "/z", "/z/y"] { _ = try await writer.create(path) }
            try await Self.createChildren(writer, "/wide", count: Self.children) { "c-" + Self.pad($0) }
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
            #expect(limited.stderr.contains("/long: the server's reply of 1144"), "\(limited.stderr)")

        }
    }
}
