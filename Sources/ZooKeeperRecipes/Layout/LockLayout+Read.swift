import ZooKeeperClient

extension LockLayout {
    /// Reads the children of `path` (and of Curator's `locks`/`leases` folders) with their owners
    /// and recognises the lock: for tools without a tree mirror (the demo, `zkscope` one-shots).
    /// Returns nil when the node does not exist or holds no known lock layout. Reads at most
    /// `limit` children per level, so a huge node cannot make it unbounded.
    public static func read(from client: ZooKeeperClient, path: String, limit: Int = 10_000) async throws
        -> LockLayout?
    {
        guard let children = try await nodes(client, path, limit: limit, depth: 1) else { return nil }
        return recognise(path: path, children: children)
    }

    /// The children of `path` as `LockNode`s, one more level for the semaphore folders; nil if
    /// `path` does not exist. Children that vanish while being read are skipped.
    static func nodes(_ client: ZooKeeperClient, _ path: String, limit: Int, depth: Int) async throws -> [LockNode]? {
        let names: [String]
        do {
            names = try await client.getChildren(path)
        } catch {
            if error.code == .noNode { return nil }
            throw error
        }
        let folders: Set<String> = [InterProcessSemaphoreMutex.locksFolder, InterProcessSemaphoreMutex.leasesFolder]
        var nodes: [LockNode] = []
        for name in names.prefix(limit) {
            let childPath = ZNodePath.join(path, name)
            guard let stat = try await client.exists(childPath) else { continue }
            var grandchildren: [LockNode] = []
            if depth > 0, stat.numChildren > 0, folders.contains(name) {
                grandchildren = try await Self.nodes(client, childPath, limit: limit, depth: depth - 1) ?? []
            }
            nodes.append(LockNode(name: name, ephemeralOwner: stat.ephemeralOwner, children: grandchildren))
        }
        return nodes
    }
}
