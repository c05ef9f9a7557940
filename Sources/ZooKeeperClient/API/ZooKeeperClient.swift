import NIOCore
import NIOPosix
@_exported import ZooKeeperJute

/// A native, pipelined ZooKeeper client.
///
/// One TCP connection carries every request: any number of tasks may call it at once, requests
/// go out in order under a bounded in-flight window and replies are matched in order. The session
/// survives connection loss: the client moves to another server (shuffled, round-robin, with
/// backoff), resumes the same session and re-registers its watches. Every request has a deadline,
/// so a silent server makes calls fail with `operationTimeout`, never hang.
///
/// ```swift
/// let client = try await ZooKeeperClient.connect(try ZooKeeperConfiguration(connectString: "127.0.0.1:2181"))
/// let events = client.watchEvents()
/// _ = try await client.create("/app", data: Array("hello".utf8))
/// let (data, stat) = try await client.getData("/app", watch: true)
/// for await event in events { print(event) }
/// await client.close()
/// ```
///
/// Cancelling the task that awaits a call ends the wait at once: the call throws `cancelled`
/// (`readBatch` fails every slot not yet answered with it). Cancelling stops the wait, not the
/// operation: a request not yet written is never sent, but one already written stays on the wire
/// and the server applies it (a `create`, `setData` or `delete` may still take effect), its reply
/// is read and dropped so the connection stays in step, and a watch it asked for is still set (its
/// events arrive on `watchEvents()`). A call made in an already cancelled task sends nothing.
///
/// Always call `close()`: it ends the session (deleting its ephemeral nodes at once) and stops the
/// reconnect loop, which otherwise keeps the client alive.
public final class ZooKeeperClient: Sendable {
    /// The configuration the client was made with.
    public let configuration: ZooKeeperConfiguration
    let driver: ConnectionDriver
    let chroot: Chroot
    let maxBuffer: Int

    /// Makes a client and starts connecting in the background (like ZooKeeper's own clients).
    /// Requests made before the session is established wait in the queue. Throws `badArguments`
    /// for an invalid configuration.
    public init(configuration: ZooKeeperConfiguration) throws(ZooKeeperError) {
        guard !configuration.connectString.servers.isEmpty else {
            throw ZooKeeperError(.badArguments, message: "no server to connect to")
        }
        guard configuration.sessionTimeout > .zero, configuration.requestTimeout > .zero else {
            throw ZooKeeperError(.badArguments, message: "timeouts must be positive")
        }
        self.configuration = configuration
        let group = configuration.eventLoopGroup ?? MultiThreadedEventLoopGroup.singleton
        self.driver = ConnectionDriver(configuration: configuration, eventLoop: group.next())
        self.chroot = driver.chroot
        self.maxBuffer = configuration.maxBuffer
        driver.start()
    }

    /// A client dropped without `close()` still ends its session, so its reconnect loop and
    /// timer do not outlive it. Calling `close()` is better: it lets you wait for the end.
    deinit {
        driver.closeDetached()
    }

    /// Makes a client from a connect string with default settings.
    public convenience init(connectString: String) throws(ZooKeeperError) {
        try self.init(configuration: ZooKeeperConfiguration(connectString: connectString))
    }

    /// Makes a client and waits for its session. On failure the client is closed and the error
    /// thrown (`operationTimeout` if no server answered within `timeout`, default the session timeout;
    /// `cancelled` at once if the task is cancelled meanwhile).
    public static func connect(
        _ configuration: ZooKeeperConfiguration, timeout: Duration? = nil
    ) async throws(ZooKeeperError) -> ZooKeeperClient {
        let client = try ZooKeeperClient(configuration: configuration)
        do {
            try await client.waitUntilConnected(timeout: timeout)
        } catch {
            await client.close()
            throw error
        }
        return client
    }

    /// Runs `body` with a connected client and closes it afterwards, also when `body` throws.
    public static func withClient<Result: Sendable>(
        _ configuration: ZooKeeperConfiguration, timeout: Duration? = nil,
        _ body: (ZooKeeperClient) async throws -> Result
    ) async throws -> Result {
        let client = try await connect(configuration, timeout: timeout)
        do {
            let result = try await body(client)
            await client.close()
            return result
        } catch {
            await client.close()
            throw error
        }
    }

    /// Waits until the session is connected. Throws the terminal state's code if the session
    /// ended, `operationTimeout` after `timeout` (default: the session timeout), or `cancelled` at
    /// once if the task is cancelled (the client keeps connecting in the background).
    public func waitUntilConnected(timeout: Duration? = nil) async throws(ZooKeeperError) {
        let limit = (timeout ?? configuration.sessionTimeout).nanosecondsClamped
        let driver = self.driver
        let ticket = driver.makeTicket()
        let result = await withTaskCancellationHandler {
            await driver.waitUntilConnected(timeout: max(limit, 1), ticket: ticket)
        } onCancel: {
            driver.cancel(ticket)
        }
        try result.get()
    }

    /// Ends the session gracefully (its ephemeral nodes go at once), fails queued requests with
    /// `closing`, and ends every event stream. Safe to call more than once. Not cancellable: a
    /// cancelled task still waits for the close (bounded by the close timeout), so the session
    /// really ends.
    public func close() async {
        await driver.close()
    }

    // MARK: - State

    /// The current session id, once a session was established.
    public var sessionID: Int64? { driver.info.withLockedValue { $0.sessionID } }

    /// The session id and password, once a session was established: hand them to
    /// `ZooKeeperConfiguration.resumeSession` to take the session over from another client.
    public var sessionCredentials: SessionCredentials? {
        driver.info.withLockedValue { info in info.sessionID.map { SessionCredentials(id: $0, password: info.password) }
        }
    }

    /// The server the session is connected to right now, or nil while disconnected.
    public var connectedServer: ServerAddress? { driver.info.withLockedValue { $0.server } }

    /// Why the newest connection attempt failed, or nil once connected: typed, for a caller that reports why
    /// it cannot reach the ensemble (a dashboard shows it while the client keeps retrying).
    public var lastConnectFailure: ConnectFailure? { driver.info.withLockedValue { $0.lastConnectFailure } }

    /// The certificate the server presented on the newest TLS connection (the leaf: swift-nio-ssl hands out
    /// the peer's chain only to a custom verifier), empty without TLS. Summaries, parsed with swift-certificates.
    public var peerCertificates: [PeerCertificateSummary] {
        driver.info.withLockedValue { $0.peerCertificates }
    }

    /// The session timeout the server granted.
    public var negotiatedSessionTimeout: Duration? {
        driver.info.withLockedValue { $0.negotiatedTimeoutMilliseconds }.map { .milliseconds(Int64($0)) }
    }

    /// The latest wire-level state.
    public var sessionState: SessionState { driver.sessionStates.latest ?? .connecting }

    /// A new stream of watch notifications (every watch of the session, one-shot and persistent),
    /// starting now. Subscribe before issuing the request that sets the watch, so no event is missed.
    /// The stream ends when the client is closed or the session ends.
    public func watchEvents() -> AsyncStream<WatchEvent> { driver.watchEvents.subscribe() }

    /// A new stream of wire-level session states, starting with the current one.
    public func sessionEvents() -> AsyncStream<SessionState> { driver.sessionStates.subscribe() }

    /// A new stream of application-level states (connected, suspended, lost), starting with the
    /// current one once the first session was established.
    public func connectionStates() -> AsyncStream<ConnectionState> { driver.connectionStates.subscribe() }

    // MARK: - Request plumbing

    /// Validates a client path and maps it to the server path.
    @inline(__always)
    func serverPath(_ path: String, allowTrailingSlash: Bool = false) throws(ZooKeeperError) -> String {
        guard ZNodePath.isValid(path, allowTrailingSlash: allowTrailingSlash) else {
            throw ZooKeeperError(.badArguments, path: path, message: "invalid path")
        }
        return chroot.serverPath(path)
    }

    /// Encodes a request frame: length, xid placeholder, opcode, body.
    @inline(__always)
    func makeFrame(
        _ opCode: OpCode, path: String?, sizeHint: Int, _ body: (inout ByteBuffer) -> Void
    ) throws(ZooKeeperError) -> ByteBuffer {
        var frame = driver.allocator.buffer(capacity: 12 + sizeHint)
        frame.writeInteger(Int32(0))
        frame.writeInteger(Int32(0))
        frame.writeInteger(opCode.rawValue)
        body(&frame)
        let length = frame.readableBytes - 4
        guard length <= maxBuffer else {
            throw ZooKeeperError(
                .badArguments, path: path, message: "request of \(length) bytes exceeds jute.maxbuffer (\(maxBuffer))")
        }
        frame.setInteger(Int32(length), at: 0)
        return frame
    }

    /// Sends one request and returns its reply whatever the result code. Cancelling the task
    /// resumes it at once with `cancelled` (see the type's documentation).
    func performRaw(
        _ opCode: OpCode, path: String?, watch: WatchRegistration? = nil, sizeHint: Int = 64,
        _ body: (inout ByteBuffer) -> Void
    ) async throws(ZooKeeperError) -> RawReply {
        if Task.isCancelled { throw driver.cancelledError(path: path) }
        let frame = try makeFrame(opCode, path: path, sizeHint: sizeHint, body)
        let driver = self.driver
        let ticket = driver.makeTicket()
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<ReplyResult, Never>) in
                driver.submit(frame, watch: watch, completion: .single(continuation), ticket: ticket)
            }
        } onCancel: {
            driver.cancel(ticket)
        }
        switch result {
        case .success(let reply): return reply
        case .failure(var error):
            error.path = path
            throw error
        }
    }

    /// Sends one request; a non-ok result code is thrown.
    func perform(
        _ opCode: OpCode, path: String?, watch: WatchRegistration? = nil, sizeHint: Int = 64,
        _ body: (inout ByteBuffer) -> Void
    ) async throws(ZooKeeperError) -> RawReply {
        let reply = try await performRaw(opCode, path: path, watch: watch, sizeHint: sizeHint, body)
        guard reply.header.err == .ok else { throw ZooKeeperError(reply.header.err, path: path) }
        return reply
    }

    /// Decodes a reply body, mapping a malformed body to `marshallingError`.
    @inline(__always)
    func decode<Record: JuteRecord>(_ type: Record.Type, _ reply: RawReply, path: String?) throws(ZooKeeperError)
        -> Record
    {
        var body = reply.body
        do {
            return try Record.decode(from: &body)
        } catch {
            throw ZooKeeperError(.marshallingError, path: path, message: error.description)
        }
    }
}
