import EnsembleCore
import ZooKeeperAdmin

/// Polls one member: runs a ``RoundPlanner`` round, sending each batch it asks for concurrently (every request
/// under the probe deadline), and returns the parsed replies for assembly.
///
/// All decisions (cadence, fallbacks to the AdminServer, the whitelist memory) are the planner's; this actor
/// only owns the sockets and the state between rounds. At most one poll per member runs at a time (a second
/// call while one is in flight reports the member as timed out instead of sending anything), so no kind of
/// probe is ever doubled.
actor MemberPoller {
    /// The member.
    let endpoint: MemberEndpoint
    /// The admin port actually used (nil when none, or when several members would share it).
    let adminPort: Int?
    /// Cadence and deadlines.
    let settings: PollSettings
    private var state: MemberPollState
    private var inFlight = false

    init(endpoint: MemberEndpoint, adminPort: Int?, adminDisabledReason: String?, settings: PollSettings) {
        self.endpoint = endpoint
        self.adminPort = adminPort
        self.settings = settings
        self.state = MemberPollState(adminPort: adminPort, adminDisabledReason: adminDisabledReason)
    }

    /// What the poller knows about this member's sources.
    var report: SourceReport {
        state.book.report(adminPort: adminPort, window: settings.slowInterval.seconds * 1.5 + settings.intervalSeconds)
    }

    /// One poll at `now` (the monitor's seconds).
    func poll(now: Double) async -> MemberReplies {
        guard !inFlight else {
            var replies = MemberReplies()
            replies.srvr = .unreachable(.timedOut)
            return replies
        }
        inFlight = true
        defer { inFlight = false }
        var round = RoundPlanner(state: state, settings: settings, now: now)
        var step = round.start()
        // A round has at most four batches (srvr, AdminServer discovery, the rest, stand-ins); the bound only
        // guards against a planner bug turning into an endless loop.
        for _ in 0..<8 {
            guard case .ask(let requests) = step else { break }
            step = round.received(await execute(requests))
        }
        state = round.state
        return round.replies
    }

    /// Sends `requests` concurrently; the replies come back in completion order.
    private func execute(_ requests: [SignalRequest]) async -> [SignalReply] {
        let host = endpoint.host
        let clientPort = endpoint.clientPort
        let adminPort = self.adminPort ?? 0
        let timeout = settings.effectiveProbeTimeout
        return await withTaskGroup(of: SignalReply?.self) { group in
            for request in requests {
                guard let row = SignalTable.descriptor(for: request) else { continue }
                group.addTask {
                    let exchange = await Self.exchange(
                        request, host: host, clientPort: clientPort, adminPort: adminPort, timeout: timeout)
                    return row.reply(to: exchange)
                }
            }
            var replies: [SignalReply] = []
            for await reply in group {
                if let reply { replies.append(reply) }
            }
            return replies
        }
    }

    /// One request over the network: a four-letter word to the client port, or a GET to the admin port.
    static func exchange(
        _ request: SignalRequest, host: String, clientPort: Int, adminPort: Int, timeout: Duration
    ) async -> SignalExchange {
        switch request {
        case .word(let word):
            do {
                return .word(
                    .success(try await FourLetterWordClient.send(word, host: host, port: clientPort, timeout: timeout)))
            } catch {
                return .word(.failure(error))
            }
        case .admin(let command):
            do {
                return .admin(
                    .success(try await AdminServerClient.get(command, host: host, port: adminPort, timeout: timeout)))
            } catch {
                return .admin(.failure(error))
            }
        }
    }
}
