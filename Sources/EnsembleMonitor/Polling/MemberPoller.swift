import EnsembleCore
import ZooKeeperAdmin

/// Polls one member: decides which sources to ask this round, asks them concurrently, each under
/// the probe deadline, and returns the parsed replies.
///
/// Cadence, chosen to keep the load on a server low (facts: every 4lw is a TCP connection and an
/// INFO log line on the server):
/// - every round: `srvr` first (the one word every whitelist allows) — a refused or timed-out `srvr`
///   ends the round for this member (down or hung; nothing else would answer), a "not serving" one
///   leaves only refresh-round AdminServer `zabstate` (which answers while LOOKING); then `mntr`.
/// - refresh rounds (every `slowInterval`, and the first serving round after the member was down or
///   not serving): `conf`, `isro`, AdminServer `zabstate` and `leader` (and `voting_view`); on the slow
///   cadence also AdminServer `server_stats` (3.8 counts slow fsyncs only there).
/// - slow rounds (every `slowInterval`): `cons`, `dump`, `hash`, `wchs`; `envi` until it answers once, and
///   again on the first slow round after the member was down or not serving.
/// Words the whitelist blocks are replaced by the AdminServer (`monitor`, `voting_view`, `dump`,
/// `hash`, `watch_summary`, `environment`) when it answers, from the round the refusal is first seen.
///
/// At most one poll per member runs at a time (a second call while one is in flight reports the
/// member as timed out instead of sending anything), so no kind of probe is ever doubled.
actor MemberPoller {
    /// The member.
    let endpoint: MemberEndpoint
    /// The admin port actually used (nil when none, or when several members would share it).
    let adminPort: Int?
    /// Cadence and deadlines.
    let settings: PollSettings
    private var book: SourceBook
    private var inFlight = false
    /// Whether the previous poll found the member serving (its first serving round is a refresh).
    private var wasServing = false
    /// The member served again after it did not: `envi` is read again on the next slow round.
    private var environmentDue = false

    init(endpoint: MemberEndpoint, adminPort: Int?, adminDisabledReason: String?, settings: PollSettings) {
        self.endpoint = endpoint
        self.adminPort = adminPort
        self.settings = settings
        self.book = SourceBook(adminPort: adminPort, adminDisabledReason: adminDisabledReason)
    }

    /// What the poller knows about this member's sources.
    var report: SourceReport {
        book.report(adminPort: adminPort, window: settings.slowInterval.seconds * 1.5 + settings.intervalSeconds)
    }

    /// One poll at `now` (the monitor's seconds).
    func poll(now: Double) async -> MemberReplies {
        var replies = MemberReplies()
        guard !inFlight else {
            replies.srvr = .unreachable(.timedOut)
            return replies
        }
        inFlight = true
        defer { inFlight = false }

        let host = endpoint.host
        let port = endpoint.clientPort
        let timeout = settings.effectiveProbeTimeout

        // 1. srvr decides whether anything else is worth asking.
        let askSrvr = book.shouldAsk(.srvr, now: now, settings: settings)
        if askSrvr {
            replies.srvr = await Self.word(.srvr, host, port, timeout, ServerStatsReply.parse)
            note(.srvr, replies.srvr, now: now)
        } else if let refusal = book.cachedRefusal(.srvr) {
            replies.srvr = .unusable(refusal)
        }
        let serving: Bool
        switch replies.srvr {
        case .value?, .unusable(.notWhitelisted)?, nil: serving = true
        case .unusable?: serving = false
        case .unreachable?:
            wasServing = false
            book.noteAnswered([], now: now)
            return replies
        }
        // A refresh round re-reads what only changes when a member restarts or an election happens
        // (membership, myid, leader, read-only): on the slow cadence, and on the first serving round
        // after the member was down or not serving (a restarted member may have a new config).
        let slow = book.slowDue(now: now, settings: settings)
        if slow { book.markSlowPoll(now: now) }
        let rejoined = serving && !wasServing
        let refresh = slow || rejoined
        wasServing = serving
        // `envi` once, and again on the first slow round after a member serves again (a restart may bring another
        // -Xmx); not in the rejoin round itself, which already re-reads conf, isro and the AdminServer.
        if rejoined { environmentDue = true }
        let environment = !book.environmentRead || (environmentDue && slow)
        if slow { environmentDue = false }

        // 2. The AdminServer: discover it when unknown, else use it.
        var adminUsable = false
        if let adminPort {
            switch book.adminDecision(now: now, settings: settings) {
            case .skip: break
            case .use: adminUsable = true
            case .discover:
                let zab = await Self.admin(.zabState, host, adminPort, timeout, ZabStateReply.parse)
                book.recordAdmin(zab, port: adminPort, now: now)
                if book.admin == .available {
                    replies.adminZabState = zab
                    adminUsable = true
                }
            }
        }

        // 3. Everything else, concurrently.
        var plan = RoundPlan()
        if serving {
            plan.words = [.mntr]
            if refresh { plan.words += [.conf, .isro] }
            if slow { plan.words += [.cons, .dump, .hash, .wchs] }
            if environment { plan.words.append(.envi) }
        }
        plan.words = plan.words.filter { book.shouldAsk($0, now: now, settings: settings) }
        if adminUsable {
            if refresh && replies.adminZabState == nil { plan.admin.append(.zabState) }
            if serving {
                if refresh { plan.admin.append(.leader) }
                if book.isBlocked(.mntr) { plan.admin.append(.monitor) }
                if refresh && (book.isBlocked(.conf) || slow) { plan.admin.append(.votingView) }
                if slow && book.isBlocked(.dump) { plan.admin.append(.dump) }
                if slow && book.isBlocked(.hash) { plan.admin.append(.hash) }
                if slow && book.isBlocked(.wchs) { plan.admin.append(.watchSummary) }
                // `fsync_threshold_exceed_count` (for fsync-slow) is only there in 3.8.
                if slow { plan.admin.append(.serverStats) }
                if book.isBlocked(.envi) && environment { plan.admin.append(.environment) }
            }
        }
        let adminPort = self.adminPort ?? 0
        let results = await withTaskGroup(of: Apply.self) { group in
            for word in plan.words {
                group.addTask { await Self.ask(word, host, port, timeout) }
            }
            for command in plan.admin {
                group.addTask { await Self.ask(command, host, adminPort, timeout) }
            }
            var applies: [Apply] = []
            for await apply in group { applies.append(apply) }
            return applies
        }
        for apply in results { apply.body(&replies) }

        // 4. Bookkeeping; words found blocked just now get their AdminServer stand-in at once, so
        //    the first round after a whitelist change is already complete.
        for word in plan.words { note(word, Self.probe(word, in: replies), now: now) }
        if adminUsable, serving {
            var fallback: [AdminCommand] = []
            let newlyBlocked = plan.words.filter { book.isBlocked($0) }.filter { $0 != .conf || refresh }
            for word in newlyBlocked {
                switch word {
                case .mntr where !plan.admin.contains(.monitor): fallback.append(.monitor)
                case .conf where !plan.admin.contains(.votingView): fallback.append(.votingView)
                case .dump where !plan.admin.contains(.dump): fallback.append(.dump)
                case .hash where !plan.admin.contains(.hash): fallback.append(.hash)
                case .envi where !plan.admin.contains(.environment): fallback.append(.environment)
                case .wchs where !plan.admin.contains(.watchSummary): fallback.append(.watchSummary)
                default: break
                }
            }
            let more = await withTaskGroup(of: Apply.self) { group in
                for command in fallback {
                    group.addTask { await Self.ask(command, host, adminPort, timeout) }
                }
                var applies: [Apply] = []
                for await apply in group { applies.append(apply) }
                return applies
            }
            for apply in more { apply.body(&replies) }
            plan.admin += fallback
        }
        if adminUsable {
            if let zab = replies.adminZabState { book.recordAdmin(zab, port: adminPort, now: now) }
            if replies.envi?.value != nil, plan.admin.contains(.environment) { book.markEnvironmentRead() }
        }
        // Every blocked word is reported each round (from memory when not asked), so findings about
        // the whitelist do not flicker with the slow cadence.
        if serving {
            for word in SourceBook.fourLetterSources {
                if let refusal = book.cachedRefusal(word) { Self.setCached(word, refusal, &replies) }
            }
        }
        book.noteAnswered(Set(replies.statuses.filter { $0.value == .answered }.keys), now: now)
        return replies
    }

    private func note(_ source: SignalSource, _ probe: AnyProbe?, now: Double) {
        guard let probe else { return }
        book.record(source, status: probe.status, failure: probe.failure, now: now)
    }

    private func note<T>(_ source: SignalSource, _ probe: ProbeResult<T>?, now: Double) {
        note(source, probe.map(AnyProbe.init), now: now)
    }

    // MARK: - Probes (nonisolated: they run concurrently)

    /// The sources asked in one round.
    private struct RoundPlan {
        var words: [SignalSource] = []
        var admin: [AdminCommand] = []
    }

    /// A reply to store into `MemberReplies`.
    struct Apply: Sendable {
        let body: @Sendable (inout MemberReplies) -> Void
    }

    /// A probe's status and refusal, without its value type.
    struct AnyProbe {
        var status: SourceStatus
        var failure: ReplyFailure?

        init<T>(_ probe: ProbeResult<T>) {
            status = probe.status
            if case .unusable(let failure) = probe { self.failure = failure }
        }
    }

    /// Where one four-letter word's reply lives in `MemberReplies` and how it is parsed: the one
    /// table that asking, reading back and reporting remembered refusals all go through.
    struct WordSlot<Reply: Sendable & Hashable>: AnyWordSlot {
        let word: FourLetterWord
        let parse: @Sendable (String) throws(ReplyFailure) -> Reply
        let field: WritableKeyPath<MemberReplies, ProbeResult<Reply>?> & Sendable

        func probe(in replies: MemberReplies) -> AnyProbe? { replies[keyPath: field].map(AnyProbe.init) }

        func setIfAbsent(_ refusal: ReplyFailure, _ replies: inout MemberReplies) {
            if replies[keyPath: field] == nil { replies[keyPath: field] = .unusable(refusal) }
        }

        func ask(_ host: String, _ port: Int, _ timeout: Duration) async -> Apply {
            let result = await MemberPoller.word(word, host, port, timeout, parse)
            let field = self.field
            return Apply { $0[keyPath: field] = result }
        }
    }

    /// A `WordSlot` without its reply type, so the slots fit in one table.
    protocol AnyWordSlot: Sendable {
        func probe(in replies: MemberReplies) -> AnyProbe?
        func setIfAbsent(_ refusal: ReplyFailure, _ replies: inout MemberReplies)
        func ask(_ host: String, _ port: Int, _ timeout: Duration) async -> Apply
    }

    /// The four-letter words polled besides `srvr` (which every round asks first, on its own).
    static let wordSlots: [SignalSource: any AnyWordSlot] = [
        .mntr: WordSlot(
            word: .mntr,
            parse: { text throws(ReplyFailure) in try MonitorReply.parse(text, keeping: MemberSnapshot.metricsRead) },
            field: \.mntr),
        .conf: WordSlot(word: .conf, parse: { text throws(ReplyFailure) in try ConfReply.parse(text) }, field: \.conf),
        .isro: WordSlot(
            word: .isro, parse: { text throws(ReplyFailure) in try ReadOnlyReply.parse(text) }, field: \.isro),
        .envi: WordSlot(
            word: .envi, parse: { text throws(ReplyFailure) in try EnvironmentReply.parse(text) }, field: \.envi),
        .cons: WordSlot(word: .cons, parse: { text throws(ReplyFailure) in try ConsReply.parse(text) }, field: \.cons),
        .dump: WordSlot(word: .dump, parse: { text throws(ReplyFailure) in try DumpReply.parse(text) }, field: \.dump),
        .hash: WordSlot(word: .hash, parse: { text throws(ReplyFailure) in try HashReply.parse(text) }, field: \.hash),
        .wchs: WordSlot(
            word: .wchs, parse: { text throws(ReplyFailure) in try WatchSummaryReply.parse(text) }, field: \.wchs),
    ]

    private static func probe(_ word: SignalSource, in replies: MemberReplies) -> AnyProbe? {
        if word == .srvr { return replies.srvr.map(AnyProbe.init) }
        return wordSlots[word]?.probe(in: replies)
    }

    /// Reports a remembered refusal, unless this round already has an answer (e.g. the AdminServer's).
    private static func setCached(_ word: SignalSource, _ refusal: ReplyFailure, _ replies: inout MemberReplies) {
        wordSlots[word]?.setIfAbsent(refusal, &replies)
    }

    private static func ask(_ word: SignalSource, _ host: String, _ port: Int, _ timeout: Duration) async -> Apply {
        await wordSlots[word]?.ask(host, port, timeout) ?? Apply { _ in }
    }

    private static func ask(_ command: AdminCommand, _ host: String, _ port: Int, _ timeout: Duration) async -> Apply {
        switch command {
        case .zabState:
            let result = await admin(command, host, port, timeout, ZabStateReply.parse)
            return Apply { $0.adminZabState = result }
        case .leader:
            let result = await admin(command, host, port, timeout, LeaderReply.parse)
            return Apply { $0.adminLeader = result }
        case .monitor:
            let result = await admin(command, host, port, timeout) { body throws(ReplyFailure) in
                try MonitorReply.parseAdmin(body).keeping(MemberSnapshot.metricsRead)
            }
            return Apply { $0.adminMonitor = result }
        case .votingView:
            let result = await admin(command, host, port, timeout, VotingViewReply.parse)
            return Apply { $0.adminVotingView = result }
        case .dump:
            let result = await admin(command, host, port, timeout, DumpReply.parseAdmin)
            return Apply { if result.value != nil { $0.dump = result } }
        case .hash:
            let result = await admin(command, host, port, timeout, HashReply.parseAdmin)
            return Apply { if result.value != nil { $0.hash = result } }
        case .environment:
            let result = await admin(command, host, port, timeout, EnvironmentReply.parseAdmin)
            return Apply { if result.value != nil { $0.envi = result } }
        case .watchSummary:
            let result = await admin(command, host, port, timeout, WatchSummaryReply.parseAdmin)
            return Apply { if result.value != nil { $0.wchs = result } }
        case .serverStats:
            let result = await admin(command, host, port, timeout, AdminServerStatsReply.parse)
            return Apply { $0.adminServerStats = result }
        default:
            return Apply { _ in }
        }
    }

    /// One four-letter word, mapped to a probe result.
    static func word<T>(
        _ word: FourLetterWord, _ host: String, _ port: Int, _ timeout: Duration,
        _ parse: (String) throws(ReplyFailure) -> T
    ) async -> ProbeResult<T> {
        let outcome: Result<String, FourLetterWordError>
        do {
            outcome = .success(try await FourLetterWordClient.send(word, host: host, port: port, timeout: timeout))
        } catch {
            outcome = .failure(error)
        }
        return .fourLetterWord(outcome, parse: parse)
    }

    /// One AdminServer GET, mapped to a probe result.
    static func admin<T>(
        _ command: AdminCommand, _ host: String, _ port: Int, _ timeout: Duration,
        _ parse: (String) throws(ReplyFailure) -> T
    ) async -> ProbeResult<T> {
        let outcome: Result<AdminHTTPResponse, AdminServerError>
        do {
            outcome = .success(try await AdminServerClient.get(command, host: host, port: port, timeout: timeout))
        } catch {
            outcome = .failure(error)
        }
        return .adminServer(outcome, parse: parse)
    }
}
