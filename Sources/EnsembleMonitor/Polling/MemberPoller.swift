import EnsembleCore
import Foundation
import NIOCore
import ZooKeeperAdmin
import ZooKeeperTLS

/// Polls one member: runs a ``RoundPlanner`` round, sending each batch it asks for concurrently (every request
/// under the probe deadline), and returns the parsed replies for assembly.
///
/// All decisions (cadence, fallbacks to the AdminServer, the whitelist memory) are the planner's; this actor
/// only owns the sockets and the state between rounds. At most one poll per member runs at a time (a second
/// call while one is in flight reports the member as timed out instead of sending anything), so no kind of
/// probe is ever doubled.
///
/// With ``PollSettings/tls`` every probe goes over TLS with those settings, and the certificate the member
/// presented is recorded in ``MemberReplies/tls``. A member whose port turns out to speak plaintext (a TLS probe
/// fails in the TLS layer and the same word in plaintext is answered) is polled in plaintext and recorded as
/// such, which `tls-inconsistent` reports; it is tried over TLS again when plaintext stops working. When the
/// configuration names a plaintext port beside the secure one, it is asked `srvr` on the slow cadence
/// (`tls-plaintext-open`). The AdminServer is asked over HTTPS when the configuration says `admin.forceHttps`,
/// and switches between HTTP and HTTPS when one of them is not understood.
///
/// The actor runs on the event loop that carries its member's sockets (its monitor's): a reply resumes the poll on
/// the thread that read it, instead of waking a thread of the global executor for every exchange (two or more per
/// member and second).
actor MemberPoller {
    /// The loop of this member's connections, and the actor's executor.
    nonisolated let eventLoop: any EventLoop
    /// The member.
    let endpoint: MemberEndpoint
    /// The admin port actually used (nil when none, or when several members would share it).
    let adminPort: Int?
    /// Cadence and deadlines.
    let settings: PollSettings
    /// A plaintext client port beside the secure one, asked on the slow cadence.
    let plaintextPort: Int?
    /// The port four-letter words go to: the endpoint's, or its secure port beside it (``TLSPortPolicy``).
    let pollPort: Int
    private var state: MemberPollState
    private var inFlight = false
    /// Whether the client port is spoken to over TLS now (false: plaintext, also after a fallback).
    private var clientTLS: Bool
    /// Whether the AdminServer is spoken to over HTTPS now.
    private var adminHTTPS: Bool
    /// When the plaintext port was last asked (monitor seconds), and whether it answered.
    private var plaintextChecked: (time: Double, answered: Bool)?
    /// The certificate last seen, kept for rounds whose probes saw none.
    private var lastChain: [PeerCertificateSummary] = []
    /// When the certificate of a member refused in the TLS layer was last read without verification.
    private var lastPeek: Double?

    init(
        endpoint: MemberEndpoint, adminPort: Int?, adminDisabledReason: String?, settings: PollSettings,
        plaintextPort: Int? = nil, pollPort: Int? = nil, adminHTTPS: Bool = false,
        eventLoop: any EventLoop
    ) {
        self.eventLoop = eventLoop
        self.endpoint = endpoint
        self.pollPort = pollPort ?? endpoint.clientPort
        self.adminPort = adminPort
        self.settings = settings
        self.plaintextPort = settings.tls == nil ? nil : plaintextPort
        self.state = MemberPollState(adminPort: adminPort, adminDisabledReason: adminDisabledReason)
        self.clientTLS = settings.tls != nil
        self.adminHTTPS = settings.tls != nil && adminHTTPS
    }

    /// The actor's jobs run on ``eventLoop``.
    nonisolated var unownedExecutor: UnownedSerialExecutor { eventLoop.executor.asUnownedSerialExecutor() }

    /// What the poller knows about this member's sources.
    var report: SourceReport {
        state.book.report(adminPort: adminPort, window: settings.slowInterval.seconds * 1.5 + settings.intervalSeconds)
    }

    /// One poll at `now` (the monitor's seconds), with what the poller knows about the sources after it: one
    /// visit to the poller per member and round.
    func poll(now: Double) async -> (replies: MemberReplies, report: SourceReport) {
        guard !inFlight else {
            var replies = MemberReplies()
            replies.srvr = .unreachable(.timedOut)
            replies.tls = MemberTLS(secure: clientTLS, chain: clientTLS ? lastChain : [], observedAt: Date())
            return (replies, report)
        }
        inFlight = true
        defer { inFlight = false }
        var round = RoundPlanner(state: state, settings: settings, now: now)
        var step = round.start()
        // A round has at most four batches (srvr, AdminServer discovery, the rest, stand-ins); the bound only
        // guards against a planner bug turning into an endless loop.
        var chain: [PeerCertificateSummary] = []
        var refusedInTLS = false
        for _ in 0..<8 {
            guard case .ask(let requests) = step else { break }
            let batch = await execute(requests)
            if chain.isEmpty, let seen = batch.chain { chain = seen }
            refusedInTLS = refusedInTLS || batch.refusedInTLS
            step = round.received(batch.replies)
        }
        state = round.state
        var replies = round.replies
        replies.tls = await tlsFacts(chain: chain, refusedInTLS: refusedInTLS, now: now)
        return (replies, report)
    }

    /// This poll's TLS facts: how the client port was spoken to, the certificate seen (or the last one), and
    /// the plaintext port's answer when it was due.
    ///
    /// A member refused in the TLS layer (an expired or untrusted certificate) shows no certificate to a verifying
    /// probe; its certificate is then read once per slow interval by a handshake without verification whose
    /// reply is thrown away, so `tls-certificate-expiring` can say the certificate has expired.
    private func tlsFacts(chain: [PeerCertificateSummary], refusedInTLS: Bool, now: Double) async -> MemberTLS {
        var chain = chain
        if chain.isEmpty, refusedInTLS, clientTLS, let tls = settings.tls,
            now - (lastPeek ?? -.infinity) >= settings.slowInterval.seconds
        {
            lastPeek = now
            chain = await Transport.peekCertificate(
                host: endpoint.host, port: pollPort, timeout: settings.effectiveProbeTimeout, tls: tls,
                eventLoop: eventLoop)
        }
        if !chain.isEmpty { lastChain = chain }
        guard clientTLS else { return MemberTLS(secure: false, observedAt: Date(), port: pollPort) }
        if let port = plaintextPort, now - (plaintextChecked?.time ?? -.infinity) >= settings.slowInterval.seconds {
            let answered: Bool
            do {
                _ = try await FourLetterWordClient.send(
                    .srvr, host: endpoint.host, port: port, timeout: settings.effectiveProbeTimeout, group: eventLoop)
                answered = true
            } catch {
                answered = false
            }
            plaintextChecked = (now, answered)
        }
        return MemberTLS(
            secure: true, chain: lastChain, observedAt: Date(), port: pollPort, plaintextPort: plaintextPort,
            plaintextAnswers: plaintextChecked?.answered)
    }

    /// What one batch brought back: the parsed replies, the certificate a TLS probe saw, and whether the client
    /// port was found to speak the other transport (plaintext instead of TLS, or TLS again).
    private struct Batch {
        var replies: [SignalReply] = []
        var chain: [PeerCertificateSummary]?
        /// A four-letter word failed in the TLS layer.
        var refusedInTLS = false
    }

    /// One exchange's outcome before parsing, with what it saw of TLS.
    struct Outcome: Sendable {
        var exchange: SignalExchange
        var chain: [PeerCertificateSummary] = []
        /// The word was answered only in plaintext after TLS failed (or only over TLS after plaintext failed).
        var switched = false
    }

    /// Sends `requests` concurrently; the replies come back in completion order.
    private func execute(_ requests: [SignalRequest]) async -> Batch {
        let transport = Transport(
            host: endpoint.host, clientPort: pollPort, adminPort: adminPort ?? 0,
            timeout: settings.effectiveProbeTimeout, clientTLS: clientTLS ? settings.tls : nil,
            fallbackTLS: settings.tls, adminTLS: adminHTTPS ? settings.tls : nil, eventLoop: eventLoop)
        let outcomes = await Self.exchange(requests, transport: transport)
        var batch = Batch()
        var switched = false
        var adminWrong = false
        for (row, outcome) in outcomes {
            batch.replies.append(row.reply(to: outcome.exchange))
            if batch.chain == nil, !outcome.chain.isEmpty { batch.chain = outcome.chain }
            if outcome.switched { switched = true }
            if case .word(.failure(.tls)) = outcome.exchange { batch.refusedInTLS = true }
            if case .admin(let result) = outcome.exchange, settings.tls != nil, Self.adminSchemeWrong(result) {
                adminWrong = true
            }
        }
        // Once per batch, however many of its requests found the other transport.
        if switched { clientTLS.toggle() }
        if adminWrong { adminHTTPS.toggle() }
        return batch
    }

    /// Sends `requests` concurrently; the outcomes come back in completion order. Most batches are one word
    /// (`srvr`, then `mntr`), sent without a child task.
    private static func exchange(_ requests: [SignalRequest], transport: Transport) async
        -> [(SignalDescriptor, Outcome)]
    {
        if requests.count == 1, let request = requests.first {
            guard let row = SignalTable.descriptor(for: request) else { return [] }
            return [(row, await transport.exchange(request))]
        }
        return await withTaskGroup(of: (SignalDescriptor, Outcome)?.self) { group in
            for request in requests {
                guard let row = SignalTable.descriptor(for: request) else { continue }
                group.addTask { (row, await transport.exchange(request)) }
            }
            var outcomes: [(SignalDescriptor, Outcome)] = []
            for await outcome in group {
                if let outcome { outcomes.append(outcome) }
            }
            return outcomes
        }
    }

    /// Whether an AdminServer answer says the other scheme is spoken there: HTTPS to an HTTP server fails in
    /// the TLS layer, HTTP to an HTTPS-only one gets no HTTP response (or Jetty's 400 for a plain request).
    static func adminSchemeWrong(_ result: Result<AdminHTTPResponse, AdminServerError>) -> Bool {
        switch result {
        case .success(let response): return response.status == 400
        case .failure(.badResponse): return true
        case .failure(.tls): return true
        case .failure: return false
        }
    }

    /// The sockets of one batch: where to send, with which TLS.
    struct Transport: Sendable {
        var host: String
        var clientPort: Int
        var adminPort: Int
        var timeout: Duration
        /// TLS for the client port now (nil: plaintext).
        var clientTLS: TLSSettings?
        /// The configured TLS, for trying the client port over TLS again after plaintext stopped working.
        var fallbackTLS: TLSSettings?
        /// TLS for the AdminServer (nil: HTTP).
        var adminTLS: TLSSettings?
        /// The poller's loop, which every connection uses.
        var eventLoop: any EventLoop

        /// One request over the network: a four-letter word to the client port, or a GET to the admin port.
        func exchange(_ request: SignalRequest) async -> Outcome {
            switch request {
            case .word(let word):
                let first = await send(word, tls: clientTLS)
                guard case .word(.failure(let error)) = first.exchange, fallbackTLS != nil,
                    Self.otherTransportMayAnswer(error)
                else { return first }
                // TLS failed in the TLS layer: a plaintext member answers the same word in plaintext (and a member
                // polled in plaintext that stopped answering so may have moved to TLS).
                var second = await send(word, tls: clientTLS == nil ? fallbackTLS : nil)
                // An empty reply is no answer: a TLS port may just close on plaintext.
                guard case .word(.success(let text)) = second.exchange, !text.isEmpty else { return first }
                second.switched = true
                return second
            case .admin(let command):
                do {
                    let response = try await AdminServerClient.get(
                        command, host: host, port: adminPort, timeout: timeout, tls: adminTLS, group: eventLoop)
                    return Outcome(exchange: .admin(.success(response)), chain: response.peerCertificates)
                } catch {
                    return Outcome(exchange: .admin(.failure(error)))
                }
            }
        }

        /// The certificate a member presents, read by a handshake that does not verify it (`srvr` is sent and
        /// its reply ignored): only for naming an expired or untrusted certificate, never for data.
        static func peekCertificate(
            host: String, port: Int, timeout: Duration, tls: TLSSettings, eventLoop: any EventLoop
        ) async -> [PeerCertificateSummary] {
            var unverified = tls
            unverified.trust = .insecure
            let reply = try? await FourLetterWordClient.exchange(
                .srvr, host: host, port: port, timeout: timeout, tls: unverified, group: eventLoop)
            return reply?.peerCertificates ?? []
        }

        private func send(_ word: FourLetterWord, tls: TLSSettings?) async -> Outcome {
            do {
                let reply = try await FourLetterWordClient.exchange(
                    word, host: host, port: clientPort, timeout: timeout, tls: tls, group: eventLoop)
                return Outcome(exchange: .word(.success(reply.text)), chain: reply.peerCertificates)
            } catch {
                return Outcome(exchange: .word(.failure(error)))
            }
        }

        /// A failure the other transport could explain: the TLS handshake broke off (a plaintext port closes on a
        /// ClientHello), or plaintext got bytes that are not ZooKeeper's or a dropped connection (a TLS port). A
        /// certificate the client refused, or a client certificate the server refused, is a TLS port: no fallback
        /// (a plaintext word there would only wait for the deadline).
        static func otherTransportMayAnswer(_ error: FourLetterWordError) -> Bool {
            switch error {
            case .tls(let failure):
                switch failure {
                case .closedDuringHandshake, .notTLS, .handshakeFailed: return true
                default: return false
                }
            case .notZooKeeper, .transport: return true
            case .connectionRefused, .hostNotFound, .timedOut, .replyTooLarge: return false
            }
        }
    }
}
