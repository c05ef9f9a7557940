/// The last N poll rounds, oldest first: the only input detectors need.
///
/// Bounded so a monitor that runs for weeks keeps constant memory; each member's series is the
/// bounded sequence of its snapshots across those rounds.
public struct SnapshotHistory: Hashable, Sendable {
    /// How many rounds are kept.
    public let capacity: Int
    /// Kept rounds, oldest first.
    public private(set) var rounds: [EnsembleSnapshot]

    /// Creates a history keeping at most `capacity` rounds (at least 2).
    public init(capacity: Int = 600, rounds: [EnsembleSnapshot] = []) {
        self.capacity = max(2, capacity)
        self.rounds = Array(rounds.suffix(max(2, capacity)))
    }

    /// Adds a round, dropping the oldest beyond capacity.
    public mutating func append(_ round: EnsembleSnapshot) {
        rounds.append(round)
        if rounds.count > capacity { rounds.removeFirst(rounds.count - capacity) }
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
    public var addresses: [String] {
        var seen: [String] = []
        var known: Set<String> = []
        for round in rounds {
            for member in round.members where known.insert(member.address).inserted { seen.append(member.address) }
        }
        return seen
    }

    /// One member's snapshots, oldest first.
    public func series(_ address: String) -> [MemberSnapshot] {
        rounds.compactMap { $0.member(address) }
    }

    /// One member's snapshots within the last `seconds`, oldest first.
    public func series(_ address: String, seconds: Double) -> [MemberSnapshot] {
        window(seconds: seconds).compactMap { $0.member(address) }
    }
}
