import EnsembleMonitor
import Foundation
import ZooKeeperClient
import ZooKeeperJute

/// The tree pane's effect runner: one ZooKeeper session that lists what the pane expands, watches only that,
/// and reports changes as ``TreeUpdate`` values.
///
/// Watches: an expanded node whose whole subtree is small (≤ ``recursiveLimit`` nodes, `getAllChildrenNumber`)
/// gets a persistent recursive watch, which also covers the stats of every visible descendant and any node
/// expanded inside it later; a larger subtree gets a persistent watch on the node alone (its child list and
/// data), so a busy deep subtree that is not on screen sends nothing. Servers without `addWatch` (before 3.6)
/// get one-shot watches, re-armed each time the node is listed. Requests and watch events go through one queue
/// and are handled in order; bursts of events are coalesced into one re-listing per node.
public final class TreeController: Sendable {
    /// Subtrees up to this many nodes get a persistent recursive watch.
    public static let recursiveLimit = 2_000
    private let worker: TreeWorker
    private let queue: AsyncStream<TreeWork>.Continuation
    private let task: Task<Void, Never>

    /// Creates a controller; it connects on the first request.
    /// - Parameters:
    ///   - connectString: every member, `host:port,host:port`.
    ///   - deliver: called (from a background task) with each update.
    ///   - credentials: added to the session (`--auth`), so nodes their ACLs protect can be read.
    ///   - maxReplySize: the session's reply limit (`--max-reply-size`); a node whose child list is larger
    ///     is reported in the status line, naming the node, the size and the option.
    public init(
        connectString: String, credentials: [AuthCredential] = [],
        maxReplySize: Int = ZooKeeperConfiguration.defaultMaxReplySize, log: AppLog,
        deliver: @escaping @Sendable (TreeUpdate) -> Void
    ) {
        let (stream, continuation) = AsyncStream<TreeWork>.makeStream(bufferingPolicy: .unbounded)
        let worker = TreeWorker(
            connectString: connectString, credentials: credentials, maxReplySize: maxReplySize, log: log,
            deliver: deliver, queue: continuation)
        self.worker = worker
        self.queue = continuation
        self.task = Task {
            for await work in stream { await worker.perform(work) }
        }
    }

    /// Queues a request from the pane.
    public func handle(_ request: TreeRequest) { queue.yield(.request(request)) }

    /// Runs a confirmed write and says how it went (message, is-error).
    public func write(_ request: WriteRequest) async -> (String, Bool) { await worker.write(request) }

    /// Closes the session (its watches go with it) and stops the queue.
    public func close() async {
        queue.finish()
        await worker.close()
        task.cancel()
    }
}

/// An item of the controller's queue.
enum TreeWork: Sendable {
    case request(TreeRequest)
    case event(WatchEvent, generation: Int)
    case flush
}

/// How an expanded node is watched.
enum WatchKind: Sendable {
    case recursive, persistent, oneShot, covered
}

/// The controller's state, serialised by the actor.
actor TreeWorker {
    let connectString: String
    let credentials: [AuthCredential]
    let log: AppLog
    let deliver: @Sendable (TreeUpdate) -> Void
    let queue: AsyncStream<TreeWork>.Continuation
    var client: ZooKeeperClient?
    var member: String?
    var expanded: [String: WatchKind] = [:]
    /// Child names of each expanded node at its last listing (to read only new children's stats).
    var knownChildren: [String: Set<String>] = [:]
    /// Expanded nodes whose children were not listed because there are too many.
    var deferred: Set<String> = []
    var addWatchSupported = true
    var eventTask: Task<Void, Never>?
    var generation = 0
    var detailPath: String?
    var dirtyChildren: Set<String> = []
    var dirtyStats: Set<String> = []
    var dirtyDetail = false
    var flushQueued = false
    var lastConnectFailure: ContinuousClock.Instant?
    var lockScanner = LockScanner()
    let maxReplySize: Int

    init(
        connectString: String, credentials: [AuthCredential], maxReplySize: Int, log: AppLog,
        deliver: @escaping @Sendable (TreeUpdate) -> Void, queue: AsyncStream<TreeWork>.Continuation
    ) {
        self.connectString = connectString
        self.credentials = credentials
        self.maxReplySize = maxReplySize
        self.log = log
        self.deliver = deliver
        self.queue = queue
    }

    func perform(_ work: TreeWork) async {
        switch work {
        case .request(let request): await handle(request)
        case .event(let event, let eventGeneration):
            guard eventGeneration == generation else { return }
            note(event)
        case .flush: await flush()
        }
    }

    // MARK: - Session

    private func session() async -> ZooKeeperClient? {
        if let client {
            switch client.sessionState {
            case .expired, .closed, .authFailed:
                await dropClient()
            default:
                return client
            }
        }
        if let last = lastConnectFailure, ContinuousClock.now - last < .seconds(1) { return nil }
        do {
            var configuration = try ZooKeeperConfiguration(connectString: member ?? connectString)
            configuration.sessionTimeout = .seconds(10)
            configuration.allowReadOnly = true
            configuration.maxReplySize = maxReplySize
            configuration.logger = log.logger(label: "zkscope.tree.client")
            let connected = try await ZooKeeperClient.connect(configuration, timeout: .seconds(5))
            do {
                try await connected.addAuth(credentials)
            } catch {
                await connected.close()
                throw error
            }
            client = connected
            generation += 1
            let mine = generation
            let events = connected.watchEvents()
            let queue = self.queue
            eventTask = Task {
                for await event in events { queue.yield(.event(event, generation: mine)) }
            }
            lastConnectFailure = nil
            log.write("tree: connected to \(connected.connectedServer.map { "\($0)" } ?? "?")")
            return connected
        } catch {
            lastConnectFailure = .now
            log.write("tree: cannot connect to \(member ?? connectString): \(error)")
            deliver(.status("tree: cannot connect to \(member ?? connectString): \(error)", isError: true))
            return nil
        }
    }

    private func dropClient() async {
        eventTask?.cancel()
        eventTask = nil
        if let client { await client.close() }
        client = nil
        for key in expanded.keys { expanded[key] = .oneShot }
    }

    func close() async {
        await dropClient()
    }

    // MARK: - Requests

    private func handle(_ request: TreeRequest) async {
        switch request {
        case .expand(let path, let listHuge):
            if expanded[path] == nil { expanded[path] = .oneShot }
            // Watch first, then list: a change between the two is then never missed.
            await watch(path)
            knownChildren[path] = nil
            await list(path, listHuge: listHuge)
        case .collapse(let path):
            let prefix = path == "/" ? "/" : path + "/"
            for (key, kind) in expanded where key == path || key.hasPrefix(prefix) {
                expanded.removeValue(forKey: key)
                knownChildren.removeValue(forKey: key)
                if kind == .recursive || kind == .persistent, let client {
                    try? await client.removeWatches(key, type: .any)
                }
            }
        case .stats(let paths):
            await stats(paths)
        case .detail(let path):
            detailPath = path
            await detail(path)
        case .scanLocks(let rediscover):
            await scanLocks(rediscover: rediscover)
        case .browseMember(let address):
            member = address
            await dropClient()
            knownChildren = [:]
            for path in expanded.keys.sorted(by: { $0.count < $1.count }) {
                expanded[path] = .oneShot
                await watch(path)
                await list(path, listHuge: false)
            }
            if let detailPath { await detail(detailPath) }
            deliver(.status("tree: browsing as \(address ?? "any member")", isError: false))
        }
    }

    private func list(_ path: String, listHuge: Bool) async {
        guard let client = await session() else { return }
        let oneShot = expanded[path] == .oneShot || !addWatchSupported
        do {
            guard let stat = try await client.exists(path) else {
                deliver(.missing(path: path))
                return
            }
            if Int(stat.numChildren) > TreePaneModel.hugeChildCount && !listHuge {
                deferred.insert(path)
                deliver(.children(path: path, names: nil, stat: stat, childStats: [:]))
                return
            }
            deferred.remove(path)
            let (listedNames, listed) = try await client.getChildrenWithStat(path, watch: oneShot)
            // A name no server can hold (e.g. "", which would stand for the parent itself) is not shown.
            let names = listedNames.filter(WalkLimits.isValidName)
            if names.count < listedNames.count {
                deliver(
                    .status(
                        "tree: \(path) lists \(listedNames.count - names.count) invalid name(s), not shown",
                        isError: true))
            }
            let sorted = names.sorted()
            // Stats are read for the first pages once, then only for children that are new since the last
            // listing (changes to known children arrive as data events).
            let known = knownChildren[path] ?? []
            knownChildren[path] = Set(sorted)
            let paths = sorted.prefix(TreePaneModel.pageSize * 2).filter { !known.contains($0) }.map {
                ZNodePath.join(path, $0)
            }
            var childStats: [String: Stat] = [:]
            let results = await client.readBatch(paths.map { .exists($0, watch: false) })
            for (child, result) in zip(paths, results) {
                if case .success(.stat(let childStat?)) = result { childStats[child] = childStat }
            }
            deliver(.children(path: path, names: sorted, stat: listed, childStats: childStats))
        } catch {
            if error.code == .noNode {
                deliver(.missing(path: path))
            } else if error.code == .replyTooLarge {
                deliver(.status("tree: \(path): \(Self.tooLarge(error))", isError: true))
            } else {
                deliver(.status("tree: listing \(path) failed: \(error)", isError: true))
            }
        }
    }

    private func watch(_ path: String) async {
        guard let client = await session(), let kind = expanded[path], kind == .oneShot, addWatchSupported else {
            return
        }
        if expanded.contains(where: { $0.value == .recursive && Self.isAncestor($0.key, of: path) }) {
            expanded[path] = .covered
            return
        }
        do {
            let count = try await client.getAllChildrenNumber(path)
            let mode: AddWatchMode = count <= TreeController.recursiveLimit ? .persistentRecursive : .persistent
            try await client.addWatch(path, mode: mode)
            expanded[path] = mode == .persistentRecursive ? .recursive : .persistent
        } catch {
            if error.code == .unimplemented {
                addWatchSupported = false
                log.write("tree: the server has no addWatch; using one-shot watches")
                await list(path, listHuge: false)
            } else {
                log.write("tree: cannot watch \(path): \(error)")
            }
        }
    }

    private func stats(_ paths: [String]) async {
        guard let client = await session(), !paths.isEmpty else { return }
        let results = await client.readBatch(paths.map { .exists($0, watch: false) })
        var out: [String: Stat?] = [:]
        for (path, result) in zip(paths, results) {
            switch result {
            case .success(.stat(let stat)): out[path] = stat
            case .failure(let error) where error.code == .noNode: out[path] = Stat?.none
            default: break
            }
        }
        deliver(.stats(out))
    }

    private func detail(_ path: String) async {
        guard let client = await session() else { return }
        let oneShot = !addWatchSupported
        do {
            let (data, stat) = try await client.getData(path, watch: oneShot)
            let acl = try? await client.getACL(path).acl
            deliver(
                .detail(
                    NodeDetail(
                        path: path, stat: stat, data: data, acl: acl,
                        member: client.connectedServer.map { "\($0)" })))
        } catch {
            if error.code == .noNode {
                deliver(.missing(path: path))
            } else {
                deliver(.status("tree: reading \(path) failed: \(error)", isError: true))
            }
        }
    }

    // MARK: - Locks

    private func scanLocks(rediscover: Bool) async {
        guard let client = await session() else { return }
        let now = ContinuousClock.now
        if lockScanner.needsDiscovery(now: now, forced: rediscover) {
            lockScanner.recordDiscovery(await LockScanner.discover(client), at: now)
        }
        let reports = await LockScanner.read(client, paths: lockScanner.knownPaths)
        deliver(.locks(reports, observedAt: Date().timeIntervalSince1970))
    }

    // MARK: - Watch events

    private func note(_ event: WatchEvent) {
        let path = event.path
        guard !path.isEmpty else { return }
        let parent = ZNodePath.parent(of: path)
        switch event.type {
        case .nodeCreated:
            if expanded[parent] != nil { dirtyChildren.insert(parent) }
        case .nodeDeleted:
            if expanded[parent] != nil { dirtyChildren.insert(parent) }
            deliver(.stats([path: Stat?.none]))
        case .nodeChildrenChanged:
            if expanded[path] != nil { dirtyChildren.insert(path) }
        case .nodeDataChanged:
            if expanded[parent] != nil || expanded[path] != nil { dirtyStats.insert(path) }
            if path == detailPath { dirtyDetail = true }
        default:
            return
        }
        if path == detailPath { dirtyDetail = true }
        if !flushQueued {
            flushQueued = true
            queue.yield(.flush)
        }
    }

    private func flush() async {
        flushQueued = false
        let parents = dirtyChildren.sorted { $0.count < $1.count }
        let statPaths = Array(dirtyStats)
        let refreshDetail = dirtyDetail
        dirtyChildren = []
        dirtyStats = []
        dirtyDetail = false
        // A node whose huge child list the user has not asked for stays unlisted (its count is refreshed).
        for parent in parents where expanded[parent] != nil {
            await list(parent, listHuge: !deferred.contains(parent))
        }
        await stats(statPaths)
        if refreshDetail, let detailPath { await detail(detailPath) }
    }

    private static func deleteIgnoringMissing(_ client: ZooKeeperClient, _ path: String) async throws(ZooKeeperError) {
        do throws(ZooKeeperError) {
            try await client.delete(path)
        } catch {
            if error.code != .noNode { throw error }
        }
    }

    static func isAncestor(_ ancestor: String, of path: String) -> Bool {
        ancestor == "/" ? path != "/" : path.hasPrefix(ancestor + "/")
    }

    // MARK: - Writes

    func write(_ request: WriteRequest) async -> (String, Bool) {
        guard let client = await session() else { return ("not connected", true) }
        do {
            switch request {
            case .create(let path, let data):
                let created = try await client.create(path, data: data)
                log.write("write: created \(created)")
                return ("created \(created)", false)
            case .setData(let path, let data):
                let stat = try await client.setData(path, data: data)
                log.write("write: set \(path) (\(data.count) bytes)")
                return ("set \(path): version \(stat.version)", false)
            case .delete(let path, let recursive):
                if recursive {
                    let count = try await deleteSubtree(client, path)
                    log.write("write: deleted \(path) and \(count - 1) descendants")
                    return ("deleted \(path) and \(count - 1) descendants", false)
                }
                try await client.delete(path)
                log.write("write: deleted \(path)")
                return ("deleted \(path)", false)
            }
        } catch let error as ZooKeeperError {
            return ("write failed: \(error)", true)
        } catch {
            return ("write failed: \(error)", true)
        }
    }

    /// A `replyTooLarge` error in the dashboard's words: the size, the limit and the option to raise it.
    static func tooLarge(_ error: ZooKeeperError) -> String {
        error.message.replacingOccurrences(of: "(ZooKeeperConfiguration.maxReplySize)", with: "")
            + "; start zkscope with a larger --max-reply-size to list it"
    }

    /// Deletes a subtree deepest first; bounded to 100,000 nodes so a runaway tree cannot hang the dashboard.
    private func deleteSubtree(_ client: ZooKeeperClient, _ root: String) async throws -> Int {
        var order: [String] = []
        var stack = [root]
        while let path = stack.popLast() {
            order.append(path)
            guard order.count <= 100_000 else {
                throw ZooKeeperError(.badArguments, path: root, message: "more than 100,000 nodes")
            }
            let children = ((try? await client.getChildren(path)) ?? []).filter(WalkLimits.isValidName)
            stack.append(contentsOf: children.map { ZNodePath.join(path, $0) })
        }
        for path in order.reversed() {
            try await Self.deleteIgnoringMissing(client, path)
        }
        return order.count
    }
}
