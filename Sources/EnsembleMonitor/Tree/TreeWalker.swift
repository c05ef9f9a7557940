import ZooKeeperClient

/// A streaming, pipelined walk of a znode subtree over one or more sessions to one member.
///
/// ZooKeeper serves one session's requests strictly in order, so one session tops out near 25,000
/// reads/s while several sessions to the same member go more than twice as fast. The walker keeps
/// `window` reads in flight, spread in batches over every session, and stays stat-guided: in data mode
/// it reads each node with `getData` and lists children only when the stat says there are some; in
/// names mode one `getChildren2` per node gives both the stat and the children.
///
/// Entries come out in pre-order with siblings sorted (a parent before its subtree), while reads run
/// ahead: siblings are requested before an earlier sibling's subtree is finished, and their results
/// wait, bounded by `lookahead` and `maxBufferedBytes`. So memory depends on the window and the widest
/// node, not on the size of the tree: `zkscope tree` can stream any tree.
///
/// Nodes deleted mid-walk are skipped (counted in `vanished`); unreadable nodes (`noAuth`) are reported
/// as entries with an `error` and the walk goes on; a lost or silent server ends the walk with a
/// `TreeWalkError` (every request has the client's deadline, so nothing hangs).
///
/// ```swift
/// let sessions = try await TreeWalker.openSessions(connectString: "127.0.0.1:2181", count: 4)
/// defer { Task { await TreeWalker.close(sessions) } }
/// let summary = try await TreeWalker(sessions: sessions, options: TreeWalkOptions(root: "/", includeData: true))
///     .walk { entry in print(entry.path) }
/// ```
public struct TreeWalker: Sendable {
    /// The connected sessions reads are spread over (all to the same member, for one consistent view).
    public let sessions: [ZooKeeperClient]
    /// How to walk.
    public var options: TreeWalkOptions

    /// Makes a walker over connected sessions; `sessions` must not be empty.
    public init(sessions: [ZooKeeperClient], options: TreeWalkOptions = TreeWalkOptions()) {
        self.sessions = sessions
        self.options = options
    }

    /// Walks the subtree and calls `body` with each entry in pre-order. An error thrown by `body`
    /// stops the walk and is rethrown (after the reads in flight are answered).
    public func walk(_ body: (TreeEntry) throws -> Void) async throws -> TreeWalkSummary {
        guard !sessions.isEmpty else {
            throw TreeWalkError(ZooKeeperError(.badArguments, message: "no session"), path: options.root)
        }
        guard ZNodePath.isValid(options.root) else {
            throw TreeWalkError(ZooKeeperError(.badArguments, message: "invalid path"), path: options.root)
        }
        let clock = ContinuousClock()
        let start = clock.now
        let scheduler = WalkScheduler(options: options)
        let sessions = self.sessions
        try await withThrowingTaskGroup(of: (Int, [Result<ReadResult, ZooKeeperError>]).self) { group in
            var nextSession = 0
            var nextBatch = 0
            var inFlightBatches: [Int: [WalkToken]] = [:]
            func flush() {
                for (tokens, requests) in scheduler.takeBatches() {
                    let client = sessions[nextSession % sessions.count]
                    nextSession &+= 1
                    let id = nextBatch
                    nextBatch &+= 1
                    inFlightBatches[id] = tokens
                    group.addTask { (id, await client.readBatch(requests)) }
                }
            }
            scheduler.fill()
            flush()
            while let (id, results) = try await group.next() {
                // A cancelled walk's reads come back failed with `cancelled`: stop before applying them.
                try Task.checkCancellation()
                guard let tokens = inFlightBatches.removeValue(forKey: id) else { continue }
                for (token, result) in zip(tokens, results) { try scheduler.apply(token, result) }
                try scheduler.drain(body)
                if scheduler.isFinished { break }
                try Task.checkCancellation()
                scheduler.fill()
                flush()
            }
        }
        var summary = scheduler.summary
        summary.elapsed = clock.now - start
        return summary
    }
}

extension TreeWalker {
    /// Opens `count` sessions to ONE member: the first reachable server of `connectString` (tried in
    /// the order given), then the others to that same server, so the walk reads one member's view.
    /// Throws the client's error (e.g. `operationTimeout` when nothing answers within `timeout`).
    /// Every session adds `credentials` before it is returned, so the walk reads what they grant.
    /// A node whose reply exceeds `maxReplySize` becomes an entry with a `replyTooLarge` error.
    /// `tls` (nil: plaintext) is used by every session.
    /// `sasl` (nil: none) authenticates every session before its first read.
    public static func openSessions(
        connectString: String, count: Int, timeout: Duration = .seconds(10), requestTimeout: Duration = .seconds(15),
        credentials: [AuthCredential] = [], maxReplySize: Int = ZooKeeperConfiguration.defaultMaxReplySize,
        tls: TLSSettings? = nil,
        sasl: SASLCredentials? = nil
    ) async throws(ZooKeeperError) -> [ZooKeeperClient] {
        var configuration = try ZooKeeperConfiguration(connectString: connectString)
        configuration.sasl = sasl
        configuration.tls = tls
        configuration.shuffleServers = false
        configuration.maxReplySize = maxReplySize
        configuration.requestTimeout = requestTimeout
        configuration.sessionTimeout = max(timeout, .seconds(4))
        let first = try await ZooKeeperClient.connect(configuration, timeout: timeout)
        do {
            try await first.addAuth(credentials)
        } catch {
            await first.close()
            throw error
        }
        var sessions = [first]
        guard count > 1 else { return sessions }
        if let server = first.connectedServer {
            configuration.connectString = ConnectString(servers: [server], chroot: configuration.connectString.chroot)
        }
        do {
            for _ in 1..<count {
                let session = try await ZooKeeperClient.connect(configuration, timeout: timeout)
                sessions.append(session)
                try await session.addAuth(credentials)
            }
        } catch {
            await close(sessions)
            throw error
        }
        return sessions
    }

    /// Closes every session (ending them on the server at once).
    public static func close(_ sessions: [ZooKeeperClient]) async {
        for session in sessions { await session.close() }
    }
}
