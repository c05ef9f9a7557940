import EnsembleMonitor
import Foundation
import ZooKeeperClient
import ZooKeeperJute
import ZooKeeperRecipes

/// Finds the lock and latch layouts in the tree and keeps their holders and waiters fresh.
///
/// Finding locks means listing the whole tree (a bounded breadth-first walk), which on a large tree costs the
/// server thousands of requests; re-reading the locks already found costs a handful. So the Locks pane gets a
/// full discovery when it is opened and then at most every ``discoveryInterval``, and in between each poll round
/// re-reads only the known lock paths (their contenders and owners), which is what changes from one second to the
/// next.
struct LockScanner {
    /// At most this many nodes are listed by one discovery walk.
    static let discoveryLimit = 20_000
    /// At most this many bytes of paths are held by one discovery walk (a real tree of 20,000 nodes
    /// needs a few MB; a hostile server's 64 KiB paths must not make it hold gigabytes).
    static let discoveryPathBytes = 16 << 20
    /// Discovery walks run at most this often unless the pane asks (it does when it is opened).
    static let discoveryInterval: Duration = .seconds(30)

    /// The lock paths the last discovery found, sorted.
    private(set) var knownPaths: [String] = []
    private var lastDiscovery: ContinuousClock.Instant?

    /// Whether the next scan walks the whole tree.
    func needsDiscovery(now: ContinuousClock.Instant, forced: Bool) -> Bool {
        guard !forced, let lastDiscovery else { return true }
        return now - lastDiscovery >= Self.discoveryInterval
    }

    /// Remembers what a discovery walk found.
    mutating func recordDiscovery(_ paths: [String], at time: ContinuousClock.Instant) {
        knownPaths = paths
        lastDiscovery = time
    }

    // MARK: - Discovery

    /// Lists the tree with the one ``TreeWalker`` (names and stats only, at most ``discoveryLimit`` nodes and
    /// ``discoveryPathBytes`` of paths, `/zookeeper` left out) and returns the nodes whose children look like a
    /// lock recipe's contenders. The walker's limits apply: it follows only names a server can hold, within
    /// `TreeWalkOptions`' depth and path length, so a hostile server cannot make it loop on a child named `""`
    /// or grow without bound; what was found before a walk stops (limit or failure) is still used.
    static func discover(_ client: ZooKeeperClient) async -> [String] {
        var children: [String: [String]] = [:]
        var visited = 0
        var pathBytes = 0
        let walker = TreeWalker(sessions: [client], options: TreeWalkOptions(root: "/"))
        do {
            _ = try await walker.walk { entry in
                visited += 1
                pathBytes += entry.path.utf8.count
                guard visited <= discoveryLimit, pathBytes <= discoveryPathBytes else { throw DiscoveryBound() }
                guard entry.depth > 0 else { return }
                let parent = ZNodePath.parent(of: entry.path)
                guard parent != "/zookeeper", !parent.hasPrefix("/zookeeper/") else { return }
                children[parent, default: []].append(entry.name)
            }
        } catch {
            // A bound reached, a limit the server broke, or a lost session: keep what was found.
        }
        let semaphores = Set(children.keys.filter { isSemaphoreFolder(children[$0] ?? []) })
        // A semaphore mutex's inner `locks/` queue is part of it, not a lock of its own.
        return children.keys.filter { path in
            if semaphores.contains(ZNodePath.parent(of: path)) { return false }
            return semaphores.contains(path) || (children[path] ?? []).contains { looksLikeContender($0) }
        }.sorted()
    }

    /// Ends a discovery walk that reached its bounds.
    private struct DiscoveryBound: Error {}

    /// Curator's semaphore keeps its queue in `locks/` and its grants in `leases/`.
    static func isSemaphoreFolder(_ names: [String]) -> Bool {
        !names.isEmpty
            && Set(names).isSubset(of: [
                InterProcessSemaphoreMutex.locksFolder, InterProcessSemaphoreMutex.leasesFolder,
            ])
    }

    /// Names that Curator's and kazoo's lock, lease and latch recipes give their contenders.
    static func looksLikeContender(_ name: String) -> Bool {
        name.contains("-lock-") || name.contains("-latch-") || name.contains("-lease-") || name.contains("__lock__")
            || name.hasPrefix("lock-") || name.hasPrefix("latch-")
    }

    // MARK: - Reading known locks

    /// Reads each lock path's contenders (one more level for a semaphore's folders) and their owners in three
    /// pipelined batches, and recognises the layouts. Paths that vanished or no longer hold a lock are left out.
    static func read(_ client: ZooKeeperClient, paths: [String]) async -> [LockReport] {
        guard !paths.isEmpty else { return [] }
        var children: [String: [String]] = [:]
        func list(_ paths: [String]) async {
            let results = await client.readBatch(paths.map { .getChildren($0, watch: false, includeStat: false) })
            for (path, result) in zip(paths, results) {
                if case .success(.children(let names, _)) = result { children[path] = names.sorted() }
            }
        }
        await list(paths)
        let folders = paths.filter { isSemaphoreFolder(children[$0] ?? []) }.flatMap { path in
            (children[path] ?? []).map { ZNodePath.join(path, $0) }
        }
        await list(folders)
        var statPaths: [String] = []
        for path in paths {
            for name in children[path] ?? [] {
                let child = ZNodePath.join(path, name)
                statPaths.append(child)
                statPaths.append(contentsOf: (children[child] ?? []).map { ZNodePath.join(child, $0) })
            }
        }
        var stats: [String: Stat] = [:]
        let results = await client.readBatch(statPaths.map { .exists($0, watch: false) })
        for (path, result) in zip(statPaths, results) {
            if case .success(.stat(let stat?)) = result { stats[path] = stat }
        }
        var reports: [LockReport] = []
        for path in paths {
            guard let names = children[path] else { continue }
            var nodes: [LockNode] = []
            for name in names {
                let child = ZNodePath.join(path, name)
                // A contender deleted between the listing and the stat read is gone: leave it out.
                guard let stat = stats[child] else { continue }
                let inner = (children[child] ?? []).compactMap { grandchild -> LockNode? in
                    guard let innerStat = stats[ZNodePath.join(child, grandchild)] else { return nil }
                    return LockNode(name: grandchild, ephemeralOwner: innerStat.ephemeralOwner)
                }
                nodes.append(LockNode(name: name, ephemeralOwner: stat.ephemeralOwner, children: inner))
            }
            guard let layout = LockLayout.recognise(path: path, children: nodes) else { continue }
            let created = layout.holder.flatMap { stats[ZNodePath.join(path, $0.relativePath)]?.ctime }
            reports.append(LockReport(layout: layout, holderCreated: created))
        }
        return reports
    }
}
