import ZooKeeperAdmin

/// One poll round of the whole ensemble: the latest snapshot of every member.
public struct EnsembleSnapshot: Hashable, Sendable {
    /// When the round finished (the caller's monotonic seconds).
    public var time: Double
    /// One snapshot per member, in configuration order.
    public var members: [MemberSnapshot] { didSet { positions = Self.positions(of: members) } }
    /// Where each address sits in `members` (its first occurrence): detectors look members up by address
    /// for every member and every kept round, which a linear search made quadratic (6,000 members took
    /// minutes of CPU per check).
    private var positions: [String: Int]

    /// A round as the poller assembled it.
    public init(time: Double, members: [MemberSnapshot]) {
        self.time = time
        self.members = members
        self.positions = Self.positions(of: members)
    }

    /// The member with this address.
    public func member(_ address: String) -> MemberSnapshot? { positions[address].map { members[$0] } }

    /// Rounds are equal when their time and members are (the index follows from the members).
    public static func == (lhs: EnsembleSnapshot, rhs: EnsembleSnapshot) -> Bool {
        lhs.time == rhs.time && lhs.members == rhs.members
    }

    /// Hashes what `==` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(time)
        hasher.combine(members)
    }

    private static func positions(of members: [MemberSnapshot]) -> [String: Int] {
        var positions: [String: Int] = [:]
        positions.reserveCapacity(members.count)
        for (index, member) in members.enumerated() where positions[member.address] == nil {
            positions[member.address] = index
        }
        return positions
    }

    /// Serving members that say they lead.
    public var leaders: [MemberSnapshot] { members.filter { $0.isServing && $0.role == .leader } }

    /// Serving leaders and followers (the members that count for quorum).
    public var servingVoters: [MemberSnapshot] { members.filter { $0.isServing && ($0.role?.isVoter ?? false) } }

    /// The highest epoch among serving members.
    public var maxEpoch: Int64? { highest(\.epoch) }

    /// The highest znode count among serving members.
    public var maxZnodes: Int64? { highest(\.znodes) }

    /// The highest value among serving members, without building arrays: detectors ask it of every kept round
    /// every round.
    private func highest(_ value: (MemberSnapshot) -> Int64?) -> Int64? {
        var best: Int64?
        for member in members where member.isServing {
            if let candidate = value(member) { best = max(best ?? candidate, candidate) }
        }
        return best
    }
}
