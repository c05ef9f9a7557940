import EnsembleCore
import EnsembleMonitor
import Foundation
import TestSupport
import Testing
import ZooKeeperClient

/// Walks stop on their limits, with a clear error, when a server describes a tree no real server
/// holds: an endless chain, a child named "" (which would list its parent again), names with `/`,
/// paths past the length limit. A wire-level impostor plays the server, for the walker and for
/// `check --deep`'s walk (the real `zkscope tree` binary: `TreeCommandLimitsTests`); every case has a
/// time bound.
@Suite struct WalkLimitsTests {
    @Test func namesFollowZooKeepersPathRules() {
        for name in ["a", "c-0000000", "名前", "with space", "rtl-\u{202E}evil", "a.b", "...", "zookeeper"] {
            #expect(WalkLimits.isValidName(name), "\(name)")
        }
        for name in [
            "", ".", "..", "a/b", "/", "nul\u{0}", "tab\t", "del\u{7F}", "c1\u{85}", "pua\u{E000}", "\u{FFF0}",
            "emoji😀",
        ] {
            #expect(!WalkLimits.isValidName(name), "\(name.debugDescription)")
        }
    }

    /// Every path has one child `n`: names and data mode stop at `maxDepth` (1,000 by default).
    @Test(arguments: [false, true])
    func endlessChainStopsAtTheDepthLimit(includeData: Bool) async throws {
        let server = try await FakeZooKeeperServer.start(.tree { _ in ["n"] })
        let clock = ContinuousClock()
        let start = clock.now
        let sessions = try await TreeWalker.openSessions(connectString: server.connectString, count: 2)
        var entries = 0
        var deepest = 0
        let error = await #expect(throws: TreeWalkError.self) {
            _ = try await TreeWalker(sessions: sessions, options: TreeWalkOptions(root: "/", includeData: includeData))
                .walk { entry in
                    entries += 1
                    deepest = max(deepest, entry.depth)
                }
        }
        await TreeWalker.close(sessions)
        await server.stop()
        #expect(error?.isLimit == true)
        #expect(error?.description.contains("deeper than 1000 levels") == true, "\(String(describing: error))")
        #expect(error?.description.contains("TreeWalkOptions.maxDepth") == true)
        #expect((error?.description.utf8.count ?? 0) < 600, "the error cuts the path")
        #expect(entries <= 1_001 && deepest <= 1_000)
        #expect(clock.now - start < .seconds(60))
    }

    /// A child named "" (the walk would read `/` again), or one with a `/` in it.
    @Test(arguments: ["", "x/y", ".."])
    func invalidChildNameStopsTheWalk(name: String) async throws {
        let server = try await FakeZooKeeperServer.start(.tree { path in path == "/" ? ["ok", name] : [] })
        let sessions = try await TreeWalker.openSessions(connectString: server.connectString, count: 1)
        var paths: [String] = []
        let error = await #expect(throws: TreeWalkError.self) {
            _ = try await TreeWalker(sessions: sessions).walk { paths.append($0.path) }
        }
        await TreeWalker.close(sessions)
        await server.stop()
        #expect(error?.isLimit == true && error?.path == "/")
        #expect(error?.description.contains("not a valid ZooKeeper name") == true, "\(String(describing: error))")
        #expect(paths.count <= 1)
    }

    /// Long names: the path-length limit stops the chain long before the depth limit.
    @Test func longPathsStopAtThePathLimit() async throws {
        let long = String(repeating: "x", count: 4_000)
        let server = try await FakeZooKeeperServer.start(.tree { _ in [long] })
        let sessions = try await TreeWalker.openSessions(connectString: server.connectString, count: 1)
        var entries = 0
        let error = await #expect(throws: TreeWalkError.self) {
            _ = try await TreeWalker(sessions: sessions).walk { _ in entries += 1 }
        }
        await TreeWalker.close(sessions)
        await server.stop()
        #expect(error?.description.contains("longer than 65536 bytes") == true, "\(String(describing: error))")
        // 16 levels of 4,001 bytes fit in 64 KiB, a 17th does not: the listing of the 16th level's child
        // stops the walk before that node is emitted, so the root and 15 levels come out.
        #expect(entries == 16)
    }

    /// `check --deep`'s walk of such a server ends with an info finding naming the limit, in bounded time.
    @Test func deepComparisonReportsTheLimitInsteadOfRunningForEver() async throws {
        let chain = try await FakeZooKeeperServer.start(.tree { _ in ["n"] })
        let empty = try await FakeZooKeeperServer.start(.tree { path in path == "/" ? [""] : [] })
        let members = [chain, empty].map { MemberEndpoint(host: "127.0.0.1", clientPort: $0.port) }
        let clock = ContinuousClock()
        let start = clock.now
        let findings = await DeepComparison.run(members: members, limit: 10, sharedHistory: false)
        await chain.stop()
        await empty.stop()
        #expect(clock.now - start < .seconds(60))
        let finding = try #require(findings.first)
        #expect(findings.count == 1 && finding.severity == .info, "\(findings)")
        let evidence = finding.evidence.values.joined(separator: " ")
        #expect(
            evidence.contains("deeper than 1000 levels") && evidence.contains("not a valid ZooKeeper name"),
            "\(evidence)")
    }
}
