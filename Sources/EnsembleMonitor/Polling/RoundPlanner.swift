import EnsembleCore
import ZooKeeperAdmin

/// What a poller remembers about one member between rounds: its ``SourceBook`` and where the member stood.
public struct MemberPollState: Hashable, Sendable {
    /// Blocked words, the AdminServer's state, when the slow sources were read.
    public var book: SourceBook
    /// Whether the previous round found the member serving (its first serving round is a refresh).
    public var wasServing = false
    /// The member served again after it did not: `envi` is read again on the next slow round.
    public var environmentDue = false

    /// The admin port the book's AdminServer verdicts name (nil when none is used).
    public var adminPort: Int?

    /// Refresh and slow words whose last read failed in transit (timed out, cut off, empty), with how many
    /// rounds in a row they did: they are asked again in the next rounds instead of waiting a whole slow
    /// interval with a hole in the snapshot, at most ``RoundPlanner/retryLimit`` times in a row.
    public var retries: [SignalSource: Int] = [:]

    /// The state of a member not polled yet; `adminDisabledReason` says why its AdminServer is not used.
    public init(adminPort: Int?, adminDisabledReason: String? = nil) {
        self.book = SourceBook(adminPort: adminPort, adminDisabledReason: adminDisabledReason)
        self.adminPort = adminPort
    }
}

/// One member's poll round as a pure state machine: given what the poller knows (``MemberPollState``), the
/// settings and the time, it says which requests to send, as values; fed their replies, it keeps the book and
/// says what to send next, until the round is done.
///
/// The poller only executes: it sends each batch concurrently and feeds the replies back (postgres-nio's
/// connection state machine, with requests as values instead of promises). So every decision of the cadence is
/// unit-tested without a socket:
/// - every round: `srvr` alone first (the one word every whitelist allows). Refused or timed out ends the round
///   for this member (down or hung: nothing else would answer); "not serving" leaves only the refresh-round
///   AdminServer `zabstate` (which answers while LOOKING).
/// - an AdminServer not known yet is discovered with `zabstate` alone before the rest.
/// - then every row of ``SignalTable`` due by its ``SignalCadence``, in one batch: refresh rounds (every slow
///   interval, and the first serving round after the member was down or not serving) add `conf`, `isro`,
///   `zabstate`, `leader`; slow rounds `cons`, `dump`, `hash`, `wchs`, `voting_view`, `server_stats`; `envi` until
///   it answers once, and again on the first slow round after the member served again (not in the rejoin round,
///   which already re-reads conf, isro and the AdminServer).
/// - a refresh or slow word whose read failed in transit (timed out, empty, cut off) is asked again in the next
///   rounds, up to ``retryLimit`` times, so one lost reply does not leave a hole until the next slow round.
/// - a word the whitelist blocks is reported from memory and asked again every `blockedRecheckInterval`; its
///   AdminServer stand-in is asked instead, also in the round its refusal is first seen (a last batch), so the
///   first round after a whitelist change is already complete.
public struct RoundPlanner: Sendable {
    /// What the next batch is.
    public enum Step: Hashable, Sendable {
        /// Send these concurrently, each under the probe deadline, and feed every reply back.
        case ask([SignalRequest])
        /// The round is over: read ``replies`` and ``state``.
        case done
    }

    private enum Phase: Hashable, Sendable {
        case opening, discovering, main, fallback, finished
    }

    /// The poller's memory, updated as replies come in.
    public private(set) var state: MemberPollState
    /// Everything the round has gathered so far, already parsed.
    public private(set) var replies = MemberReplies()
    /// Every request of the round so far, in order.
    public private(set) var asked: [SignalRequest] = []
    private let settings: PollSettings
    private let now: Double
    private var phase = Phase.opening
    private var serving = false
    private var refresh = false
    private var slow = false
    private var environment = false
    private var adminUsable = false

    /// A round at `now` (the monitor's seconds).
    public init(state: MemberPollState, settings: PollSettings, now: Double) {
        self.state = state
        self.settings = settings
        self.now = now
    }

    /// Whether the round found the member serving (known once `srvr` answered).
    public var isServing: Bool { serving }

    /// The first batch: `srvr`, unless the whitelist blocks it and its recheck is not due.
    public mutating func start() -> Step {
        let opening = SignalTable.opening
        if state.book.shouldAsk(opening.source, now: now, settings: settings) {
            return ask([opening.request])
        }
        if let refusal = state.book.cachedRefusal(opening.source) {
            opening.storeIfEmpty(refusal, in: &replies)
        }
        return afterOpening()
    }

    /// Feeds the replies of the batch last asked (in any order); returns the next step.
    public mutating func received(_ batch: [SignalReply]) -> Step {
        // Words first, then AdminServer stand-ins: a stand-in's value wins over the word's refusal in the slot.
        let ordered = batch.filter { !$0.request.isAdmin } + batch.filter { $0.request.isAdmin }
        switch phase {
        case .opening:
            record(ordered)
            return afterOpening()
        case .discovering:
            for reply in ordered where reply.request == .admin(.zabState) {
                state.book.recordAdmin(reply.outcome, port: state.adminPort ?? 0, now: now)
                if state.book.admin == .available {
                    reply.store(into: &replies)
                    adminUsable = true
                }
            }
            return mainBatch()
        case .main:
            record(ordered)
            return fallbackBatch()
        case .fallback:
            record(ordered)
            return finish()
        case .finished:
            return .done
        }
    }

    private mutating func ask(_ requests: [SignalRequest]) -> Step {
        asked += requests
        return .ask(requests)
    }

    /// Stores replies and keeps the book: a word's own reply says whether the whitelist blocks it; an
    /// AdminServer `zabstate` says whether the AdminServer is still there.
    private mutating func record(_ batch: [SignalReply]) {
        for reply in batch {
            reply.store(into: &replies)
            switch reply.request {
            case .word:
                state.book.record(reply.source, status: reply.status, failure: reply.failure, now: now)
                noteRetry(reply)
            case .admin(let command):
                if command == .zabState { state.book.recordAdmin(reply.outcome, port: state.adminPort ?? 0, now: now) }
                // A stand-in for a word read until it answers once (`environment` for `envi`).
                if reply.status == .answered, cadence(of: reply.source) == .environment {
                    state.book.markEnvironmentRead()
                }
            }
        }
    }

    /// How many fast rounds in a row a failed refresh or slow word is asked again before it waits for its
    /// own cadence (a member whose `dump` always times out is not asked for it every second).
    public static let retryLimit = 3

    /// Keeps the retry book: a refresh or slow word that failed in transit is due again next round; one that
    /// answered (or was refused by the whitelist, which the book handles) is not.
    private mutating func noteRetry(_ reply: SignalReply) {
        guard let cadence = cadence(of: reply.source), cadence != .everyRound else { return }
        switch reply.status {
        case .answered, .notWhitelisted, .notServing:
            state.retries[reply.source] = nil
        case .timedOut, .empty, .failed, .notZooKeeper, .connectionRefused, .hostNotFound:
            state.retries[reply.source, default: 0] += 1
        }
    }

    /// Whether `source` failed in a recent round and has retries left.
    private func retryDue(_ source: SignalSource) -> Bool {
        guard let count = state.retries[source] else { return false }
        return count <= Self.retryLimit
    }

    private func cadence(of source: SignalSource) -> SignalCadence? {
        SignalTable.words.first { $0.source == source }?.cadence
    }

    private mutating func afterOpening() -> Step {
        switch replies.srvr {
        case .value?, .unusable(.notWhitelisted)?, nil: serving = true
        case .unusable?: serving = false
        case .unreachable?:
            state.wasServing = false
            state.book.noteAnswered([], now: now)
            phase = .finished
            return .done
        }
        slow = state.book.slowDue(now: now, settings: settings)
        if slow {
            state.book.markSlowPoll(now: now)
            // A slow round asks every slow word anyway: the retry count starts again from its result.
            state.retries = [:]
        }
        let rejoined = serving && !state.wasServing
        refresh = slow || rejoined
        state.wasServing = serving
        if rejoined { state.environmentDue = true }
        environment = !state.book.environmentRead || (state.environmentDue && slow)
        if slow { state.environmentDue = false }

        switch state.book.adminDecision(now: now, settings: settings) {
        case .skip: return mainBatch()
        case .use:
            adminUsable = true
            return mainBatch()
        case .discover:
            phase = .discovering
            return ask([.admin(.zabState)])
        }
    }

    private func due(_ cadence: SignalCadence) -> Bool {
        switch cadence {
        case .everyRound: return true
        case .refresh: return refresh
        case .slow: return slow
        case .environment: return environment
        case .standIn: return false
        }
    }

    /// The rows due this round, words then AdminServer endpoints.
    private func dueRequests() -> [SignalRequest] {
        var requests: [SignalRequest] = []
        for row in SignalTable.words where row.request != SignalTable.opening.request && (serving || !row.needsServing)
        {
            if due(row.cadence) || retryDue(row.source), state.book.shouldAsk(row.source, now: now, settings: settings)
            {
                requests.append(row.request)
            }
        }
        guard adminUsable else { return requests }
        for row in SignalTable.admin where (serving || !row.needsServing) && !asked.contains(row.request) {
            var isDue = due(row.cadence)
            if let word = row.standsInFor, state.book.isBlocked(word), let cadence = cadence(of: word) {
                isDue = isDue || due(cadence)
            }
            if isDue { requests.append(row.request) }
        }
        return requests
    }

    private mutating func mainBatch() -> Step {
        phase = .main
        let requests = dueRequests()
        return requests.isEmpty ? fallbackBatch() : ask(requests)
    }

    /// Stand-ins for the words found blocked in this round's batch that were not asked already.
    private mutating func fallbackBatch() -> Step {
        phase = .fallback
        // Nothing is blocked in most rounds of most members: no stand-in to look for.
        guard adminUsable, serving, !state.book.blocked.isEmpty else { return finish() }
        let blocked = Set(
            asked.compactMap { SignalTable.descriptor(for: $0) }.filter { !$0.request.isAdmin }
                .map(\.source).filter { state.book.isBlocked($0) })
        let requests = SignalTable.admin.filter { row in
            row.standsInFor.map(blocked.contains) == true && !asked.contains(row.request)
        }.map(\.request)
        return requests.isEmpty ? finish() : ask(requests)
    }

    /// Every blocked word is reported each round (from memory when not asked), so findings about the whitelist
    /// do not flicker with the slow cadence; then the book notes what answered.
    private mutating func finish() -> Step {
        phase = .finished
        if serving {
            for row in SignalTable.words {
                if let refusal = state.book.cachedRefusal(row.source) { row.storeIfEmpty(refusal, in: &replies) }
            }
        }
        state.book.noteAnswered(Set(replies.statuses.filter { $0.value == .answered }.keys), now: now)
        return .done
    }
}
