import EnsembleCore
import ZooKeeperClient

/// `check --deep`: syncs and walks every serving member's tree through its own client session and
/// compares the trees subtree by subtree, so members that serve different data are named with the
/// paths where they differ (`content-divergence`).
///
/// Each member is walked through a session pinned to that member (a one-server connect string),
/// after `sync("/")` so a follower has applied what the leader committed. Paths that differ are
/// read again after a second sync and kept only if they still differ, so writes racing the walk are
/// not reported. `/zookeeper` is skipped: its `config` node legitimately varies (facts §7d).
public enum DeepComparison {
    /// Walk limits: nodes per member and wall time per member.
    public struct Limits: Sendable {
        /// Nodes read per member before the walk stops (marked truncated).
        public var maxNodes = 200_000
        /// Wall time per member's walk.
        public var timeout: Duration = .seconds(60)
        /// Reads per batch.
        public var batchSize = 256

        /// The defaults.
        public init() {}
    }

    /// Walks and compares; returns a `content-divergence` finding (critical), or an info finding
    /// naming members that could not be walked, or nothing when the trees agree.
    public static func run(members: [MemberEndpoint], limit: Int, limits: Limits = Limits()) async -> [Finding] {
        guard members.count >= 2 else { return [] }
        var trees: [String: TreeDigest] = [:]
        var failures: [String: String] = [:]
        await withTaskGroup(of: (String, Result<TreeDigest, ZooKeeperError>).self) { group in
            for member in members {
                group.addTask { (member.address, await walk(member, limits: limits)) }
            }
            for await (address, result) in group {
                switch result {
                case .success(let tree): trees[address] = tree
                case .failure(let error): failures[address] = "\(error)"
                }
            }
        }
        var findings: [Finding] = []
        if !failures.isEmpty {
            findings.append(
                Finding(
                    code: .contentDivergence, severity: .info, members: Array(failures.keys),
                    message: "Could not walk the tree of \(failures.keys.sorted().joined(separator: ", "))",
                    evidence: failures,
                    remedy: "Check that the member accepts client sessions; run --deep again"))
        }
        var (paths, total) = TreeDigest.divergentPaths(trees, limit: Int.max)
        guard !paths.isEmpty else { return findings }
        // Re-read the differing paths: a write racing the walk is not a divergence.
        let rechecked = await recheck(
            paths: Array(paths.prefix(1000)), members: members.filter { trees[$0.address] != nil })
        if let rechecked {
            paths = paths.prefix(1000).filter { rechecked.contains($0) }
            total = paths.count + max(0, total - 1000)
        }
        guard !paths.isEmpty else { return findings }
        let differing = membersOutsideMajority(trees: trees, paths: paths)
        var evidence: [String: String] = [
            "paths": paths.prefix(limit).joined(separator: ","), "divergent_paths": String(total),
        ]
        for (address, tree) in trees {
            evidence["nodes " + address] = String(tree.nodes.count) + (tree.truncated ? " (truncated)" : "")
        }
        findings.append(
            Finding(
                code: .contentDivergence, severity: .critical, members: differing,
                message: "Members serve different data at \(total) path\(total == 1 ? "" : "s"): "
                    + paths.prefix(min(limit, 5)).joined(separator: ", ") + (total > 5 ? ", …" : ""),
                evidence: evidence,
                remedy: "Find the member with the wrong data (leftover data, a restored backup), stop it, wipe its "
                    + "data dir (version-2) but keep myid, and start it again so it takes a snapshot from the leader"))
        return findings
    }

    /// Members whose digest of some divergent path differs from the most common one.
    static func membersOutsideMajority(trees: [String: TreeDigest], paths: [String]) -> [String] {
        var outside = Set<String>()
        for path in paths {
            var groups: [TreeDigest.Node?: [String]] = [:]
            for (address, tree) in trees { groups[tree.nodes[path], default: []].append(address) }
            let majority = groups.max { $0.value.count < $1.value.count }?.key
            for (node, addresses) in groups where node != majority { outside.formUnion(addresses) }
        }
        return outside.sorted()
    }

    /// Reads one member's whole tree breadth-first in batches.
    static func walk(_ member: MemberEndpoint, limits: Limits) async -> Result<TreeDigest, ZooKeeperError> {
        do {
            let client = try await connect(member)
            defer { Task { await client.close() } }
            _ = try await client.sync("/")
            let clock = ContinuousClock()
            let deadline = clock.now + limits.timeout
            var nodes: [String: TreeDigest.Node] = [:]
            var level = ["/"]
            var truncated = false
            while !level.isEmpty {
                var next: [String] = []
                for start in stride(from: 0, to: level.count, by: max(1, limits.batchSize)) {
                    if nodes.count >= limits.maxNodes || clock.now >= deadline {
                        truncated = true
                        break
                    }
                    let chunk = Array(level[start..<min(level.count, start + max(1, limits.batchSize))])
                    let read = await readNodes(client, chunk)
                    for (path, node) in read {
                        nodes[path] = node
                        for child in node.children {
                            let childPath = TreeDigest.join(path, child)
                            if childPath != "/zookeeper" { next.append(childPath) }
                        }
                    }
                }
                if truncated { break }
                level = next
            }
            return .success(TreeDigest(nodes: nodes, truncated: truncated))
        } catch {
            return .failure(error)
        }
    }

    /// Reads data and children of each path (a node deleted meanwhile is left out).
    static func readNodes(_ client: ZooKeeperClient, _ paths: [String]) async -> [(String, TreeDigest.Node)] {
        var requests: [ReadRequest] = []
        for path in paths {
            requests.append(.getData(path))
            requests.append(.getChildren(path))
        }
        let results = await client.readBatch(requests)
        var nodes: [(String, TreeDigest.Node)] = []
        for (index, path) in paths.enumerated() {
            guard 2 * index + 1 < results.count,
                case .success(.data(let data, let stat)) = results[2 * index],
                case .success(.children(let children, _)) = results[2 * index + 1]
            else { continue }
            var hasher = FNV1a()
            hasher.add(UInt64(data.count))
            hasher.add(data)
            hasher.add(UInt64(bitPattern: stat.ephemeralOwner))
            let sorted = path == "/" ? children.filter { $0 != "zookeeper" }.sorted() : children.sorted()
            for child in sorted { hasher.add(child) }
            nodes.append((path, TreeDigest.Node(content: hasher.value, children: sorted)))
        }
        return nodes
    }

    /// Paths that still differ after a fresh sync on every member; nil when a member cannot be read.
    static func recheck(paths: [String], members: [MemberEndpoint]) async -> Set<String>? {
        var readings: [[String: TreeDigest.Node]] = []
        for member in members {
            guard let client = try? await connect(member) else { return nil }
            _ = try? await client.sync("/")
            var map: [String: TreeDigest.Node] = [:]
            for (path, node) in await readNodes(client, paths) { map[path] = node }
            readings.append(map)
            await client.close()
        }
        return Set(paths.filter { path in Set(readings.map { $0[path] }).count > 1 })
    }

    private static func connect(_ member: MemberEndpoint) async throws(ZooKeeperError) -> ZooKeeperClient {
        var configuration = ZooKeeperConfiguration(
            connectString: ConnectString(servers: [ServerAddress(host: member.host, port: member.clientPort)]))
        configuration.sessionTimeout = .seconds(10)
        configuration.requestTimeout = .seconds(10)
        configuration.connectTimeout = .seconds(5)
        return try await ZooKeeperClient.connect(configuration, timeout: .seconds(10))
    }
}
