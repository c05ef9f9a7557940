import ZooKeeperClient

/// One I/O step the tree executor carries out for the ``TreeWatchPlanner``.
enum TreeAction: Hashable, Sendable {
    /// Count the node's subtree and add a persistent watch (recursive when the subtree is small, see
    /// ``TreeWatchPlanner/watchMode(subtreeCount:)``); report the outcome with ``TreeWatchPlanner/watchResult(_:_:)``.
    case watch(path: String)
    /// Remove the persistent watches set on the node (if connected: a closed session has none).
    case removeWatches(path: String)
    /// List the node's children (asking ``TreeWatchPlanner/shouldDefer(_:numChildren:listHuge:)`` first and
    /// setting a one-shot watch when ``TreeWatchPlanner/needsOneShotWatch(_:)`` says so); with `childStats`,
    /// read the stats of the first pages of children in the same round.
    case list(path: String, listHuge: Bool, childStats: Bool)
    /// Read the stats of these nodes.
    case readStats(paths: [String])
    /// Read stat, data and ACL of a node for the detail pane, with a one-shot data watch when `oneShot`.
    case readDetail(path: String, oneShot: Bool)
    /// Re-read the known locks; first walk the tree for locks when `discover`.
    case scanLocks(discover: Bool)
    /// Close the session; the next step connects to this member (`nil`: any).
    case reconnect(member: String?)
    /// Queue a flush behind the events already queued, so a burst of events becomes one flush.
    case queueFlush
    /// Hand this to the pane as it is.
    case deliver(TreeUpdate)
}

/// How an expanded node is watched.
enum WatchKind: Hashable, Sendable {
    /// A persistent recursive watch on the node covers its whole subtree.
    case recursive
    /// A persistent watch on the node alone (its subtree is too large to watch whole).
    case persistent
    /// No persistent watch: one-shot watches are set with each read (old servers, or not watched yet).
    case oneShot
    /// An ancestor's recursive watch covers it.
    case covered
}

/// The tree controller's decisions without any I/O: which nodes are watched and how, which reads a request
/// or a burst of watch events leads to, when the lock walk is due and when to try connecting again.
///
/// The pane's ``TreePaneStore`` says what is expanded; the planner follows its expand and collapse requests
/// with the one thing the pane does not know: what the session has asked the server to watch for each of
/// those nodes. Watch events mark nodes dirty; the first one queues a flush (``TreeAction/queueFlush``) and
/// everything that arrives before the flush runs is coalesced into one listing per node and one batch of
/// stats. Time comes in as an argument.
struct TreeWatchPlanner: Sendable {
    /// Subtrees up to this many nodes get a persistent recursive watch.
    static let recursiveLimit = 2_000
    /// After a failed connection, the next attempt waits this long.
    static let reconnectDelay: Duration = .seconds(1)

    /// How each expanded node is watched, by path.
    private(set) var watches: [String: WatchKind] = [:]
    /// Expanded nodes whose children were not listed because there are too many.
    private(set) var deferred: Set<String> = []
    /// Whether the server knows `addWatch` (3.6+).
    private(set) var addWatchSupported = true
    /// The node the detail pane shows.
    private(set) var detailPath: String?
    /// Nodes whose children changed since the last flush.
    private(set) var dirtyChildren: Set<String> = []
    /// Nodes whose stat changed since the last flush.
    private(set) var dirtyStats: Set<String> = []
    /// Whether the detail node changed since the last flush.
    private(set) var dirtyDetail = false
    private var flushQueued = false
    private var lastConnectFailure: ContinuousClock.Instant?
    /// The lock paths found by the last discovery walk and when it ran.
    private(set) var locks = LockScanner()

    // MARK: - Requests

    /// What a request from the pane leads to.
    mutating func request(_ request: TreeRequest, now: ContinuousClock.Instant) -> [TreeAction] {
        switch request {
        case .expand(let path, let listHuge):
            if watches[path] == nil { watches[path] = .oneShot }
            // Watch first, then list: a change between the two is then never missed.
            return watchActions(path) + [.list(path: path, listHuge: listHuge, childStats: true)]
        case .collapse(let path):
            var actions: [TreeAction] = []
            for key in watches.keys.sorted() where key == path || Self.isAncestor(path, of: key) {
                let kind = watches.removeValue(forKey: key)
                deferred.remove(key)
                if kind == .recursive || kind == .persistent { actions.append(.removeWatches(path: key)) }
            }
            return actions
        case .stats(let paths):
            return paths.isEmpty ? [] : [.readStats(paths: paths)]
        case .detail(let path):
            detailPath = path
            return [.readDetail(path: path, oneShot: !addWatchSupported)]
        case .scanLocks(let rediscover):
            return [.scanLocks(discover: locks.needsDiscovery(now: now, forced: rediscover))]
        case .browseMember(let address):
            var actions: [TreeAction] = [.reconnect(member: address)]
            sessionDropped()
            for path in watches.keys.sorted(by: { ($0.utf8.count, $0) < ($1.utf8.count, $1) }) {
                actions += watchActions(path) + [.list(path: path, listHuge: false, childStats: true)]
            }
            if let detailPath { actions.append(.readDetail(path: detailPath, oneShot: !addWatchSupported)) }
            actions.append(.deliver(.status("tree: browsing as \(address ?? "any member")", isError: false)))
            return actions
        }
    }

    /// The watch to set on a newly expanded (or re-listed after a reconnect) node, if any: none when a
    /// persistent one is set, when the server has no `addWatch`, or when an ancestor's recursive watch covers it.
    private mutating func watchActions(_ path: String) -> [TreeAction] {
        guard watches[path] == .oneShot, addWatchSupported else { return [] }
        if watches.contains(where: { $0.value == .recursive && Self.isAncestor($0.key, of: path) }) {
            watches[path] = .covered
            return []
        }
        return [.watch(path: path)]
    }

    // MARK: - Outcomes

    /// The mode of a node's persistent watch given the size of its subtree (`getAllChildrenNumber`).
    static func watchMode(subtreeCount: Int) -> AddWatchMode {
        subtreeCount <= recursiveLimit ? .persistentRecursive : .persistent
    }

    /// What a ``TreeAction/watch(path:)`` achieved.
    enum WatchOutcome: Hashable, Sendable {
        /// The watch is set in this mode.
        case added(AddWatchMode)
        /// The server has no `addWatch`: one-shot watches from now on.
        case unsupported
        /// Another error; the node stays on one-shot watches.
        case failed
    }

    /// Records a watch outcome (a node collapsed meanwhile is not brought back).
    mutating func watchResult(_ path: String, _ outcome: WatchOutcome) {
        switch outcome {
        case .added(let mode):
            if watches[path] != nil { watches[path] = mode == .persistentRecursive ? .recursive : .persistent }
        case .unsupported:
            addWatchSupported = false
        case .failed:
            break
        }
    }

    /// Whether a listing of `path` must set a one-shot child watch (nothing persistent watches it).
    func needsOneShotWatch(_ path: String) -> Bool {
        watches[path] == .oneShot || !addWatchSupported
    }

    /// Whether a node with `numChildren` children is left unlisted (the user did not ask for a huge list);
    /// remembers the answer, so a refresh keeps a deferred node deferred.
    mutating func shouldDefer(_ path: String, numChildren: Int, listHuge: Bool) -> Bool {
        if numChildren > TreePaneModel.hugeChildCount && !listHuge {
            deferred.insert(path)
            return true
        }
        deferred.remove(path)
        return false
    }

    /// The session is gone (closed, expired, or dropped to browse another member): its watches went with it.
    mutating func sessionDropped() {
        for key in watches.keys { watches[key] = .oneShot }
    }

    /// Whether connecting may be tried now (one attempt per ``reconnectDelay`` after a failure).
    func mayConnect(now: ContinuousClock.Instant) -> Bool {
        guard let last = lastConnectFailure else { return true }
        return now - last >= Self.reconnectDelay
    }

    /// Records a connection attempt's outcome.
    mutating func connectResult(succeeded: Bool, at now: ContinuousClock.Instant) {
        lastConnectFailure = succeeded ? nil : now
    }

    /// Records what a lock discovery walk found.
    mutating func locksDiscovered(_ paths: [String], at now: ContinuousClock.Instant) {
        locks.recordDiscovery(paths, at: now)
    }

    // MARK: - Watch events

    /// Marks what a watch event makes stale; queues one flush for a burst of events.
    mutating func note(_ event: WatchEvent) -> [TreeAction] {
        let path = event.path
        guard !path.isEmpty else { return [] }
        let parent = ZNodePath.parent(of: path)
        var actions: [TreeAction] = []
        switch event.type {
        case .nodeCreated:
            if watches[parent] != nil { dirtyChildren.insert(parent) }
        case .nodeDeleted:
            if watches[parent] != nil { dirtyChildren.insert(parent) }
            actions.append(.deliver(.stats([path: Stat?.none])))
        case .nodeChildrenChanged:
            if watches[path] != nil { dirtyChildren.insert(path) }
        case .nodeDataChanged:
            if watches[parent] != nil || watches[path] != nil { dirtyStats.insert(path) }
        default:
            return []
        }
        if path == detailPath { dirtyDetail = true }
        if !flushQueued {
            flushQueued = true
            actions.append(.queueFlush)
        }
        return actions
    }

    /// The reads that bring every dirty node up to date: one listing per dirty expanded node (parents
    /// first; a deferred one stays unlisted, its count refreshed), one batch of stats, the detail.
    mutating func flush() -> [TreeAction] {
        flushQueued = false
        defer {
            dirtyChildren = []
            dirtyStats = []
            dirtyDetail = false
        }
        var actions: [TreeAction] = []
        for parent in dirtyChildren.sorted(by: { ($0.utf8.count, $0) < ($1.utf8.count, $1) })
        where watches[parent] != nil {
            actions.append(.list(path: parent, listHuge: !deferred.contains(parent), childStats: false))
        }
        if !dirtyStats.isEmpty { actions.append(.readStats(paths: dirtyStats.sorted())) }
        if dirtyDetail, let detailPath { actions.append(.readDetail(path: detailPath, oneShot: !addWatchSupported)) }
        return actions
    }

    /// Whether `ancestor` is a proper ancestor of `path`.
    static func isAncestor(_ ancestor: String, of path: String) -> Bool {
        ancestor == "/" ? path != "/" : path.hasPrefix(ancestor + "/")
    }
}
