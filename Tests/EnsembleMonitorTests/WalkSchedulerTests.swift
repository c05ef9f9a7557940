import TestSupport
import Testing
import ZooKeeperClient

@testable import EnsembleMonitor

/// The walk's bookkeeping driven by an in-memory "server" that answers batches out of order: checks
/// pre-order output, the memory bound, and how vanished, unreadable and lost replies are handled,
/// without sockets or timing.
@Suite struct WalkSchedulerTests {
    /// A tree as path -> (data, children); answers reads like a server would.
    struct FakeServer {
        var nodes: [String: (data: [UInt8], children: [String])] = [:]
        var unreadable: Set<String> = []
        /// Paths whose next read fails once with connectionLoss.
        var flaky: Set<String> = []
        /// Paths whose getData, or whose child list, is larger than the client accepts.
        var tooLargeData: Set<String> = []
        var tooLargeChildren: Set<String> = []
        var zxid: Int64 = 1

        mutating func add(_ path: String, data: [UInt8] = []) {
            nodes[path] = (data, [])
            guard path != "/" else { return }
            let parent = path.split(separator: "/").dropLast().joined(separator: "/")
            let parentPath = "/" + parent
            nodes[parentPath, default: ([], [])].children.append(String(path.split(separator: "/").last ?? ""))
        }

        mutating func answer(_ request: ReadRequest) -> Result<ReadResult, ZooKeeperError> {
            let path = request.path
            if flaky.remove(path) != nil { return .failure(ZooKeeperError(.connectionLoss, path: path)) }
            guard let node = nodes[path] else { return .failure(ZooKeeperError(.noNode, path: path)) }
            if unreadable.contains(path) { return .failure(ZooKeeperError(.noAuth, path: path)) }
            let stat = Stat(
                czxid: zxid, dataLength: Int32(node.data.count), numChildren: Int32(node.children.count))
            // Children in a scrambled order, as the server's hash set returns them.
            let children = node.children.reversed().map { $0 }
            let tooLarge = ZooKeeperError(.replyTooLarge, path: path, message: "too large")
            switch request {
            case .getData where tooLargeData.contains(path): return .failure(tooLarge)
            case .getChildren where tooLargeChildren.contains(path): return .failure(tooLarge)
            default: break
            }
            switch request {
            case .getData: return .success(.data(node.data, stat))
            case .getChildren(_, _, let includeStat): return .success(.children(children, includeStat ? stat : nil))
            case .exists: return .success(.stat(stat))
            }
        }
    }

    /// Runs a walk to the end; every round answers all pending batches in a shuffled order, and `between`
    /// may change the server between rounds. Returns the entries and the largest `held` seen.
    static func run(
        _ server: inout FakeServer, options: TreeWalkOptions, rounds: Int = 100_000,
        between: (inout FakeServer, Int) -> Void = { _, _ in }
    ) throws -> (entries: [TreeEntry], maxHeld: Int, summary: TreeWalkSummary) {
        let scheduler = WalkScheduler(options: options)
        var entries: [TreeEntry] = []
        var maxHeld = 0
        var generator = SeededGenerator(seed: 42)
        var round = 0
        while !scheduler.isFinished && round < rounds {
            scheduler.fill()
            var batches = scheduler.takeBatches()
            batches.shuffle(using: &generator)
            for (tokens, requests) in batches {
                for (token, request) in zip(tokens, requests) { try scheduler.apply(token, server.answer(request)) }
            }
            maxHeld = max(maxHeld, scheduler.held)
            try scheduler.drain { entries.append($0) }
            between(&server, round)
            round += 1
        }
        #expect(scheduler.isFinished, "walk did not finish in \(rounds) rounds")
        return (entries, maxHeld, scheduler.summary)
    }

    static func wideTree() -> FakeServer {
        var server = FakeServer()
        server.add("/")
        for t in 0..<20 {
            server.add("/t\(t)", data: [UInt8(t)])
            for c in 0..<300 { server.add("/t\(t)/c\(c)", data: [1, 2, 3]) }
        }
        return server
    }

    @Test(arguments: [false, true])
    func preOrderSortedAndBounded(includeData: Bool) throws {
        var server = Self.wideTree()
        var options = TreeWalkOptions(root: "/", includeData: includeData)
        options.window = 64
        options.batchSize = 8
        options.lookahead = 200
        let (entries, maxHeld, summary) = try Self.run(&server, options: options)
        #expect(entries.count == 1 + 20 + 20 * 300)
        #expect(summary.entries == entries.count && summary.vanished == 0 && summary.errors == 0)
        // Pre-order, siblings sorted by bytes: exactly what sorting the paths component-wise gives.
        let expected = entries.map(\.path).sorted { a, b in
            a.split(separator: "/").map { Array($0.utf8) }.lexicographicallyPrecedes(
                b.split(separator: "/").map { Array($0.utf8) }, by: { $0.lexicographicallyPrecedes($1) })
        }
        #expect(entries.map(\.path) == expected)
        #expect(entries.first?.depth == 0 && entries.first?.name == "/")
        #expect(entries.filter { $0.depth == 1 }.last?.isLastSibling == true)
        // Memory follows the window and the look-ahead, not the 6,021 nodes.
        #expect(maxHeld <= options.lookahead + options.window)
        if includeData {
            #expect(entries.first { $0.path == "/t7/c5" }?.data == [1, 2, 3])
        } else {
            #expect(entries.allSatisfy { $0.data == nil && $0.stat != nil })
        }
    }

    @Test func vanishedSkippedUnreadableReportedLossRetried() throws {
        var server = Self.wideTree()
        server.unreadable = ["/t3"]
        server.flaky = ["/t5", "/t6/c10"]
        var options = TreeWalkOptions(root: "/", includeData: true)
        options.window = 16
        options.batchSize = 4
        // Delete /t9's children shortly after the walk starts: listed, then gone when read.
        let (entries, _, summary) = try Self.run(&server, options: options) { server, round in
            if round == 3 {
                for c in 0..<300 { server.nodes["/t9/c\(c)"] = nil }
            }
        }
        let t3 = try #require(entries.first { $0.path == "/t3" })
        #expect(t3.error?.code == .noAuth && t3.stat == nil)
        #expect(!entries.contains { $0.path.hasPrefix("/t3/") })
        #expect(entries.contains { $0.path == "/t4/c0" })
        #expect(entries.contains { $0.path == "/t5" } && entries.contains { $0.path == "/t6/c10" })
        #expect(summary.retries == 2)
        #expect(summary.errors == 1)
        let t9Children = entries.filter { $0.path.hasPrefix("/t9/") }.count
        #expect(summary.vanished > 0)
        #expect(t9Children + summary.vanished == 300)
    }

    /// A reply over the client's limit is a per-node error: the node is still shown with its stat (read
    /// with a request that fits), what fits of its subtree is walked, and the walk goes on.
    @Test(arguments: [false, true])
    func replyTooLargeIsAPerNodeError(includeData: Bool) throws {
        var server = Self.wideTree()
        server.tooLargeChildren = ["/t2"]
        server.tooLargeData = ["/t4"]
        var options = TreeWalkOptions(root: "/", includeData: includeData)
        options.window = 32
        let (entries, _, summary) = try Self.run(&server, options: options)
        let t2 = try #require(entries.first { $0.path == "/t2" })
        #expect(t2.error?.code == .replyTooLarge && t2.stat?.numChildren == 300)
        #expect(!entries.contains { $0.path.hasPrefix("/t2/") })
        let t4 = try #require(entries.first { $0.path == "/t4" })
        if includeData {
            #expect(t4.error?.code == .replyTooLarge && t4.stat?.numChildren == 300 && t4.data == nil)
            #expect(entries.filter { $0.path.hasPrefix("/t4/") }.count == 300)
        } else {
            #expect(t4.error == nil)
        }
        #expect(entries.filter { $0.path.hasPrefix("/t19/") }.count == 300)
        #expect(summary.errors == (includeData ? 2 : 1))
    }

    @Test func sessionLossEndsTheWalk() throws {
        let scheduler = WalkScheduler(options: TreeWalkOptions(root: "/t1"))
        scheduler.fill()
        let (tokens, requests) = try #require(scheduler.takeBatches().first)
        #expect(requests == [.getChildren("/t1", includeStat: true)])
        #expect(throws: TreeWalkError.self) {
            try scheduler.apply(tokens[0], .failure(ZooKeeperError(.sessionExpired, path: "/t1")))
        }
    }

    @Test func missingRootGivesNoEntries() throws {
        var server = Self.wideTree()
        let (entries, _, summary) = try Self.run(&server, options: TreeWalkOptions(root: "/nope"))
        #expect(entries.isEmpty && summary.vanished == 1)
    }
}
