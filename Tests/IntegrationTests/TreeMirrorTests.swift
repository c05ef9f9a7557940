import EnsembleMonitor
import Foundation
import Testing
import ZooKeeperClient
import ZooKeeperLab

/// The mirror's storage, hashing and comparison, on hand-made trees (no server) and on a real lab.
@Suite(.serialized)
struct TreeMirrorTests {
    static func entry(
        _ path: String, depth: Int, data: String = "", mzxid: Int64 = 1, numChildren: Int32 = 0,
        owner: Int64 = 0
    ) -> TreeEntry {
        let name = depth == 0 ? path : String(path.split(separator: "/").last ?? "")
        let bytes = Array(data.utf8)
        let stat = Stat(
            czxid: 1, mzxid: mzxid, ctime: 10, mtime: 10, ephemeralOwner: owner, dataLength: Int32(bytes.count),
            numChildren: numChildren, pzxid: 1)
        return TreeEntry(path: path, name: name, depth: depth, isLastSibling: false, stat: stat, data: bytes)
    }

    static func sample(changeData: Bool = false, extra: Bool = false) -> TreeMirror {
        var mirror = TreeMirror(rootPath: "/")
        var entries = [
            entry("/", depth: 0, numChildren: 2),
            entry("/a", depth: 1, data: "alpha", numChildren: 2),
            entry("/a/x", depth: 2, data: changeData ? "CHANGED" : "x"),
            entry("/a/y", depth: 2, data: "y", owner: 0x1234),
            entry("/b", depth: 1, data: "b"),
        ]
        if extra { entries.insert(entry("/a/xx", depth: 2, data: "new"), at: 3) }
        for item in entries {
            let added = mirror.add(item)
            #expect(added)
        }
        return mirror
    }

    @Test func kindDecodesTheServerEncodings() {
        #expect(ZNodeKind(ephemeralOwner: 0, name: "plain").lifetime == .persistent)
        #expect(ZNodeKind(ephemeralOwner: 0x1000_0000_0000_0001, name: "e").isEphemeral)
        #expect(ZNodeKind(ephemeralOwner: Int64.min, name: "c").lifetime == .container)
        let ttlOwner = Int64(bitPattern: 0xFF00_0000_0000_0000 | 60_000)
        #expect(ZNodeKind(ephemeralOwner: ttlOwner, name: "t").lifetime == .ttl(milliseconds: 60_000))
        // Feature bits other than 0x0000 are not TTL: treat as a session owner.
        let other = Int64(bitPattern: 0xFF00_0100_0000_0001)
        #expect(ZNodeKind(ephemeralOwner: other, name: "t").isEphemeral)
        #expect(ZNodeKind(ephemeralOwner: 0, name: "lock-0000000012").isSequential)
        #expect(!ZNodeKind(ephemeralOwner: 0, name: "lock-000000012").isSequential)
        #expect(!ZNodeKind(ephemeralOwner: 0, name: "lock-000000001x").isSequential)
        #expect(
            ZNodeKind(ephemeralOwner: 0x2a, name: "x-0000000001").tags == ["ephemeral", "sequential", "owner=0x2a"])
        #expect(ZNodeKind(ephemeralOwner: Int64.min, name: "c").tags == ["container"])
        #expect(ZNodeKind(ephemeralOwner: ttlOwner, name: "t").tags == ["ttl=60000ms"])
    }

    @Test func mirrorStoresPathsDataAndShape() throws {
        var mirror = Self.sample()
        #expect(mirror.count == 5)
        let x = try #require(mirror.node(at: "/a/x"))
        #expect(mirror.path(x) == "/a/x")
        #expect(Array(mirror.data(x)) == Array("x".utf8))
        let a = try #require(mirror.node(at: "/a"))
        #expect(mirror.children(a).map { mirror.name($0) } == ["x", "y"])
        #expect(mirror.node(at: "/a/zz") == nil)
        #expect(mirror.node(at: "/nope") == nil)

        // Watch-style updates: a new child lands in sorted position, removal unlinks the subtree.
        do {
            let changed = mirror.upsert(path: "/a/m", stat: Stat(czxid: 5), data: [9])
            #expect(changed)
        }
        #expect(mirror.children(a).map { mirror.name($0) } == ["m", "x", "y"])
        do {
            let changed = mirror.upsert(path: "/a/x", stat: Stat(czxid: 1, version: 1), data: Array("x2".utf8))
            #expect(changed)
        }
        #expect(Array(mirror.data(x)) == Array("x2".utf8))
        do {
            let changed = mirror.upsert(path: "/missing/child", stat: Stat(), data: nil)
            #expect(!changed)
        }
        do {
            let changed = mirror.remove(path: "/a")
            #expect(changed)
        }
        #expect(mirror.node(at: "/a/x") == nil)
        #expect(mirror.count == 2)
        let root = try #require(mirror.root)
        let remaining = mirror.children(root).map { mirror.name($0) }
        #expect(remaining == ["b"])
    }

    @Test func hashesAndComparisonNameDivergentPaths() {
        let base = Self.sample()
        #expect(base.contentHash == Self.sample().contentHash)
        #expect(base.contentHash != Self.sample(changeData: true).contentHash)
        #expect(TreeComparison.compare(base, Self.sample()).isIdentical)

        let changed = TreeComparison.compare(base, Self.sample(changeData: true))
        #expect(changed.divergences.map(\.path) == ["/a/x", "/a/x"])
        #expect(changed.divergences.contains { $0.kind == .dataDiffers })
        #expect(changed.divergences.contains { $0.kind == .statDiffers(["dataLength"]) })

        let extra = TreeComparison.compare(base, Self.sample(extra: true))
        #expect(extra.divergences.contains(TreeDivergence(path: "/a/xx", kind: .onlyInRight)))
        let capped = TreeComparison.compare(Self.sample(extra: true), base, limit: 0)
        #expect(capped.totalDivergences >= 1 && capped.divergences.isEmpty && capped.isTruncated)
    }

    @Test func writesAfterTheStableZxidAreNotDivergence() {
        var left = TreeMirror(rootPath: "/")
        var right = TreeMirror(rootPath: "/")
        left.add(Self.entry("/", depth: 0, numChildren: 1))
        right.add(Self.entry("/", depth: 0, numChildren: 1))
        left.add(Self.entry("/k", depth: 1, data: "old", mzxid: 5))
        right.add(Self.entry("/k", depth: 1, data: "new", mzxid: 9))
        #expect(!TreeComparison.compare(left, right).isIdentical)
        let filtered = TreeComparison.compare(left, right, stableThrough: 6)
        #expect(filtered.isIdentical)
        #expect(filtered.skippedAsInFlight == 1)
    }

    @Test func membersOfAHealthyLabHoldTheSameTree() async throws {
        try await LabEnsemble.with(LabOptions(members: 3)) { lab in
            let writer = try await ZooKeeperClient.connect(try ZooKeeperConfiguration(connectString: lab.connectString))
            _ = try await writer.create("/m", data: Array("m".utf8))
            for index in 0..<50 { _ = try await writer.create("/m/n\(index)", data: [UInt8(index)]) }
            _ = try await writer.sync("/m")
            let first = try await TreeWalker.openSessions(connectString: lab.members[0].clientAddress, count: 2)
            let second = try await TreeWalker.openSessions(connectString: lab.members[1].clientAddress, count: 2)
            let options = TreeWalkOptions(root: "/m", includeData: true)
            let result = try await TreeComparison.compareMembers(left: first, right: second, options: options)
            #expect(result.isIdentical, "\(result.divergences)")
            #expect(result.comparedNodes == 51)
            let (mirror, summary) = try await TreeMirror.load(TreeWalker(sessions: first, options: options))
            #expect(summary.entries == 51 && mirror.count == 51)
            #expect(mirror.node(at: "/m/n7").map { Array(mirror.data($0)) } == [7])
            await TreeWalker.close(first)
            await TreeWalker.close(second)
            await writer.close()
        }
    }
}
