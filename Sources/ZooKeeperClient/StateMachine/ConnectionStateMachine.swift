import DequeModule
import ZooKeeperJute

/// The whole connection and session logic as a pure value: no sockets, no clock, no promises.
///
/// Each input (a request submitted, a channel that became active, a reply, a timer tick, a channel
/// that closed) is a `mutating` method returning the actions to perform. The NIO driver performs
/// them; tests feed inputs and compare actions, with time passed in explicitly as nanoseconds, so
/// pings, read timeouts, reconnects and expiry are all checked deterministically without sockets.
struct ConnectionStateMachine: Sendable {
    /// Identifies a caller's request; the driver maps it to the waiting continuation.
    struct RequestID: Hashable, Sendable, Comparable, CustomStringConvertible {
        /// A process-unique counter value.
        var rawValue: UInt64
        static func < (lhs: RequestID, rhs: RequestID) -> Bool { lhs.rawValue < rhs.rawValue }
        var description: String { "#\(rawValue)" }
    }

    /// The knobs the machine needs, all as plain numbers.
    struct Configuration: Sendable, Equatable {
        /// How many servers the connect string lists (already shuffled by the driver).
        var hostCount: Int
        /// The requested session timeout.
        var sessionTimeoutMilliseconds: Int32
        /// How long one TCP connect plus handshake may take before trying the next server.
        var connectTimeoutNanoseconds: Int64
        /// Whether a read-only server may accept the session.
        var readOnlyAllowed: Bool
        /// At most this many requests on the wire at once; the rest wait in the queue.
        var maxInFlight: Int
        /// First delay after a full round of failed connects; doubles each round up to the maximum.
        var backoffBaseNanoseconds: Int64
        /// The largest reconnect delay.
        var backoffMaxNanoseconds: Int64
        /// The largest SetWatches batch, in path bytes.
        var setWatchesBatchBytes: Int
        /// Whether to re-register watches with SetWatches2 (falls back to SetWatches on error).
        var useSetWatches2: Bool
        /// How long a graceful close waits for the server's reply.
        var closeTimeoutNanoseconds: Int64
        /// A session to resume instead of creating one (id and password), as ZooKeeper's own
        /// clients allow.
        var resumeSession: (id: Int64, password: [UInt8])?
        /// Whether every connection authenticates with SASL (opcode 102) after the handshake, before any
        /// queued request, watch re-registration or credential is sent.
        var sasl: Bool

        static func == (lhs: Configuration, rhs: Configuration) -> Bool {
            lhs.hostCount == rhs.hostCount && lhs.sessionTimeoutMilliseconds == rhs.sessionTimeoutMilliseconds
                && lhs.connectTimeoutNanoseconds == rhs.connectTimeoutNanoseconds
                && lhs.readOnlyAllowed == rhs.readOnlyAllowed && lhs.maxInFlight == rhs.maxInFlight
                && lhs.backoffBaseNanoseconds == rhs.backoffBaseNanoseconds
                && lhs.backoffMaxNanoseconds == rhs.backoffMaxNanoseconds
                && lhs.setWatchesBatchBytes == rhs.setWatchesBatchBytes && lhs.useSetWatches2 == rhs.useSetWatches2
                && lhs.closeTimeoutNanoseconds == rhs.closeTimeoutNanoseconds
                && lhs.resumeSession?.id == rhs.resumeSession?.id
                && lhs.resumeSession?.password == rhs.resumeSession?.password && lhs.sasl == rhs.sasl
        }

        /// Defaults suited to tests; the client fills in real values from its configuration.
        init(
            hostCount: Int, sessionTimeoutMilliseconds: Int32 = 10_000, connectTimeoutNanoseconds: Int64? = nil,
            readOnlyAllowed: Bool = false, maxInFlight: Int = 1024, backoffBaseNanoseconds: Int64 = 50_000_000,
            backoffMaxNanoseconds: Int64 = 1_000_000_000, setWatchesBatchBytes: Int = 128 * 1024,
            useSetWatches2: Bool = true, closeTimeoutNanoseconds: Int64 = 2_000_000_000,
            resumeSession: (id: Int64, password: [UInt8])? = nil, sasl: Bool = false
        ) {
            self.resumeSession = resumeSession
            self.sasl = sasl
            self.hostCount = max(hostCount, 1)
            self.sessionTimeoutMilliseconds = sessionTimeoutMilliseconds
            self.connectTimeoutNanoseconds =
                connectTimeoutNanoseconds
                ?? max(Int64(sessionTimeoutMilliseconds) * 1_000_000 / Int64(max(hostCount, 1)), 500_000_000)
            self.readOnlyAllowed = readOnlyAllowed
            self.maxInFlight = max(maxInFlight, 1)
            self.backoffBaseNanoseconds = backoffBaseNanoseconds
            self.backoffMaxNanoseconds = backoffMaxNanoseconds
            self.setWatchesBatchBytes = setWatchesBatchBytes
            self.useSetWatches2 = useSetWatches2
            self.closeTimeoutNanoseconds = closeTimeoutNanoseconds
        }
    }

    /// The wire-level session state published to the application.
    enum WireState: Equatable, Sendable {
        /// Looking for a server (first connect, or after a connection was lost).
        case connecting
        /// Handshake done; requests flow.
        case connected(readOnly: Bool)
        /// The server declared the session expired: terminal.
        case expired
        /// Authentication failed: terminal.
        case authFailed
        /// Closed by the application: terminal.
        case closed
    }

    /// A side effect for the driver to perform.
    enum Action: Equatable, Sendable {
        /// Open a TCP connection to host number `hostIndex`, after `delayNanoseconds`.
        case connect(hostIndex: Int, delayNanoseconds: Int64)
        /// Write the handshake.
        case sendConnectRequest(ConnectRequest)
        /// Write a ping (xid -2).
        case sendPing
        /// Write watch re-registrations (xid -8) with the given opcode (`setWatches2` or `setWatches`).
        case sendSetWatches([SetWatches2], OpCode)
        /// Write an auth packet (xid -4).
        case sendAuth(AuthPacket)
        /// Write a closeSession request with this xid.
        case sendCloseSession(xid: Int32)
        /// Begin a fresh SASL exchange for this connection: create the mechanism session, take its first
        /// token and report it with `saslTokenProduced` (or `saslMechanismFailed`).
        case startSASL
        /// Write a SASL token (opcode 102, `GetSASLRequest`) with this xid.
        case sendSASL(xid: Int32, token: [UInt8])
        /// Feed the `SetSASLResponse` in the reply just received to the mechanism and report its answer with
        /// `saslTokenProduced` (or `saslMechanismFailed`).
        case stepSASL
        /// Close the current channel (its later events must be ignored).
        case closeConnection(reason: ErrorCode, message: String)
        /// Publish a new wire state.
        case stateChanged(WireState)
        /// Hand the reply just received to this request's caller.
        case deliver(RequestID)
        /// Fail one request.
        case fail(RequestID, ErrorCode)
        /// Fail several requests with the same code.
        case failMany([RequestID], ErrorCode)
        /// Nothing to do (also: a late reply for a request whose caller already timed out).
        case none
    }

    private enum Phase: Equatable {
        case idle
        case connecting(since: Int64)
        case handshaking(since: Int64)
        /// Handshake done, SASL exchange under way: requests are held. `pendingXid` is the SASL packet awaiting
        /// its reply; `clientDone` says the mechanism finished on our side (the reply to the last token ends it).
        case authenticating(since: Int64, pendingXid: Int32?, clientDone: Bool)
        case connected
        case waitingToReconnect
        case closing(deadline: Int64)
        case expired
        case authFailed
        case closed
    }

    private struct Queued {
        var id: RequestID
        var deadline: Int64
        var watch: WatchRegistration?
    }

    private struct InFlight {
        var id: RequestID?
        var xid: Int32
        var deadline: Int64
        var watch: WatchRegistration?
        var abandoned: Bool
    }

    private struct PendingAuth {
        var id: RequestID?
        var packet: AuthPacket
    }

    let configuration: Configuration
    private var phase: Phase = .idle
    private(set) var hostIndex = 0
    private var failedAttempts = 0
    private(set) var sessionId: Int64 = 0
    private(set) var sessionPassword: [UInt8] = [UInt8](repeating: 0, count: 16)
    private(set) var negotiatedTimeoutMilliseconds: Int32 = 0
    private(set) var lastZxidSeen: Int64 = 0
    private(set) var watches = WatchRegistry()
    private var lastSend: Int64 = 0
    private var lastReceive: Int64 = 0
    private var queue: Deque<Queued> = []
    private var inFlight: Deque<InFlight> = []
    private var authInFlight: Deque<RequestID?> = []
    private var authWaiting: [PendingAuth] = []
    private var credentials: [AuthPacket] = []
    private var nextXid: Int32 = 1
    private var sentSetWatches2 = false
    private var readOnlyConnection = false
    /// The code every caller fails with once the machine is terminal through `authFailed`: `authFailed` (a
    /// rejected `addAuth`), `saslFailed` or `sessionClosedRequireSASLAuth`.
    private(set) var authFailureCode: ErrorCode = .authFailed
    /// Why SASL failed, for the error message: the mechanism's words or the server's code. Never a secret.
    private(set) var saslFailureDetail: String?

    init(configuration: Configuration) {
        self.configuration = configuration
        if let resume = configuration.resumeSession {
            sessionId = resume.id
            sessionPassword = resume.password
        }
    }

    // MARK: - Derived timing

    /// The read timeout: two thirds of the negotiated session timeout, so a dead server is noticed
    /// while the session can still be saved on another server.
    var readTimeoutNanoseconds: Int64 {
        Int64(max(negotiatedTimeoutMilliseconds, 1)) * 1_000_000 * 2 / 3
    }

    /// The ping interval: half the read timeout (a third of the session timeout).
    var pingIntervalNanoseconds: Int64 { readTimeoutNanoseconds / 2 }

    /// The wire state as the application should see it now.
    var wireState: WireState {
        switch phase {
        case .idle, .connecting, .handshaking, .authenticating, .waitingToReconnect: return .connecting
        case .connected: return .connected(readOnly: readOnlyConnection)
        case .closing: return .connected(readOnly: readOnlyConnection)
        case .expired: return .expired
        case .authFailed: return .authFailed
        case .closed: return .closed
        }
    }

    /// Whether the machine reached a terminal state.
    var isTerminal: Bool {
        switch phase {
        case .expired, .authFailed, .closed: return true
        default: return false
        }
    }

    /// Whether the handshake reply is the next frame expected.
    var isHandshaking: Bool {
        if case .handshaking = phase { return true }
        return false
    }

    /// Whether a SASL exchange is under way on the current connection.
    var isAuthenticating: Bool {
        if case .authenticating = phase { return true }
        return false
    }

    /// The code a terminal machine fails callers with.
    var terminalCode: ErrorCode {
        switch phase {
        case .expired: return .sessionExpired
        case .authFailed: return authFailureCode
        default: return .closing
        }
    }

    /// Requests waiting to be written.
    var queuedCount: Int { queue.count }
    /// Requests written and not yet answered (including abandoned ones).
    var inFlightCount: Int { inFlight.count }

    // MARK: - Inputs

    /// The application wants a session: start connecting to the first server.
    mutating func connectRequested(now: Int64) -> [Action] {
        guard phase == .idle else { return [] }
        phase = .connecting(since: now)
        return [.stateChanged(.connecting), .connect(hostIndex: hostIndex, delayNanoseconds: 0)]
    }

    /// The driver started the delayed connect it was asked for.
    mutating func connectStarted(now: Int64) {
        if phase == .waitingToReconnect { phase = .connecting(since: now) }
    }

    /// The TCP connection is up: send the handshake.
    mutating func channelActive(now: Int64) -> [Action] {
        switch phase {
        case .connecting, .waitingToReconnect: break
        default: return []
        }
        phase = .handshaking(since: now)
        lastSend = now
        lastReceive = now
        let request = ConnectRequest(
            protocolVersion: 0, lastZxidSeen: lastZxidSeen, timeOut: configuration.sessionTimeoutMilliseconds,
            sessionId: sessionId, passwd: sessionPassword, readOnly: configuration.readOnlyAllowed)
        return [.sendConnectRequest(request)]
    }

    /// The server answered the handshake.
    mutating func handshakeReceived(_ response: ConnectResponse, now: Int64) -> [Action] {
        guard case .handshaking = phase else { return [] }
        lastReceive = now
        if response.timeOut <= 0 {
            phase = .expired
            return terminate(.expired, .sessionExpired, closeReason: "session expired")
        }
        sessionId = response.sessionId
        sessionPassword = response.passwd
        negotiatedTimeoutMilliseconds = response.timeOut
        readOnlyConnection = response.readOnly
        failedAttempts = 0
        if configuration.sasl {
            phase = .authenticating(since: now, pendingXid: nil, clientDone: false)
            return [.startSASL]
        }
        return sessionReady(now: now)
    }

    /// The mechanism produced its next token (`token` nil: nothing to send) and says whether it is done on the
    /// client side. A token goes out with a fresh xid; a done mechanism with nothing outstanding makes the
    /// session ready.
    mutating func saslTokenProduced(token: [UInt8]?, complete: Bool, now: Int64) -> [Action] {
        guard case .authenticating(let since, let pending, _) = phase, pending == nil else { return [] }
        if let token {
            let xid = allocateXid()
            phase = .authenticating(since: since, pendingXid: xid, clientDone: complete)
            lastSend = now
            return [.sendSASL(xid: xid, token: token)]
        }
        guard complete else {
            return saslFailed(detail: "the SASL mechanism stopped without a token and without finishing")
        }
        return sessionReady(now: now)
    }

    /// The mechanism failed on the client side (wrong challenge, missing plugin, no credentials): terminal, since
    /// another server would fail the same way.
    mutating func saslMechanismFailed(_ detail: String) -> [Action] {
        guard case .authenticating = phase else { return [] }
        return saslFailed(detail: detail)
    }

    private mutating func saslFailed(detail: String) -> [Action] {
        saslFailureDetail = detail
        authFailureCode = .saslFailed
        phase = .authFailed
        return terminate(.authFailed, .saslFailed, closeReason: "SASL authentication failed")
    }

    /// The reply to the outstanding SASL packet.
    private mutating func saslReplyReceived(_ header: ReplyHeader, now: Int64) -> [Action] {
        guard case .authenticating(let since, let pending, let clientDone) = phase, pending == header.xid else {
            return protocolError(now: now, message: "reply with xid \(header.xid) during the SASL exchange")
        }
        guard header.err == .ok else {
            // ZooKeeperServer.processSasl answers a failed exchange with AuthFailed, or with
            // SessionClosedRequireSASLAuth when the ensemble enforces SASL, then closes the connection.
            guard header.err == .authFailed || header.err == .sessionClosedRequireSASLAuth else {
                return saslFailed(detail: "the server answered the SASL exchange with \(header.err)")
            }
            return saslFailed(detail: "the server refused the SASL credentials (\(header.err))")
        }
        phase = .authenticating(since: since, pendingXid: nil, clientDone: clientDone)
        if clientDone { return sessionReady(now: now) }
        return [.stepSASL]
    }

    /// The connection is ready for requests: publish it, then restore watches and credentials (before any
    /// queued request, which the driver pumps after these actions).
    private mutating func sessionReady(now: Int64) -> [Action] {
        phase = .connected
        var actions: [Action] = [.stateChanged(.connected(readOnly: readOnlyConnection))]
        if !watches.isEmpty {
            let batches = watches.setWatchesBatches(
                relativeZxid: lastZxidSeen, maxBytes: configuration.setWatchesBatchBytes)
            sentSetWatches2 = configuration.useSetWatches2
            actions.append(.sendSetWatches(batches, sentSetWatches2 ? .setWatches2 : .setWatches))
        }
        for packet in credentials {
            authInFlight.append(nil)
            actions.append(.sendAuth(packet))
        }
        for waiting in authWaiting {
            credentials.append(waiting.packet)
            authInFlight.append(waiting.id)
            actions.append(.sendAuth(waiting.packet))
        }
        authWaiting.removeAll()
        lastSend = now
        return actions
    }

    /// A request from the application. Returns `.none` when it was queued (pull it with
    /// `nextRequestToSend`), or `.fail` when the session can no longer serve it.
    mutating func requestSubmitted(
        _ id: RequestID, deadline: Int64, watch: WatchRegistration? = nil
    ) -> Action {
        switch phase {
        case .expired: return .fail(id, .sessionExpired)
        case .authFailed: return .fail(id, authFailureCode)
        case .closed, .closing: return .fail(id, .closing)
        default:
            queue.append(Queued(id: id, deadline: deadline, watch: watch))
            return .none
        }
    }

    /// Pulls the next queued request that may go on the wire now, with the xid to stamp on it.
    /// Returns nil when not connected, when the window is full, or when the queue is empty.
    mutating func nextRequestToSend(now: Int64) -> (id: RequestID, xid: Int32)? {
        guard phase == .connected, inFlight.count < configuration.maxInFlight, let next = queue.popFirst() else {
            return nil
        }
        let xid = allocateXid()
        inFlight.append(InFlight(id: next.id, xid: xid, deadline: next.deadline, watch: next.watch, abandoned: false))
        lastSend = now
        return (next.id, xid)
    }

    /// Undoes the last `nextRequestToSend` when the driver had nothing to write for it (a
    /// defensive path: an in-flight entry without a written request would desynchronise the xids).
    mutating func requestNotSent(_ id: RequestID) {
        if inFlight.last?.id == id { inFlight.removeLast() }
    }

    /// The application adds credentials; they are also replayed on every reconnect.
    mutating func authSubmitted(_ id: RequestID, packet: AuthPacket) -> [Action] {
        switch phase {
        case .expired: return [.fail(id, .sessionExpired)]
        case .authFailed: return [.fail(id, authFailureCode)]
        case .closed, .closing: return [.fail(id, .closing)]
        case .connected:
            credentials.append(packet)
            authInFlight.append(id)
            return [.sendAuth(packet)]
        default:
            authWaiting.append(PendingAuth(id: id, packet: packet))
            return []
        }
    }

    /// The callers of the requests in `ids` stopped waiting (their tasks were cancelled). Returns
    /// `.failMany(known, .cancelled)` for the ones still pending, nothing for ids already answered,
    /// failed or unknown, so a late cancellation never fails a caller twice.
    ///
    /// A queued request is dropped before it is ever written (its watch is never set). A written one
    /// stays in the xid FIFO, marked abandoned like a request past its deadline: the server will
    /// answer it, and that reply must still be matched so later replies reach their own callers. The
    /// reply is then dropped, except its watch registration, which is still recorded because the
    /// server did set the watch: the registry stays what the server holds (SetWatches2 restores it
    /// after a reconnect), and the watch's event goes to `watchEvents()` like any other, not to the
    /// cancelled caller. Credentials not yet sent are forgotten; sent ones stay part of the session.
    mutating func requestsCancelled(_ ids: Range<RequestID>) -> [Action] {
        guard !ids.isEmpty else { return [] }
        var cancelled: [RequestID] = []
        if queue.contains(where: { ids.contains($0.id) }) {
            var kept: Deque<Queued> = []
            for entry in queue {
                if ids.contains(entry.id) { cancelled.append(entry.id) } else { kept.append(entry) }
            }
            queue = kept
        }
        for index in inFlight.indices where !inFlight[index].abandoned {
            if let id = inFlight[index].id, ids.contains(id) {
                inFlight[index].abandoned = true
                cancelled.append(id)
            }
        }
        if authWaiting.contains(where: { $0.id.map(ids.contains) == true }) {
            cancelled += authWaiting.compactMap { entry in entry.id.flatMap { ids.contains($0) ? $0 : nil } }
            authWaiting.removeAll { $0.id.map(ids.contains) == true }
        }
        for index in authInFlight.indices {
            if let id = authInFlight[index], ids.contains(id) {
                authInFlight[index] = nil
                cancelled.append(id)
            }
        }
        return cancelled.isEmpty ? [] : [.failMany(cancelled, .cancelled)]
    }

    /// A reply header arrived (not a watch event). Special xids are handled here; any other xid
    /// must match the oldest in-flight request, or the connection is broken (replies come back in
    /// request order, so a mismatch means the stream can no longer be trusted).
    mutating func replyReceived(_ header: ReplyHeader, now: Int64) -> [Action] {
        lastReceive = now
        if header.zxid > lastZxidSeen { lastZxidSeen = header.zxid }
        if isAuthenticating { return saslReplyReceived(header, now: now) }
        if header.err == .sessionClosedRequireSASLAuth && !isTerminal {
            // The ensemble enforces SASL and this session has not authenticated: the server answers the first
            // request (or ping) with -124 and closes the connection. Every server of the ensemble would do the
            // same, so reconnecting cannot help.
            authFailureCode = .sessionClosedRequireSASLAuth
            phase = .authFailed
            return terminate(
                .authFailed, .sessionClosedRequireSASLAuth, closeReason: "the ensemble requires SASL authentication")
        }
        switch header.xid {
        case SpecialXid.ping:
            return []
        case SpecialXid.setWatches:
            if header.err != .ok && sentSetWatches2 {
                sentSetWatches2 = false
                let batches = watches.setWatchesBatches(
                    relativeZxid: lastZxidSeen, maxBytes: configuration.setWatchesBatchBytes)
                return [.sendSetWatches(batches, .setWatches)]
            }
            return []
        case SpecialXid.auth:
            return authReplyReceived(header)
        default:
            break
        }
        guard let head = inFlight.first else {
            return protocolError(now: now, message: "reply with xid \(header.xid) while no request is pending")
        }
        guard head.xid == header.xid else {
            return protocolError(
                now: now, message: "reply xid \(header.xid) does not match the oldest pending xid \(head.xid)")
        }
        inFlight.removeFirst()
        // The server set the watch even if our caller gave up waiting, so record it either way.
        if let watch = head.watch { watches.apply(watch, result: header.err) }
        if case .closing = phase, head.id == nil {
            phase = .closed
            return [.closeConnection(reason: .closing, message: "session closed"), .stateChanged(.closed)]
        }
        guard let id = head.id, !head.abandoned else { return [] }
        return [.deliver(id)]
    }

    /// The reply to an auth packet: an AuthFailed answer ends the session (the server closes the
    /// connection after it), any other error only fails the caller.
    private mutating func authReplyReceived(_ header: ReplyHeader) -> [Action] {
        let id = authInFlight.popFirst() ?? nil
        if header.err == .ok {
            if let id { return [.deliver(id)] }
            return []
        }
        guard header.err == .authFailed else {
            if let id { return [.fail(id, header.err)] }
            return []
        }
        guard !isTerminal else { return id.map { [.fail($0, .authFailed)] } ?? [] }
        phase = .authFailed
        return terminate(.authFailed, .authFailed, closeReason: "authentication failed")
            + (id.map { [.fail($0, .authFailed)] } ?? [])
    }

    /// A watch notification arrived: forget the one-shot watch it consumed.
    mutating func watchEventReceived(_ event: WatcherEvent, now: Int64) {
        lastReceive = now
        watches.eventFired(type: event.type, path: event.path)
    }

    /// The periodic tick: pings, read and handshake timeouts, request deadlines, close timeout.
    mutating func timerFired(now: Int64) -> [Action] {
        var actions: [Action] = []
        var expired: [RequestID] = []
        if queue.contains(where: { $0.deadline <= now }) {
            var kept: Deque<Queued> = []
            for entry in queue {
                if entry.deadline <= now { expired.append(entry.id) } else { kept.append(entry) }
            }
            queue = kept
        }
        for index in inFlight.indices where !inFlight[index].abandoned && inFlight[index].deadline <= now {
            inFlight[index].abandoned = true
            if let id = inFlight[index].id { expired.append(id) }
        }
        if !expired.isEmpty { actions.append(.failMany(expired, .operationTimeout)) }

        switch phase {
        case .handshaking(let since):
            if now - since >= configuration.connectTimeoutNanoseconds {
                actions += connectionLost(reason: .connectionLoss, message: "handshake timed out", now: now)
            }
        case .authenticating(let since, _, _):
            if now - since >= configuration.connectTimeoutNanoseconds {
                actions += connectionLost(
                    reason: .connectionLoss, message: "no answer to the SASL exchange in time", now: now)
            }
        case .connecting(let since):
            if now - since >= configuration.connectTimeoutNanoseconds * 2 {
                actions += connectionLost(reason: .connectionLoss, message: "connect timed out", now: now)
            }
        case .connected:
            if now - lastReceive >= readTimeoutNanoseconds {
                actions += connectionLost(
                    reason: .operationTimeout,
                    message: "no reply from the server for \(readTimeoutNanoseconds / 1_000_000) ms", now: now)
            } else if now - lastSend >= pingIntervalNanoseconds {
                lastSend = now
                actions.append(.sendPing)
            }
        case .closing(let deadline):
            if now >= deadline {
                phase = .closed
                actions += terminate(.closed, .closing, closeReason: "close timed out")
            }
        default:
            break
        }
        return actions
    }

    /// The TCP connect failed or the channel closed.
    mutating func channelClosed(now: Int64, reason: ErrorCode = .connectionLoss, message: String = "connection closed")
        -> [Action]
    {
        switch phase {
        case .closing:
            phase = .closed
            return terminate(.closed, .closing, closeReason: nil)
        case .connecting, .handshaking, .authenticating, .connected:
            return connectionLost(reason: reason, message: message, now: now)
        default:
            return []
        }
    }

    /// Called when a reply could not be parsed at the header level or a frame was oversized.
    mutating func protocolError(now: Int64, message: String) -> [Action] {
        switch phase {
        case .closing:
            phase = .closed
            return terminate(.closed, .closing, closeReason: message)
        case .connecting, .handshaking, .authenticating, .connected:
            return connectionLost(reason: .marshallingError, message: message, now: now)
        default:
            return []
        }
    }

    /// The application closes the client: end the session gracefully if connected.
    mutating func closeRequested(now: Int64) -> [Action] {
        switch phase {
        case .connected:
            let queuedIDs = queue.map(\.id)
            queue.removeAll()
            var actions: [Action] = []
            if !queuedIDs.isEmpty { actions.append(.failMany(queuedIDs, .closing)) }
            let waitingIDs = authWaiting.compactMap(\.id)
            authWaiting.removeAll()
            if !waitingIDs.isEmpty { actions.append(.failMany(waitingIDs, .closing)) }
            let xid = allocateXid()
            inFlight.append(
                InFlight(
                    id: nil, xid: xid, deadline: now + configuration.closeTimeoutNanoseconds, watch: nil,
                    abandoned: false))
            phase = .closing(deadline: now + configuration.closeTimeoutNanoseconds)
            lastSend = now
            actions.append(.sendCloseSession(xid: xid))
            return actions
        case .closing, .closed:
            return []
        case .expired, .authFailed:
            phase = .closed
            return [.stateChanged(.closed)]
        default:
            phase = .closed
            return terminate(.closed, .closing, closeReason: "client closed")
        }
    }

    // MARK: - Helpers

    private mutating func allocateXid() -> Int32 {
        let xid = nextXid
        nextXid = nextXid == Int32.max ? 1 : nextXid + 1
        return xid
    }

    /// Fails every in-flight request with `reason`, keeps queued requests for the next connection,
    /// and schedules a connect to the next server (with backoff after a full round of failures).
    private mutating func connectionLost(reason: ErrorCode, message: String, now: Int64) -> [Action] {
        let wasConnected = phase == .connected
        var actions: [Action] = [.closeConnection(reason: reason, message: message)]
        // The state goes first, so a caller woken by the failure already sees it.
        if wasConnected {
            actions.append(.stateChanged(.connecting))
            failedAttempts = 0
        } else {
            failedAttempts += 1
        }
        let failed = inFlight.compactMap { $0.abandoned ? nil : $0.id }
        inFlight.removeAll()
        if !failed.isEmpty { actions.append(.failMany(failed, reason)) }
        let authIDs = authInFlight.compactMap { $0 }
        authInFlight.removeAll()
        if !authIDs.isEmpty { actions.append(.failMany(authIDs, .connectionLoss)) }
        hostIndex = (hostIndex + 1) % configuration.hostCount
        var delay: Int64 = 0
        if failedAttempts > 0 && failedAttempts % configuration.hostCount == 0 {
            let rounds = min(failedAttempts / configuration.hostCount - 1, 20)
            delay = min(configuration.backoffBaseNanoseconds << Int64(rounds), configuration.backoffMaxNanoseconds)
        }
        phase = .waitingToReconnect
        actions.append(.connect(hostIndex: hostIndex, delayNanoseconds: delay))
        return actions
    }

    /// Enters a terminal state: closes the connection, publishes the state, then fails everything
    /// (queued, in flight, auth) so a failed caller already sees the new state.
    private mutating func terminate(_ state: WireState, _ code: ErrorCode, closeReason: String?) -> [Action] {
        var actions: [Action] = []
        if let closeReason { actions.append(.closeConnection(reason: code, message: closeReason)) }
        actions.append(.stateChanged(state))
        var ids = inFlight.compactMap { $0.abandoned ? nil : $0.id }
        ids += queue.map(\.id)
        ids += authInFlight.compactMap { $0 }
        ids += authWaiting.compactMap(\.id)
        inFlight.removeAll()
        queue.removeAll()
        authInFlight.removeAll()
        authWaiting.removeAll()
        if !ids.isEmpty { actions.append(.failMany(ids, code)) }
        return actions
    }
}
