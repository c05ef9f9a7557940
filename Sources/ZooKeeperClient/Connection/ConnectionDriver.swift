import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import ZooKeeperJute
import ZooKeeperTLS

/// Runs the `ConnectionStateMachine` on one NIO event loop and performs its actions: opening
/// channels, writing frames, completing callers, publishing states.
///
/// Every mutable property is touched only on `eventLoop` (entry points hop there first), which is
/// why the class can be `@unchecked Sendable`. Channel events carry a generation number: events
/// from a channel the driver already gave up on are ignored.
final class ConnectionDriver: @unchecked Sendable {
    let eventLoop: any EventLoop
    let servers: [ServerAddress]
    let chroot: Chroot
    let allocator = ByteBufferAllocator()
    private let maxFrameLength: Int
    private let requestTimeout: Int64
    private let connectTimeout: Int64
    private let tickInterval: Int64
    private let logger: Logger

    private var machine: ConnectionStateMachine
    private var calls: [UInt64: PendingCall] = [:]
    /// Request ids come from here, on any thread, so a caller knows its ids before its request
    /// reaches the loop (its cancellation handler needs them).
    private let idCounter = NIOLockedValueBox<UInt64>(1)
    private var generation: UInt64 = 0
    private var context: ChannelHandlerContext?
    private var channel: (any Channel)?
    private var timer: RepeatedTask?
    private var pumpScheduled = false
    private var needsFlush = false
    private var wasConnected = false
    private var lastConnectionState: ConnectionState?
    private var attemptServerIndex = 0
    /// Why the newest connection attempt failed (nil once a connection is made), added to a connect timeout.
    private var lastConnectFailure: ConnectFailure?
    /// The servers whose newest attempt failed in a way retrying cannot fix (TLS settings), by index: when
    /// it holds every server, connect waiters are failed with the cause instead of waiting out their timeout.
    private var persistentFailures: [Int: ConnectFailure] = [:]
    /// Whether the current attempt already recorded its failure (a TLS error is followed by the close).
    private var attemptFailureRecorded = false
    /// TLS for every connection, nil for plaintext.
    private let tls: TLSSettings?
    /// The TLS context, made once at the first attempt (loading the files); a failure is every attempt's cause.
    private var tlsContext: Result<NIOSSLContext, TLSFailure>?
    private var waiters: [UInt64: CheckedContinuation<Result<Void, ZooKeeperError>, Never>] = [:]
    private var closeWaiters: [CheckedContinuation<Void, Never>] = []
    private var finished = false
    /// The SASL credentials every connection authenticates with, if any.
    private let sasl: SASLCredentials?
    /// The mechanism session of the current connection's SASL exchange (a fresh one per connection).
    private var saslSession: SASLMechanismSession?

    /// Watch notifications.
    let watchEvents = Broadcaster<WatchEvent>(replaysLatest: false)
    /// Wire-level states.
    let sessionStates = Broadcaster<SessionState>(replaysLatest: true, initial: .connecting)
    /// Application-level states.
    let connectionStates = Broadcaster<ConnectionState>(replaysLatest: true)
    /// A thread-safe copy of the session facts, for synchronous getters.
    let info = NIOLockedValueBox(SessionInfo())

    /// Session facts readable from any thread.
    struct SessionInfo: Sendable {
        var sessionID: Int64?
        var password: [UInt8] = []
        var server: ServerAddress?
        var negotiatedTimeoutMilliseconds: Int32?
        var lastZxidSeen: Int64 = 0
        var lastConnectFailure: ConnectFailure?
        var peerCertificates: [PeerCertificateSummary] = []
    }

    init(configuration: ZooKeeperConfiguration, eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
        self.logger = configuration.logger
        self.tls = configuration.tls
        var servers = configuration.connectString.servers
        if configuration.shuffleServers { servers.shuffle() }
        self.servers = servers
        self.chroot = Chroot(prefix: configuration.connectString.chroot)
        self.maxFrameLength = max(configuration.maxReplySize, 1024)
        self.sasl = configuration.sasl
        self.requestTimeout = max(configuration.requestTimeout.nanosecondsClamped, 1)
        let sessionMillis = Int32(clamping: configuration.sessionTimeout.nanosecondsClamped / 1_000_000)
        let machineConfiguration = ConnectionStateMachine.Configuration(
            hostCount: servers.count,
            sessionTimeoutMilliseconds: sessionMillis,
            connectTimeoutNanoseconds: configuration.connectTimeout?.nanosecondsClamped,
            readOnlyAllowed: configuration.allowReadOnly,
            maxInFlight: configuration.maxInFlight,
            backoffBaseNanoseconds: configuration.reconnectBackoffBase.nanosecondsClamped,
            backoffMaxNanoseconds: configuration.reconnectBackoffMax.nanosecondsClamped,
            setWatchesBatchBytes: min(configuration.maxBuffer / 2, 128 * 1024),
            useSetWatches2: configuration.useSetWatches2,
            closeTimeoutNanoseconds: min(configuration.requestTimeout.nanosecondsClamped, 2_000_000_000),
            resumeSession: configuration.resumeSession.map { ($0.id, $0.password) },
            sasl: configuration.sasl != nil
        )
        self.connectTimeout = machineConfiguration.connectTimeoutNanoseconds
        self.machine = ConnectionStateMachine(configuration: machineConfiguration)
        // Fine enough for pings at a third of the session timeout and for request deadlines.
        self.tickInterval = min(max(Int64(sessionMillis) * 1_000_000 / 40, 10_000_000), 100_000_000)
    }

    @inline(__always)
    private static func now() -> Int64 { Int64(truncatingIfNeeded: NIODeadline.now().uptimeNanoseconds) }

    @inline(__always)
    private func onLoop(_ body: @escaping @Sendable () -> Void) {
        if eventLoop.inEventLoop { body() } else { eventLoop.execute(body) }
    }

    // MARK: - Entry points (any thread)

    /// Starts connecting and the periodic timer.
    func start() {
        onLoop {
            let tick = TimeAmount.nanoseconds(self.tickInterval)
            self.timer = self.eventLoop.scheduleRepeatedTask(initialDelay: tick, delay: tick) { _ in
                self.timerFired()
            }
            self.run(self.machine.connectRequested(now: Self.now()))
            self.flushIfNeeded()
        }
    }

    /// Reserves `count` consecutive request ids for one call (any thread).
    func makeTicket(count: Int = 1) -> CallTicket {
        let count = UInt64(max(count, 0))
        let first = idCounter.withLockedValue { next in
            defer { next &+= count }
            return next
        }
        return CallTicket(ids: first..<(first + count))
    }

    /// Cancels a call (any thread): its caller is resumed with `cancelled` on the loop, at once.
    /// The cancellation handler of the caller's task calls this.
    func cancel(_ ticket: CallTicket) {
        guard ticket.markCancelled() else { return }
        onLoop { self.cancelOnLoop(ticket) }
    }

    /// The error of a call whose task was cancelled.
    func cancelledError(path: String? = nil) -> ZooKeeperError {
        var error = makeError(.cancelled)
        error.path = path
        return error
    }

    /// Queues one request; `frame` holds length, a 0 xid placeholder, opcode and body.
    func submit(_ frame: ByteBuffer, watch: WatchRegistration?, completion: Completion, ticket: CallTicket) {
        onLoop {
            guard !ticket.isCancelled, let raw = ticket.ids.first else {
                completion.resume(.failure(self.makeError(.cancelled)))
                return
            }
            self.enqueue(frame, id: raw, watch: watch, completion: completion, pumpNow: false)
        }
    }

    /// Queues many requests in one hop and writes them with one flush.
    func submitBatch(_ frames: [(ByteBuffer, WatchRegistration?)], collector: BatchCollector, ticket: CallTicket) {
        onLoop {
            guard !ticket.isCancelled, ticket.ids.count == frames.count else {
                let error = self.makeError(ticket.isCancelled ? .cancelled : .systemError)
                for index in frames.indices { collector.complete(index, .failure(error)) }
                return
            }
            for (index, (frame, watch)) in frames.enumerated() {
                let raw = ticket.ids.lowerBound + UInt64(index)
                self.enqueue(frame, id: raw, watch: watch, completion: .batch(collector, index), pumpNow: true)
            }
            self.pump()
            self.flushIfNeeded()
        }
    }

    /// Adds credentials (replayed after reconnects).
    func submitAuth(_ packet: AuthPacket, completion: Completion, ticket: CallTicket) {
        onLoop {
            guard !ticket.isCancelled, let raw = ticket.ids.first else {
                completion.resume(.failure(self.makeError(.cancelled)))
                return
            }
            let id = ConnectionStateMachine.RequestID(rawValue: raw)
            self.calls[raw] = PendingCall(frame: nil, completion: completion)
            self.run(self.machine.authSubmitted(id, packet: packet))
            self.flushIfNeeded()
        }
    }

    /// Waits until connected, a terminal state, the timeout, or the cancellation of `ticket`.
    func waitUntilConnected(timeout: Int64, ticket: CallTicket) async -> Result<Void, ZooKeeperError> {
        await withCheckedContinuation { (continuation: CheckedContinuation<Result<Void, ZooKeeperError>, Never>) in
            onLoop {
                if ticket.isCancelled {
                    continuation.resume(returning: .failure(self.makeError(.cancelled)))
                    return
                }
                if let result = self.connectResultIfSettled() {
                    continuation.resume(returning: result)
                    return
                }
                guard let id = ticket.ids.first else {
                    continuation.resume(returning: .failure(self.makeError(.systemError)))
                    return
                }
                self.waiters[id] = continuation
                self.eventLoop.scheduleTask(in: .nanoseconds(timeout)) {
                    if let waiter = self.waiters.removeValue(forKey: id) {
                        let failure =
                            self.lastConnectFailure
                            ?? ConnectFailure(server: self.servers[self.attemptServerIndex], cause: .pending)
                        waiter.resume(
                            returning: .failure(
                                ZooKeeperError(
                                    .operationTimeout,
                                    message: "not connected within the timeout (last attempt: \(failure.reason))",
                                    connectFailure: failure)))
                    }
                }
            }
        }
    }

    /// Closes the session (gracefully if connected) and waits until the client is closed.
    func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            onLoop {
                if self.finished {
                    continuation.resume()
                    return
                }
                self.closeWaiters.append(continuation)
                self.run(self.machine.closeRequested(now: Self.now()))
                self.flushIfNeeded()
            }
        }
    }

    /// Starts closing without waiting: the safety net for a client dropped without `close()`.
    func closeDetached() {
        onLoop {
            guard !self.finished else { return }
            self.run(self.machine.closeRequested(now: Self.now()))
            self.flushIfNeeded()
        }
    }

    // MARK: - Channel events (on the loop)

    func channelActive(generation: UInt64, context: ChannelHandlerContext) {
        guard generation == self.generation else { return }
        self.context = context
        run(machine.channelActive(now: Self.now()))
        flushIfNeeded()
    }

    func frameReceived(generation: UInt64, frame: ByteBuffer) {
        guard generation == self.generation else { return }
        var frame = frame
        let now = Self.now()
        if machine.isHandshaking {
            do {
                let response = try ConnectResponse.decode(from: &frame)
                run(machine.handshakeReceived(response, now: now))
                pump()
            } catch {
                protocolError("malformed handshake reply: \(error)", now: now)
            }
            return
        }
        let header: ReplyHeader
        do {
            header = try ReplyHeader.decode(from: &frame)
        } catch {
            protocolError("malformed reply header: \(error)", now: now)
            return
        }
        if header.xid == SpecialXid.watchEvent {
            do {
                let event = try WatcherEvent.decode(from: &frame)
                machine.watchEventReceived(event, now: now)
                watchEvents.yield(
                    WatchEvent(type: event.type, state: event.state, path: chroot.clientPath(event.path)))
            } catch {
                protocolError("malformed watch event: \(error)", now: now)
            }
            return
        }
        run(machine.replyReceived(header, now: now), reply: RawReply(header: header, body: frame))
    }

    /// A reply larger than `maxReplySize` (its body is being skipped by the decoder): the request it
    /// answers fails with `replyTooLarge`, naming the size and the limit, and the connection goes on.
    /// During the handshake, or as a watch event, it cannot be matched to a caller: a protocol error.
    func oversizedReplyReceived(generation: UInt64, reply: OversizedReply) {
        guard generation == self.generation else { return }
        let now = Self.now()
        let tooLarge = ZooKeeperError(
            .replyTooLarge,
            message: "the server's reply of \(reply.length) bytes exceeds the client's limit of \(reply.limit) bytes "
                + "(ZooKeeperConfiguration.maxReplySize)")
        if machine.isHandshaking || reply.header.xid == SpecialXid.watchEvent {
            protocolError(tooLarge.message, now: now)
            return
        }
        for action in machine.replyReceived(reply.header, now: now) {
            if case .deliver(let id) = action {
                complete(id, .failure(tooLarge))
            } else {
                run([action])
            }
        }
    }

    func readComplete(generation: UInt64) {
        guard generation == self.generation else { return }
        pump()
        flushIfNeeded()
    }

    func channelInactive(generation: UInt64) {
        guard generation == self.generation else { return }
        context = nil
        channel = nil
        if isConnecting, !attemptFailureRecorded {
            let server = servers[attemptServerIndex]
            recordFailure(
                ConnectFailure(
                    server: server, cause: tls == nil ? .closedBeforeHandshakeReply : .tls(.closedDuringHandshake)))
        }
        noteConnectionLost("the server closed the connection")
        run(machine.channelClosed(now: Self.now(), reason: .connectionLoss, message: "server closed the connection"))
        flushIfNeeded()
    }

    func errorCaught(generation: UInt64, error: any Error, peerCertificate: NIOSSLCertificate? = nil) {
        guard generation == self.generation else { return }
        let now = Self.now()
        if let tls, isConnecting, !attemptFailureRecorded {
            let server = servers[attemptServerIndex]
            let context = TLSFailure.context(
                tls, host: server.host, peerCertificate: peerCertificate.flatMap { try? PeerCertificateSummary($0) })
            if let failure = TLSFailure.classify(error, context: context) {
                recordFailure(ConnectFailure(server: server, cause: .tls(failure)))
            }
        }
        if let error = error as? ZooKeeperError, error.code == .marshallingError {
            protocolError(error.message, now: now)
        } else {
            noteConnectionLost("connection error: \(error)")
            run(machine.channelClosed(now: now, reason: .connectionLoss, message: "connection error: \(error)"))
        }
        flushIfNeeded()
    }

    /// Whether connections use TLS (the session handshake then starts when the TLS handshake is done).
    var usesTLS: Bool { tls != nil }

    /// The TLS handshake of the current connection finished: check an explicitly configured server name (which
    /// swift-nio-ssl would accept by an IP SAN matching the address alone), keep the server's certificate for
    /// callers, then start the session handshake.
    func tlsHandshakeCompleted(generation: UInt64, context: ChannelHandlerContext, peerCertificate: NIOSSLCertificate?)
    {
        guard generation == self.generation else { return }
        let summary = peerCertificate.flatMap { try? PeerCertificateSummary($0) }
        if let tls, let name = tls.serverName, !tls.isInsecure, tls.verifyHostname, summary?.covers(name: name) != true
        {
            recordFailure(
                ConnectFailure(server: servers[attemptServerIndex], cause: .tls(.hostnameMismatch(name: name))))
            context.close(promise: nil)
            return
        }
        info.withLockedValue { $0.peerCertificates = summary.map { [$0] } ?? [] }
        channelActive(generation: generation, context: context)
    }

    /// Whether no session is established on the current connection yet (its failure is a connect failure).
    private var isConnecting: Bool { machine.wireState == .connecting }

    // MARK: - Internals (on the loop)

    /// Resumes a cancelled call's callers with `cancelled`, exactly once: every continuation lives in
    /// `calls` or `waiters` and is resumed only by whoever removes it, all on this loop, so a reply,
    /// a deadline and a cancellation racing for the same call cannot resume it twice.
    private func cancelOnLoop(_ ticket: CallTicket) {
        // Queued requests leave the queue (never sent); written ones stay in the xid FIFO, abandoned.
        run(machine.requestsCancelled(ticket.requestIDs))
        let error = makeError(.cancelled)
        for raw in ticket.ids {
            // Normally already done by the machine's actions; this also covers a call the machine
            // no longer tracks, so a cancelled caller is never left waiting.
            complete(ConnectionStateMachine.RequestID(rawValue: raw), .failure(error))
            if let waiter = waiters.removeValue(forKey: raw) { waiter.resume(returning: .failure(error)) }
        }
    }

    private func enqueue(
        _ frame: ByteBuffer, id raw: UInt64, watch: WatchRegistration?, completion: Completion, pumpNow: Bool
    ) {
        let id = ConnectionStateMachine.RequestID(rawValue: raw)
        calls[raw] = PendingCall(frame: frame, completion: completion)
        let action = machine.requestSubmitted(id, deadline: Self.now() &+ requestTimeout, watch: watch)
        if case .fail(_, let code) = action {
            complete(id, .failure(makeError(code)))
            return
        }
        if !pumpNow { schedulePump() }
    }

    private func schedulePump() {
        guard !pumpScheduled else { return }
        pumpScheduled = true
        // Runs after the tasks already queued on the loop, so a burst of submissions from many
        // callers goes out with one flush.
        eventLoop.execute {
            self.pumpScheduled = false
            self.pump()
            self.flushIfNeeded()
        }
    }

    /// Writes queued requests while the machine allows (connected, window not full).
    private func pump() {
        guard let context else { return }
        let now = Self.now()
        // Over TLS every write becomes at least one TLS record (header, tag, one cipher call): a burst of small
        // requests goes out as one buffer, so records are large and few.
        var coalesced: ByteBuffer?
        while let (id, xid) = machine.nextRequestToSend(now: now) {
            guard var frame = calls[id.rawValue]?.takeFrame() else {
                machine.requestNotSent(id)
                continue
            }
            frame.setInteger(xid, at: frame.readerIndex + 4, endianness: .big)
            needsFlush = true
            guard tls != nil else {
                context.write(NIOAny(frame), promise: nil)
                continue
            }
            if coalesced == nil {
                coalesced = frame
            } else {
                coalesced!.writeBuffer(&frame)
                if coalesced!.readableBytes >= Self.coalesceLimit {
                    context.write(NIOAny(coalesced!), promise: nil)
                    coalesced = nil
                }
            }
        }
        if let coalesced { context.write(NIOAny(coalesced), promise: nil) }
    }

    /// The most request bytes gathered into one write over TLS (one 16 KiB TLS record holds a few hundred
    /// small requests; larger buffers only delay the first bytes).
    private static let coalesceLimit = 64 * 1024

    private func flushIfNeeded() {
        guard needsFlush else { return }
        needsFlush = false
        context?.flush()
    }

    private func timerFired() {
        run(machine.timerFired(now: Self.now()))
        pump()
        flushIfNeeded()
    }

    private func complete(_ id: ConnectionStateMachine.RequestID, _ result: ReplyResult) {
        guard let call = calls.removeValue(forKey: id.rawValue) else { return }
        call.completion.resume(result)
    }

    private func makeError(_ code: ErrorCode) -> ZooKeeperError {
        switch code {
        case .sessionClosedRequireSASLAuth: return .saslRequired()
        case .saslFailed:
            return .saslFailed(
                reason: machine.saslFailureDetail ?? "the exchange did not complete",
                user: sasl?.user, mechanism: sasl?.mechanism)
        case .operationTimeout: return ZooKeeperError(code, message: "no reply before the request's deadline")
        case .connectionLoss: return ZooKeeperError(code, message: "connection lost with the request in flight")
        case .marshallingError: return ZooKeeperError(code, message: "the server sent a malformed reply")
        case .sessionExpired: return ZooKeeperError(code, message: "the session expired")
        case .authFailed: return ZooKeeperError(code, message: "authentication failed")
        case .closing: return ZooKeeperError(code, message: "the client is closed")
        case .cancelled: return ZooKeeperError(code, message: "the caller's task was cancelled")
        default: return ZooKeeperError(code)
        }
    }

    private func run(_ actions: [ConnectionStateMachine.Action], reply: RawReply? = nil) {
        for action in actions {
            switch action {
            case .none:
                break
            case .deliver(let id):
                if let reply {
                    complete(id, .success(reply))
                } else {
                    complete(id, .success(RawReply(header: ReplyHeader(xid: 0, zxid: 0, err: .ok), body: ByteBuffer())))
                }
            case .fail(let id, let code):
                complete(id, .failure(makeError(code)))
            case .failMany(let ids, let code):
                let error = makeError(code)
                for id in ids { complete(id, .failure(error)) }
            case .connect(let index, let delay):
                startConnect(serverIndex: index, delay: delay)
            case .sendConnectRequest(let request):
                writeFrame { request.encode(into: &$0) }
            case .sendPing:
                writeFrame { RequestHeader(xid: SpecialXid.ping, type: .ping).encode(into: &$0) }
            case .sendSetWatches(let batches, let opCode):
                for batch in batches {
                    writeFrame { buffer in
                        RequestHeader(xid: SpecialXid.setWatches, type: opCode).encode(into: &buffer)
                        if opCode == .setWatches2 {
                            batch.encode(into: &buffer)
                        } else {
                            batch.withoutPersistentWatches.encode(into: &buffer)
                        }
                    }
                }
            case .sendAuth(let packet):
                writeFrame { buffer in
                    RequestHeader(xid: SpecialXid.auth, type: .auth).encode(into: &buffer)
                    packet.encode(into: &buffer)
                }
            case .sendCloseSession(let xid):
                writeFrame { RequestHeader(xid: xid, type: .closeSession).encode(into: &$0) }
            case .startSASL:
                startSASL()
            case .sendSASL(let xid, let token):
                writeFrame { buffer in
                    RequestHeader(xid: xid, type: .sasl).encode(into: &buffer)
                    GetSASLRequest(token: token).encode(into: &buffer)
                }
            case .stepSASL:
                stepSASL(reply)
            case .closeConnection:
                closeChannel()
            case .stateChanged(let state):
                publish(state)
            }
        }
    }

    /// A fresh mechanism session for this connection (Cyrus keeps per-connection state), and its first token.
    private func startSASL() {
        saslSession?.dispose()
        saslSession = nil
        guard let sasl else {
            run(machine.saslMechanismFailed("no SASL credentials are configured"))
            return
        }
        if let kerberos = sasl.kerberos {
            // ZooKeeper's clients address zookeeper/<the host of the connect string>.
            let host =
                sasl.host.isEmpty
                ? (servers.indices.contains(attemptServerIndex) ? servers[attemptServerIndex].host : "")
                : sasl.host
            startKerberos(kerberos, service: sasl.service, host: host)
            return
        }
        do {
            let session = try SASLMechanismSession(
                mechanism: sasl.mechanism, service: sasl.service, host: sasl.host, user: sasl.user,
                password: Array(sasl.password.value.utf8))
            saslSession = session
            let step = try session.start()
            logger.debug("SASL \(sasl.mechanism) exchange started", metadata: ["zk.server": "\(connectedServerForLog)"])
            saslStepTaken(step)
        } catch {
            saslSession?.dispose()
            saslSession = nil
            run(machine.saslMechanismFailed(error.message))
        }
    }

    /// GSSAPI's first step may wait on the KDC (credentials from the keytab, the service ticket): it runs on a
    /// thread of its own, not on the event loop, and its result is used only if this connection is still the one
    /// authenticating (a silent KDC runs into the SASL phase's timeout like a silent server does).
    private func startKerberos(_ kerberos: KerberosCredentials, service: String, host: String) {
        let started = generation
        let server = connectedServerForLog
        NIOThreadPool.singleton.submit { [self] _ in
            let box = KerberosStartBox()
            do throws(SASLMechanismSession.Failure) {
                let session = try SASLMechanismSession(kerberos: kerberos, service: service, host: host)
                box.session = session
                box.step = try session.start()
            } catch {
                box.failure = error.message
            }
            eventLoop.execute { [self] in
                guard started == generation, machine.isAuthenticating, saslSession == nil else {
                    box.session?.dispose()
                    return
                }
                if let failure = box.failure {
                    box.session?.dispose()
                    run(machine.saslMechanismFailed(failure))
                    pump()
                    return
                }
                guard let session = box.session, let step = box.step else { return }
                saslSession = session
                logger.debug("SASL GSSAPI exchange started", metadata: ["zk.server": "\(server)"])
                saslStepTaken(step)
            }
        }
    }

    /// The server's challenge (the `SetSASLResponse` in `reply`) goes to the mechanism; its answer to the machine.
    private func stepSASL(_ reply: RawReply?) {
        guard let session = saslSession else {
            run(machine.saslMechanismFailed("the SASL exchange lost its mechanism session"))
            return
        }
        var body = reply?.body ?? ByteBuffer()
        let challenge: [UInt8]
        do {
            challenge = try SetSASLResponse.decode(from: &body).token ?? []
        } catch {
            run(machine.saslMechanismFailed("the server's SASL challenge is malformed: \(error)"))
            return
        }
        do {
            saslStepTaken(try session.step(challenge: challenge))
        } catch {
            run(machine.saslMechanismFailed(error.message))
        }
    }

    private func saslStepTaken(_ step: SASLMechanismSession.Step) {
        let actions = machine.saslTokenProduced(token: step.token, complete: step.complete, now: Self.now())
        if !machine.isAuthenticating {
            saslSession?.dispose()
            saslSession = nil
        }
        run(actions)
        pump()
    }

    private func writeFrame(_ body: (inout ByteBuffer) -> Void) {
        guard let context else { return }
        var buffer = allocator.buffer(capacity: 64)
        buffer.writeInteger(Int32(0))
        body(&buffer)
        buffer.setInteger(Int32(buffer.readableBytes - 4), at: buffer.readerIndex, endianness: .big)
        context.write(NIOAny(buffer), promise: nil)
        needsFlush = true
    }

    private func closeChannel() {
        flushIfNeeded()
        generation &+= 1
        context = nil
        if let channel {
            self.channel = nil
            channel.close(promise: nil)
        }
    }

    private func startConnect(serverIndex: Int, delay: Int64) {
        closeChannel()
        let generation = self.generation
        let connect: @Sendable () -> Void = {
            guard generation == self.generation, !self.machine.isTerminal else { return }
            self.machine.connectStarted(now: Self.now())
            let index = self.servers.indices.contains(serverIndex) ? serverIndex : 0
            self.attemptServerIndex = index
            let server = self.servers[index]
            self.logger.debug("connecting", metadata: ["zk.server": "\(server)"])
            let maxFrameLength = self.maxFrameLength
            self.attemptFailureRecorded = false
            let tlsHandler: NIOSSLClientHandler?
            do throws(TLSFailure) {
                tlsHandler = try self.makeTLSHandler(server: server)
            } catch {
                self.recordFailure(ConnectFailure(server: server, cause: .tls(error)))
                self.run(
                    self.machine.channelClosed(
                        now: Self.now(), reason: .connectionLoss, message: "TLS set-up failed: \(error)"))
                self.flushIfNeeded()
                return
            }
            let handlers = TLSHandlerBox(handler: tlsHandler)
            ClientBootstrap(group: self.eventLoop)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .connectTimeout(.nanoseconds(self.connectTimeout))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let handler = handlers.take() { try channel.pipeline.syncOperations.addHandler(handler) }
                        try channel.pipeline.syncOperations.addHandler(
                            ByteToMessageHandler(ZooKeeperFrameDecoder(maxFrameLength: maxFrameLength)))
                        try channel.pipeline.syncOperations.addHandler(
                            ZooKeeperChannelHandler(driver: self, generation: generation))
                    }
                }
                .connect(host: server.host, port: server.port)
                .whenComplete { result in
                    switch result {
                    case .success(let channel):
                        if generation == self.generation {
                            self.channel = channel
                        } else {
                            channel.close(promise: nil)
                        }
                    case .failure(let error):
                        guard generation == self.generation else { return }
                        self.recordFailure(ConnectFailure.classify(error, server: server))
                        self.run(
                            self.machine.channelClosed(
                                now: Self.now(), reason: .connectionLoss,
                                message: "connect to \(server) failed: \(error)"))
                        self.flushIfNeeded()
                    }
                }
        }
        if delay <= 0 {
            connect()
        } else {
            eventLoop.scheduleTask(in: .nanoseconds(delay)) { connect() }
        }
    }

    private func connectResultIfSettled() -> Result<Void, ZooKeeperError>? {
        switch machine.wireState {
        case .connected: return .success(())
        case .expired: return .failure(makeError(.sessionExpired))
        case .authFailed: return .failure(makeError(machine.terminalCode))
        case .closed: return .failure(makeError(.closing))
        case .connecting:
            guard persistentFailures.count >= servers.count, let failure = lastConnectFailure else { return nil }
            return .failure(ZooKeeperError(.connectionLoss, message: failure.description, connectFailure: failure))
        }
    }

    /// Notes why the current attempt failed; once every server failed in a way retrying cannot fix, the
    /// connect waiters get that cause now (the client itself keeps retrying, e.g. for a dashboard).
    private func recordFailure(_ failure: ConnectFailure) {
        attemptFailureRecorded = true
        lastConnectFailure = failure
        info.withLockedValue { $0.lastConnectFailure = failure }
        logger.info("cannot connect: \(failure.reason)", metadata: ["zk.server": "\(failure.server)"])
        if failure.isPersistent {
            persistentFailures[attemptServerIndex] = failure
        } else {
            persistentFailures[attemptServerIndex] = nil
        }
        guard !waiters.isEmpty, let result = connectResultIfSettled() else { return }
        let pending = waiters
        waiters.removeAll()
        for (_, waiter) in pending { waiter.resume(returning: result) }
    }

    /// The TLS handler of one connection: SNI only for a host name (never an IP), the name checked is
    /// `serverName` or the host (an IP is matched against the certificate's IP SANs by the peer address).
    private func makeTLSHandler(server: ServerAddress) throws(TLSFailure) -> NIOSSLClientHandler? {
        guard let tls else { return nil }
        if tlsContext == nil {
            do throws(TLSFailure) {
                tlsContext = .success(try TLSContextFactory.makeClientContext(tls))
            } catch {
                tlsContext = .failure(error)
            }
        }
        let context = try tlsContext!.get()
        do {
            return try TLSContextFactory.makeHandler(context: context, settings: tls, host: server.host)
        } catch {
            throw .handshakeFailed(
                detail: "cannot use \(tls.serverName ?? server.host) as the TLS server name: \(error)")
        }
    }

    /// How the trust was configured, for messages.
    private func publish(_ wireState: ConnectionStateMachine.WireState) {
        let state: SessionState
        switch wireState {
        case .connecting: state = .connecting
        case .connected(let readOnly):
            state = .connected(readOnly: readOnly)
            wasConnected = true
            lastConnectFailure = nil
            persistentFailures.removeAll()
            info.withLockedValue { $0.lastConnectFailure = nil }
            let server = servers.indices.contains(attemptServerIndex) ? servers[attemptServerIndex] : nil
            let sessionID = machine.sessionId
            let password = machine.sessionPassword
            let timeout = machine.negotiatedTimeoutMilliseconds
            info.withLockedValue {
                $0.sessionID = sessionID
                $0.password = password
                $0.server = server
                $0.negotiatedTimeoutMilliseconds = timeout
            }
        case .expired: state = .expired
        case .authFailed: state = .authFailed
        case .closed: state = .closed
        }
        logState(state)
        if case .connected = state {} else { info.withLockedValue { $0.server = nil } }
        sessionStates.yield(state)
        if let level = state.connectionState(wasConnected: wasConnected), level != lastConnectionState {
            lastConnectionState = level
            connectionStates.yield(level)
        }
        if let result = connectResultIfSettled() {
            let pending = waiters
            waiters.removeAll()
            for (_, waiter) in pending { waiter.resume(returning: result) }
        }
        if machine.isTerminal { finish() }
    }

    /// Releases everything once the session reached a terminal state.
    private func finish() {
        guard !finished else { return }
        finished = true
        timer?.cancel()
        timer = nil
        closeChannel()
        let code = machine.terminalCode
        saslSession?.dispose()
        saslSession = nil
        let leftovers = calls
        calls.removeAll()
        for (_, call) in leftovers { call.completion.resume(.failure(makeError(code))) }
        watchEvents.finish()
        sessionStates.finish()
        connectionStates.finish()
        let closers = closeWaiters
        closeWaiters.removeAll()
        for closer in closers { closer.resume() }
    }
}

// MARK: - Logging (on the loop)

extension ConnectionDriver {
    /// The session id as ZooKeeper's own logs and `cons` show it (`0x…`).
    private var sessionMetadata: Logger.MetadataValue {
        .string("0x" + String(UInt64(bitPattern: machine.sessionId), radix: 16))
    }

    /// A malformed frame from the server: logged, then the state machine drops the connection and moves on.
    fileprivate func protocolError(_ message: String, now: Int64) {
        logger.warning(
            "protocol error, reconnecting: \(message)",
            metadata: ["zk.server": "\(connectedServerForLog)", "zk.session": sessionMetadata])
        run(machine.protocolError(now: now, message: message))
    }

    /// The connection went away (the client reconnects when the session is live, or was being set up).
    fileprivate func noteConnectionLost(_ cause: String) {
        guard !machine.isTerminal else { return }
        var level = Logger.Level.debug
        if case .connected = machine.wireState { level = .notice }
        logger.log(
            level: level, "connection lost, reconnecting: \(cause)",
            metadata: ["zk.server": "\(connectedServerForLog)", "zk.session": sessionMetadata])
    }

    /// One line per session state the application sees change.
    fileprivate func logState(_ state: SessionState) {
        let metadata: Logger.Metadata = ["zk.server": "\(connectedServerForLog)", "zk.session": sessionMetadata]
        switch state {
        case .connecting:
            break
        case .connected(let readOnly):
            let how = lastConnectionState == nil ? "established" : "resumed"
            let mode = readOnly ? " (read-only)" : ""
            logger.info(
                "session \(how)\(mode), timeout \(machine.negotiatedTimeoutMilliseconds) ms", metadata: metadata)
        case .expired:
            logger.warning("session expired: its ephemeral nodes and watches are gone", metadata: metadata)
        case .authFailed:
            logger.error("authentication failed: \(makeError(machine.terminalCode).message)", metadata: metadata)
        case .closed:
            logger.debug("session closed", metadata: metadata)
        }
    }

    /// The server of the current or newest attempt.
    private var connectedServerForLog: String {
        servers.indices.contains(attemptServerIndex) ? "\(servers[attemptServerIndex])" : "-"
    }
}

/// Carries the TLS handler of one attempt into the channel initializer, which runs on the same event loop.
private final class TLSHandlerBox: @unchecked Sendable {
    private var handler: NIOSSLClientHandler?

    init(handler: NIOSSLClientHandler?) { self.handler = handler }

    /// The handler, once.
    func take() -> NIOSSLClientHandler? {
        defer { handler = nil }
        return handler
    }
}

/// Carries a GSSAPI session started on its own thread to the event loop (handed over once, never shared).
private final class KerberosStartBox: @unchecked Sendable {
    var session: SASLMechanismSession?
    var step: SASLMechanismSession.Step?
    var failure: String?
}
