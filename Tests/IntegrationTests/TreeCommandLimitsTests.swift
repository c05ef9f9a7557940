import TestSupport
import Testing

/// `zkscope tree` against a server that describes a tree no real server holds (an endless chain, a child
/// named ""): the real binary stops on the walk's limits with a clear error and bounded output.
@Suite struct TreeCommandLimitsTests {
    /// The real binary: exit 1 within the time bound, stdout bounded, stderr names the limit.
    @Test(arguments: [["--json"], []])
    func treeCommandStopsWithAClearError(format: [String]) async throws {
        let chain = try await FakeZooKeeperServer.start(.tree { _ in ["n"] })
        let result = try await ZKScopeExecutable.run(
            ["tree", "--servers", chain.connectString] + format, timeout: .seconds(90))
        await chain.stop()
        #expect(result.exitCode == 1, "\(result.stderr)")
        #expect(result.stderr.contains("deeper than 1000 levels"), "\(result.stderr)")
        #expect(result.stdout.utf8.count < 8 << 20, "bounded output: \(result.stdout.utf8.count) bytes")
        #expect(result.stdout.split(separator: "\n").count <= 1_002)

        let empty = try await FakeZooKeeperServer.start(.tree { path in path == "/" ? [""] : [] })
        let second = try await ZKScopeExecutable.run(
            ["tree", "--servers", empty.connectString] + format, timeout: .seconds(90))
        await empty.stop()
        #expect(second.exitCode == 1)
        #expect(second.stderr.contains("not a valid ZooKeeper name"), "\(second.stderr)")
        #expect(second.stdout.split(separator: "\n").count <= 1)
    }
}
