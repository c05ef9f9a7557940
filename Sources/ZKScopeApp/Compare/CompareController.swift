import EnsembleMonitor
import Foundation
import ZooKeeperClient
import ZooKeeperJute

/// The compare view's effect runner: one ZooKeeper session per member, each connected to that member only,
/// reading the shown node on every member at once and reporting each member's answer as a ``CompareUpdate``
/// as soon as it has it.
///
/// A member that is down, not serving or frozen must never hold up the other columns, so each member is read
/// by its own task, at most one read at a time per member (a refresh that finds a member still busy marks it
/// to read again when it is done, so reads never pile up), every request has a ``requestDeadline``, and a
/// member whose session is not connected after its first attempt is reported down at once instead of waiting
/// again. One refresh costs one `getData` and one `getChildren` per member, plus the stats of at most
/// ``ComparePaneModel/childStatLimit`` children in one pipelined batch: no walk.
public final class CompareController: Sendable {
    /// How long any one request may take before the member is reported as not answering.
    public static let requestDeadline: Duration = .seconds(2)
    private let worker: CompareWorker
    private let queue: AsyncStream<CompareRequest>.Continuation
    private let task: Task<Void, Never>

    /// Creates a controller; it opens the members' sessions on the first ``CompareRequest/show(path:)``.
    /// - Parameters:
    ///   - members: every configured member, `host:port`.
    ///   - deliver: called (from background tasks) with each member's answer.
    ///   - credentials: added to every member's session (`--auth`).
    ///   - tls: TLS for every member's session (`--tls…`), nil for plaintext.
    ///   - sasl: SASL credentials every member's session authenticates with (`--sasl-user`, `--jaas`).
    public init(
        members: [String], credentials: [AuthCredential] = [], sasl: SASLCredentials? = nil,
        maxReplySize: Int = ZooKeeperConfiguration.defaultMaxReplySize, tls: TLSSettings? = nil, log: AppLog,
        deliver: @escaping @Sendable (CompareUpdate) -> Void
    ) {
        let (stream, continuation) = AsyncStream<CompareRequest>.makeStream(bufferingPolicy: .unbounded)
        let worker = CompareWorker(
            members: members, credentials: credentials, sasl: sasl, maxReplySize: maxReplySize, tls: tls, log: log,
            deliver: deliver)
        self.worker = worker
        self.queue = continuation
        self.task = Task {
            for await request in stream { await worker.handle(request) }
        }
    }

    /// Queues a request from the view (handled in order; reads themselves run per member, in parallel).
    public func handle(_ request: CompareRequest) { queue.yield(request) }

    /// Ends every member's session and stops the queue (on quit).
    public func close() async {
        queue.finish()
        await worker.handle(.close)
        task.cancel()
    }
}

/// The controller's state, serialised by the actor; the reads run in tasks of their own.
actor CompareWorker {
    let members: [String]
    let credentials: [AuthCredential]
    let sasl: SASLCredentials?
    let maxReplySize: Int
    let tls: TLSSettings?
    let log: AppLog
    let deliver: @Sendable (CompareUpdate) -> Void
    /// The node shown, nil while the view is closed.
    var path: String?
    var clients: [String: ZooKeeperClient] = [:]
    /// When each member's client was made (its first read waits for the session; later ones do not).
    var created: [String: ContinuousClock.Instant] = [:]
    /// Bumped per member whenever its client is replaced, so an answer from a closed client is dropped.
    var generation: [String: Int] = [:]
    var busy: Set<String> = []
    /// Members whose current session has read with the credentials added (the client replays them itself on
    /// reconnects; a new session adds them again).
    var authenticated: Set<String> = []
    var again: Set<String> = []

    init(
        members: [String], credentials: [AuthCredential], sasl: SASLCredentials? = nil, maxReplySize: Int,
        tls: TLSSettings? = nil,
        log: AppLog, deliver: @escaping @Sendable (CompareUpdate) -> Void
    ) {
        self.sasl = sasl
        self.tls = tls
        self.members = members
        self.credentials = credentials
        self.maxReplySize = maxReplySize
        self.log = log
        self.deliver = deliver
    }

    func handle(_ request: CompareRequest) async {
        switch request {
        case .show(let newPath):
            path = newPath
            for member in members { schedule(member) }
        case .refresh:
            guard path != nil else { return }
            for member in members { schedule(member) }
        case .close:
            path = nil
            again = []
            let open = Array(clients.values)
            clients = [:]
            created = [:]
            authenticated = []
            for member in members { generation[member, default: 0] += 1 }
            // Closed in parallel: a frozen member's close waits for its deadline without holding up the others.
            await withTaskGroup(of: Void.self) { group in
                for client in open { group.addTask { await client.close() } }
            }
        }
    }

    private func schedule(_ member: String) {
        guard let path else { return }
        if busy.contains(member) {
            again.insert(member)
            return
        }
        guard let client = client(for: member) else { return }
        busy.insert(member)
        let mine = generation[member, default: 0]
        let fresh = created[member].map { ContinuousClock.now - $0 < CompareController.requestDeadline } ?? true
        let credentials = authenticated.contains(member) ? [] : self.credentials
        Task {
            var state: CompareMemberState
            if let failure = await Self.authenticate(client, credentials) {
                state = failure
            } else {
                state = await Self.read(client, path: path, waitForSession: fresh)
            }
            self.finished(member, path: path, state: state, generation: mine)
        }
    }

    private func finished(_ member: String, path: String, state: CompareMemberState, generation mine: Int) {
        busy.remove(member)
        guard mine == generation[member, default: 0], self.path != nil else { return }
        if state.isRead { authenticated.insert(member) }
        deliver(CompareUpdate(member: member, path: path, state: state))
        if again.remove(member) != nil { schedule(member) }
    }

    /// The member's session, made anew when the old one ended (expired while the member was away).
    private func client(for member: String) -> ZooKeeperClient? {
        if let client = clients[member] {
            switch client.sessionState {
            case .expired, .closed, .authFailed:
                Task { await client.close() }
                clients[member] = nil
                generation[member, default: 0] += 1
                authenticated.remove(member)
            default:
                return client
            }
        }
        do {
            var configuration = try ZooKeeperConfiguration(connectString: member)
            configuration.sessionTimeout = .seconds(4)
            configuration.logger = log.logger(label: "zkscope.compare.client")
            configuration.requestTimeout = CompareController.requestDeadline
            configuration.connectTimeout = .seconds(1)
            configuration.allowReadOnly = true
            configuration.shuffleServers = false
            configuration.maxReplySize = maxReplySize
            configuration.tls = tls
            configuration.sasl = sasl
            let client = try ZooKeeperClient(configuration: configuration)
            clients[member] = client
            created[member] = .now
            return client
        } catch {
            log.write("compare: cannot make a session for \(member): \(error)")
            deliver(CompareUpdate(member: member, path: path ?? "/", state: .unavailable("bad address: \(error)")))
            return nil
        }
    }

    /// Adds `credentials` to a member's session within ``CompareController/requestDeadline``; the column's state
    /// when that fails (a rejected credential, or a member that does not answer), nil when done.
    static func authenticate(_ client: ZooKeeperClient, _ credentials: [AuthCredential]) async -> CompareMemberState? {
        guard !credentials.isEmpty else { return nil }
        enum Outcome: Sendable {
            case done
            case failed(ZooKeeperError)
            case timedOut
        }
        let outcome = await withTaskGroup(of: Outcome.self) { group in
            group.addTask {
                do throws(ZooKeeperError) {
                    try await client.addAuth(credentials)
                    return .done
                } catch {
                    return .failed(error)
                }
            }
            group.addTask {
                try? await Task.sleep(for: CompareController.requestDeadline)
                return .timedOut
            }
            let first = await group.next() ?? .timedOut
            group.cancelAll()
            return first
        }
        switch outcome {
        case .done: return nil
        case .failed(let error) where error.code == .authFailed: return .unavailable("authentication failed")
        case .failed(let error): return .unavailable("auth: \(error.code)")
        case .timedOut: return unreachable(client)
        }
    }

    /// A member whose session is not up: "unreachable", or the TLS failure that keeps it down (an untrusted
    /// certificate does not go away by retrying, so the column says which).
    static func unreachable(_ client: ZooKeeperClient) -> CompareMemberState {
        if let failure = client.lastConnectFailure?.tlsFailure { return .unavailable("TLS: \(failure.message)") }
        return .unavailable("unreachable")
    }

    /// Reads one node on one member: data and stat, then the child list if the stat says it is not huge, then
    /// the first children's stats in one pipelined batch.
    static func read(_ client: ZooKeeperClient, path: String, waitForSession: Bool) async -> CompareMemberState {
        let start = ContinuousClock.now
        if !waitForSession, case .connecting = client.sessionState {
            return unreachable(client)
        }
        func failure(_ error: ZooKeeperError) -> CompareMemberState {
            switch error.code {
            case .operationTimeout:
                if case .connected = client.sessionState {
                    return .unavailable("no reply in \(CompareController.requestDeadline.components.seconds)s")
                }
                return unreachable(client)
            case .connectionLoss: return .unavailable("connection lost")
            default: return .unavailable("error: \(error.code)")
            }
        }
        do throws(ZooKeeperError) {
            let (data, stat) = try await client.getData(path)
            var names: [String]? = []
            var childStats: [String: Stat] = [:]
            if stat.numChildren > Int32(ComparePaneModel.listLimit) {
                names = nil
            } else if stat.numChildren > 0 {
                let listed = try await client.getChildren(path).sorted()
                names = listed
                let first = listed.prefix(ComparePaneModel.childStatLimit)
                let results = await client.readBatch(first.map { .exists(ZNodePath.join(path, $0)) })
                for (name, result) in zip(first, results) {
                    switch result {
                    case .success(.stat(let childStat?)): childStats[name] = childStat
                    case .success: break
                    case .failure(let error) where error.code == .noNode: break
                    case .failure(let error): throw error
                    }
                }
            }
            return .read(
                CompareNodeRead(stat: stat, data: data, children: names, childStats: childStats),
                milliseconds: (ContinuousClock.now - start).milliseconds)
        } catch {
            // The node (or, between the two reads, the node being listed) is gone on this member.
            if error.code == .noNode { return .read(nil, milliseconds: (ContinuousClock.now - start).milliseconds) }
            return failure(error)
        }
    }
}
