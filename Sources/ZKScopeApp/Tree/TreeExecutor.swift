import EnsembleMonitor
import Foundation
import ZooKeeperClient
import ZooKeeperJute
import ZooKeeperRecipes

/// The tree controller's I/O: one ZooKeeper session, and the ``TreeAction`` values the ``TreeWatchPlanner``
/// decides, carried out in order. It decides nothing itself beyond turning replies into ``TreeUpdate`` values;
/// the actor serialises requests, watch events and flushes.
actor TreeExecutor {
    let connectString: String
    let credentials: [AuthCredential]
    let log: AppLog
    let deliver: @Sendable (TreeUpdate) -> Void
    let queue: AsyncStream<TreeWork>.Continuation
    let maxReplySize: Int
    let tls: TLSSettings?
    let sasl: SASLCredentials?
    var planner = TreeWatchPlanner()
    var client: ZooKeeperClient?
    var member: String?
    var eventTask: Task<Void, Never>?
    /// Watch events of an older session are dropped: its watches are gone with it.
    var generation = 0

    init(
        connectString: String, credentials: [AuthCredential], sasl: SASLCredentials? = nil, maxReplySize: Int,
        tls: TLSSettings? = nil,
        log: AppLog, deliver: @escaping @Sendable (TreeUpdate) -> Void, queue: AsyncStream<TreeWork>.Continuation
    ) {
        self.sasl = sasl
        self.tls = tls
        self.connectString = connectString
        self.credentials = credentials
        self.maxReplySize = maxReplySize
        self.log = log
        self.deliver = deliver
        self.queue = queue
    }

    func perform(_ work: TreeWork) async {
        let actions: [TreeAction]
        switch work {
        case .request(let request): actions = planner.request(request, now: .now)
        case .event(let event, let eventGeneration):
            guard eventGeneration == generation else { return }
            actions = planner.note(event)
        case .flush: actions = planner.flush()
        }
        for action in actions { await execute(action) }
    }

    private func execute(_ action: TreeAction) async {
        switch action {
        case .watch(let path): await watch(path)
        case .removeWatches(let path):
            if let client { try? await client.removeWatches(path, type: .any) }
        case .list(let path, let listHuge, let childStats): await list(path, listHuge: listHuge, childStats: childStats)
        case .readStats(let paths): await stats(paths)
        case .readDetail(let path, let oneShot): await detail(path, oneShot: oneShot)
        case .scanLocks(let discover): await scanLocks(discover: discover)
        case .reconnect(let address):
            member = address
            await dropClient()
        case .queueFlush: queue.yield(.flush)
        case .deliver(let update): deliver(update)
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
        guard planner.mayConnect(now: .now) else { return nil }
        do {
            var configuration = try ZooKeeperConfiguration(connectString: member ?? connectString)
            configuration.sessionTimeout = .seconds(10)
            configuration.allowReadOnly = true
            configuration.maxReplySize = maxReplySize
            configuration.tls = tls
            configuration.sasl = sasl
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
            planner.connectResult(succeeded: true, at: .now)
            log.write("tree: connected to \(connected.connectedServer.map { "\($0)" } ?? "?")")
            return connected
        } catch {
            planner.connectResult(succeeded: false, at: .now)
            let reason = SASLMessages.explain(error) ?? "\(error)"
            log.write("tree: cannot connect to \(member ?? connectString): \(reason)")
            deliver(.status("tree: cannot connect to \(member ?? connectString): \(reason)", isError: true))
            return nil
        }
    }

    private func dropClient() async {
        eventTask?.cancel()
        eventTask = nil
        if let client { await client.close() }
        client = nil
        planner.sessionDropped()
    }

    func close() async {
        await dropClient()
    }

    // MARK: - Reads

    private func watch(_ path: String) async {
        guard let client = await session() else { return }
        do {
            let count = try await client.getAllChildrenNumber(path)
            let mode = TreeWatchPlanner.watchMode(subtreeCount: Int(count))
            try await client.addWatch(path, mode: mode)
            planner.watchResult(path, .added(mode))
        } catch {
            if error.code == .unimplemented {
                planner.watchResult(path, .unsupported)
                log.write("tree: the server has no addWatch; using one-shot watches")
            } else {
                planner.watchResult(path, .failed)
                log.write("tree: cannot watch \(path): \(error)")
            }
        }
    }

    private func list(_ path: String, listHuge: Bool, childStats readChildStats: Bool) async {
        guard let client = await session() else { return }
        do {
            guard let stat = try await client.exists(path) else {
                deliver(.missing(path: path))
                return
            }
            if planner.shouldDefer(path, numChildren: Int(stat.numChildren), listHuge: listHuge) {
                deliver(.children(path: path, names: nil, stat: stat, childStats: [:]))
                return
            }
            let (listedNames, listed) = try await client.getChildrenWithStat(
                path, watch: planner.needsOneShotWatch(path))
            // A name no server can hold (e.g. "", which would stand for the parent itself) is not shown.
            let names = listedNames.filter(WalkLimits.isValidName)
            if names.count < listedNames.count {
                deliver(
                    .status(
                        "tree: \(path) lists \(listedNames.count - names.count) invalid name(s), not shown",
                        isError: true))
            }
            let sorted = names.sorted()
            // A fresh expansion reads the stats of the first pages with the listing; a refresh reads none (the
            // pane asks for the stats of new children it shows, and changes to known ones arrive as events).
            var childStats: [String: Stat] = [:]
            if readChildStats {
                let paths = sorted.prefix(TreePaneModel.pageSize * 2).map { ZNodePath.join(path, $0) }
                let results = await client.readBatch(paths.map { .exists($0, watch: false) })
                for (child, result) in zip(paths, results) {
                    if case .success(.stat(let childStat?)) = result { childStats[child] = childStat }
                }
            }
            deliver(.children(path: path, names: sorted, stat: listed, childStats: childStats))
        } catch {
            if error.code == .noNode {
                deliver(.missing(path: path))
            } else if error.code == .replyTooLarge {
                deliver(.status("tree: \(path): \(Self.tooLarge(error))", isError: true))
            } else {
                deliver(
                    .status("tree: listing \(path) failed: \(SASLMessages.explain(error) ?? "\(error)")", isError: true)
                )
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

    private func detail(_ path: String, oneShot: Bool) async {
        guard let client = await session() else { return }
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
                deliver(
                    .status("tree: reading \(path) failed: \(SASLMessages.explain(error) ?? "\(error)")", isError: true)
                )
            }
        }
    }

    private func scanLocks(discover: Bool) async {
        guard let client = await session() else { return }
        if discover {
            let now = ContinuousClock.now
            let found = await LockScanner.discover(client)
            planner.locksDiscovered(found, at: now)
        }
        let reports = await LockScanner.read(client, paths: planner.locks.knownPaths)
        deliver(.locks(reports, observedAt: Date().timeIntervalSince1970))
    }

    /// A `replyTooLarge` error in the dashboard's words: the size, the limit and the option to raise it.
    static func tooLarge(_ error: ZooKeeperError) -> String {
        error.message.replacingOccurrences(of: "(ZooKeeperConfiguration.maxReplySize)", with: "")
            + "; start zkscope with a larger --max-reply-size to list it"
    }

    // MARK: - Writes

    /// Runs a write the user confirmed (the runner sends none unless writes are enabled).
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
                if recursive { return try await deleteSubtree(client, path) }
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

    /// Deletes a subtree with the ``RecursiveDelete`` recipe, listing it with the one tree walker.
    private func deleteSubtree(_ client: ZooKeeperClient, _ path: String) async throws -> (String, Bool) {
        let recipe = try RecursiveDelete(path: path)
        let report = try await recipe.run(client: client) { root, visit in
            _ = try await TreeWalker(sessions: [client], options: TreeWalkOptions(root: root)).walk { entry in
                try visit(entry.path)
            }
        }
        log.write("write: \(report.summary)")
        return (report.summary, !report.failed.isEmpty)
    }
}
