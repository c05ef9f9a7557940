/// The last N poll rounds, oldest first: the only input detectors need.
///
/// Bounded so a monitor that runs for weeks keeps constant memory; each member's series is the
/// bounded sequence of its snapshots across those rounds.
public struct SnapshotHistory: Hashable, Sendable {
    /// How many rounds are kept.
    public let capacity: Int
    /// Kept rounds, oldest first.
    public private(set) var rounds: [EnsembleSnapshot]
    /// Each member's restarts, elections, stats resets and pauses over its kept series, folded as rounds come in.
    private var resetLogs: [String: MemberResetLog] = [:]
    /// Snapshots fed to a ``MemberContinuity`` so far: the reset detection's work, counted for tests and benchmarks.
    private(set) var resetObservations = 0
    /// Each member's snapshots across the kept rounds, kept as rounds come in: detectors read a member's series
    /// many times a round, and walking (and copying out of) every kept round each time was most of a fleet's
    /// polling cost.
    private var memberSeries: [String: MemberSeries] = [:]
    /// ``addresses``, settled once per round.
    private var addressOrder: [String] = []
    /// The address order every kept round has, and how many kept rounds differ from it: while none does (a
    /// monitor always polls the same members) ``addresses`` is that order without walking the rounds.
    private var commonOrder: [String] = []
    private var roundsOutOfOrder = 0
    /// When each member's counters last moved: the rising-counter detectors skip members whose counters stood
    /// still through their window (``counterSteps(of:_:seconds:lifetime:)``).
    private var counterChanges: [String: CounterChangeLog] = [:]

    /// Creates a history keeping at most `capacity` rounds (at least 2).
    public init(capacity: Int = 600, rounds: [EnsembleSnapshot] = [], rateWindow: Double? = nil) {
        self.capacity = max(2, capacity)
        self.rounds = []
        self.rateWindow = rateWindow
        for round in rounds.suffix(max(2, capacity)) { append(round) }
    }

    /// The rate window the owner reads (``EnsembleTracker`` passes its `rateWindowSeconds`): every member's
    /// rates over it are computed once per round, as the round comes in, because the report, `write-heavy` and
    /// the dashboard's rows all read them.
    public let rateWindow: Double?
    /// Each member's rates over ``rateWindow`` as of the newest round.
    private var windowRates: [String: MemberRates] = [:]

    /// A member's read/write rates over the last `seconds`: from the per-round computation when `seconds` is the
    /// ``rateWindow``, else computed now.
    public func rates(of address: String, seconds: Double) -> MemberRates {
        if seconds == rateWindow, let rates = windowRates[address] { return rates }
        return RateCalculator.window(series(address, seconds: seconds))
    }

    /// Adds a round, dropping the oldest beyond capacity.
    public mutating func append(_ round: EnsembleSnapshot) {
        rounds.append(round)
        for member in round.members {
            // In place: a copy out and back would copy the log's arrays every round.
            resetLogs[member.address, default: MemberResetLog()].observe(member)
            resetObservations += 1
        }
        let order = Self.uniqueAddresses(round)
        for address in order {
            guard let snapshot = round.member(address) else { continue }
            memberSeries[address, default: MemberSeries()].append(snapshot, at: round.time)
            if snapshot.isServing, !snapshot.counterValues.isEmpty {
                counterChanges[address, default: CounterChangeLog()].observe(snapshot.counterValues, at: round.time)
            }
        }
        if rounds.count == 1 { commonOrder = order }
        if order != commonOrder { roundsOutOfOrder += 1 }
        defer {
            settleAddressOrder()
            if let rateWindow {
                windowRates = [:]
                for address in addressOrder {
                    windowRates[address] = RateCalculator.window(series(address, seconds: rateWindow))
                }
            }
        }
        guard rounds.count > capacity else { return }
        let dropped = rounds.prefix(rounds.count - capacity)
        rounds.removeFirst(rounds.count - capacity)
        var droppedPerMember: [String: Int] = [:]
        var droppedSnapshots: [String: Int] = [:]
        for old in dropped {
            for member in old.members { droppedPerMember[member.address, default: 0] += 1 }
            let oldOrder = Self.uniqueAddresses(old)
            if oldOrder != commonOrder { roundsOutOfOrder -= 1 }
            for address in oldOrder { droppedSnapshots[address, default: 0] += 1 }
        }
        for (address, count) in droppedPerMember { rebaseResets(address, dropped: count) }
        for (address, count) in droppedSnapshots {
            memberSeries[address]?.removeFirst(count)
            if memberSeries[address]?.snapshots.isEmpty == true { memberSeries[address] = nil }
        }
    }

    /// A round's member addresses, each once, in the round's order.
    private static func uniqueAddresses(_ round: EnsembleSnapshot) -> [String] {
        var seen: Set<String> = []
        return round.members.map(\.address).filter { seen.insert($0).inserted }
    }

    /// Sets ``addresses``: the common order while every kept round has it, else the first-seen order (walked
    /// again, and the newest round's order becomes the one to compare with once no kept round has the old one).
    private mutating func settleAddressOrder() {
        guard roundsOutOfOrder > 0 else {
            addressOrder = commonOrder
            return
        }
        addressOrder = Self.firstSeen(rounds)
        if roundsOutOfOrder == rounds.count, let newest = rounds.last {
            commonOrder = Self.uniqueAddresses(newest)
            roundsOutOfOrder = rounds.count { Self.uniqueAddresses($0) != commonOrder }
        }
    }

    /// Every address of `rounds`, in first-seen order.
    private static func firstSeen(_ rounds: [EnsembleSnapshot]) -> [String] {
        var seen: [String] = []
        var known: Set<String> = []
        for round in rounds {
            for member in round.members where known.insert(member.address).inserted { seen.append(member.address) }
        }
        return seen
    }

    /// Restarts, elections, stats resets and pauses in the member's kept series, oldest first: the same as
    /// `resetEvents(in: series(address))`, but folded once per round as rounds come in, not once per detector.
    public func resetEvents(of address: String) -> [ResetEvent] {
        resetLogs[address]?.events.map(\.event) ?? []
    }

    /// Keeps a member's reset log equal to a fold that starts at its oldest kept snapshot, after `dropped` of its
    /// snapshots left the history.
    ///
    /// A serving snapshot sets every part of ``MemberContinuity``, so the fold's state after the first serving
    /// snapshot still kept, and every event after it, do not depend on what came before: only the events up to
    /// that snapshot are folded again (usually one snapshot; the whole series only for a member that never
    /// served within the history).
    private mutating func rebaseResets(_ address: String, dropped: Int) {
        guard var log = resetLogs[address] else { return }
        log.firstOrdinal += dropped
        var fresh = MemberContinuity()
        var prefix: [(ordinal: Int, event: ResetEvent)] = []
        var ordinal = log.firstOrdinal
        var servingOrdinal: Int?
        for round in rounds {
            guard let member = round.member(address) else { continue }
            prefix += fresh.observe(member).map { (ordinal, $0) }
            resetObservations += 1
            if member.isServing {
                servingOrdinal = ordinal
                break
            }
            ordinal += 1
        }
        if let servingOrdinal {
            log.events = prefix + log.events.filter { $0.ordinal > servingOrdinal }
        } else if ordinal == log.firstOrdinal {
            // No snapshot of the member is left.
            resetLogs[address] = nil
            return
        } else {
            log.events = prefix
            log.continuity = fresh
        }
        resetLogs[address] = log
    }

    /// Histories are equal when they keep the same rounds (the reset logs follow from them).
    public static func == (lhs: SnapshotHistory, rhs: SnapshotHistory) -> Bool {
        lhs.capacity == rhs.capacity && lhs.rounds == rhs.rounds
    }

    /// Hashes what `==` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(capacity)
        hasher.combine(rounds)
    }

    /// The newest round.
    public var latest: EnsembleSnapshot? { rounds.last }

    /// The round before the newest.
    public var previous: EnsembleSnapshot? { rounds.count >= 2 ? rounds[rounds.count - 2] : nil }

    /// The newest `count` rounds, oldest first.
    public func last(_ count: Int) -> ArraySlice<EnsembleSnapshot> { rounds.suffix(max(0, count)) }

    /// Rounds no older than `seconds` before the newest, oldest first.
    public func window(seconds: Double) -> ArraySlice<EnsembleSnapshot> {
        guard let end = rounds.last?.time else { return [] }
        let start = rounds.firstIndex { $0.time >= end - seconds } ?? rounds.endIndex
        return rounds[start...]
    }

    /// Every address seen in the kept rounds, in first-seen order.
    public var addresses: [String] { addressOrder }

    /// One member's snapshots, oldest first.
    public func series(_ address: String) -> [MemberSnapshot] {
        memberSeries[address]?.snapshots ?? []
    }

    /// One member's snapshots within the last `seconds` (by the rounds' times, as ``window(seconds:)``), oldest
    /// first.
    public func series(_ address: String, seconds: Double) -> ArraySlice<MemberSnapshot> {
        guard let end = rounds.last?.time, let series = memberSeries[address] else { return [] }
        let start = series.times.firstIndex { $0 >= end - seconds } ?? series.times.endIndex
        return series.snapshots[start...]
    }

    /// The member's clean steps of `names` within the last `seconds` (``counterSteps(_:_:lifetime:resets:)``), or
    /// none when none of the counters moved in that window: every step would be all zeros. For the detectors that
    /// look only for rises; a healthy ensemble's alert counters stand still, so most rounds skip the walk.
    func counterSteps(
        of address: String, _ names: [String], seconds: Double, lifetime: CounterLifetime = .process
    ) -> [CounterStep] {
        guard let end = rounds.last?.time, let changes = counterChanges[address],
            names.contains(where: { changes.moved($0, since: end - seconds) })
        else { return [] }
        return EnsembleCore.counterSteps(
            series(address, seconds: seconds), names, lifetime: lifetime, resets: resetEvents(of: address))
    }
}

/// When each counter of one member last moved, over its serving readings with counters (the readings
/// ``counterSteps(_:_:lifetime:resets:)`` pairs).
struct CounterChangeLog: Sendable {
    /// The newest reading's counters.
    private var last = CounterValues.empty
    /// Per position of `last`'s layout: the round time of the newest reading whose value differed from the
    /// reading before it (or that first showed the counter, after a reading without it).
    private var changedAt: [Double] = []
    /// The round time of the newest reading whose names differed from the reading before it (never the first).
    private var layoutChangedAt = -Double.infinity

    mutating func observe(_ values: CounterValues, at time: Double) {
        if last.isEmpty {
            // The member's first reading with counters: no step ends at it (there is nothing before it to pair
            // with), so nothing moved. Marking it would walk every window that still holds it: a fleet's whole
            // first rounds after `serve` starts.
            changedAt = Array(repeating: -Double.infinity, count: values.values.count)
        } else if values.layout === last.layout {
            for index in values.values.indices where values.values[index] != last.values[index] {
                changedAt[index] = time
            }
        } else {
            let old = last
            let oldChanges = changedAt
            changedAt = values.layout.names.enumerated().map { position, name in
                guard let index = old.layout.index[name], old.values[index] == values.values[position] else {
                    return time
                }
                return oldChanges[index]
            }
            if values.layout.names != old.layout.names { layoutChangedAt = time }
        }
        last = values
    }

    /// Whether `name` may have moved between two readings at or after `since`: false only when the newest
    /// readings since then all had the same names and `name` kept its value (or was never there).
    func moved(_ name: String, since: Double) -> Bool {
        if layoutChangedAt >= since { return true }
        guard let index = last.layout.index[name] else { return false }
        return changedAt[index] >= since
    }
}

/// One member's snapshots across the kept rounds, with the time of the round each came from.
private struct MemberSeries: Sendable {
    var times: [Double] = []
    var snapshots: [MemberSnapshot] = []

    mutating func append(_ snapshot: MemberSnapshot, at time: Double) {
        times.append(time)
        snapshots.append(snapshot)
    }

    mutating func removeFirst(_ count: Int) {
        let count = min(count, snapshots.count)
        times.removeFirst(count)
        snapshots.removeFirst(count)
    }
}

/// One member's reset detection, kept with the history: the running fold and the events it found, each with the
/// ordinal of the snapshot that showed it (the member's snapshots counted from the first one ever appended).
struct MemberResetLog: Sendable {
    var continuity = MemberContinuity()
    var events: [(ordinal: Int, event: ResetEvent)] = []
    /// The ordinal of the member's next snapshot.
    var nextOrdinal = 0
    /// The ordinal of the member's oldest kept snapshot.
    var firstOrdinal = 0

    mutating func observe(_ snapshot: MemberSnapshot) {
        events += continuity.observe(snapshot).map { (nextOrdinal, $0) }
        nextOrdinal += 1
    }
}
