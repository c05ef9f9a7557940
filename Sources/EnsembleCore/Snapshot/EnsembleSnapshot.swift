import ZooKeeperAdmin

/// One poll round of the whole ensemble: the latest snapshot of every member.
public struct EnsembleSnapshot: Hashable, Sendable {
    /// When the round finished (the caller's monotonic seconds).
    public var time: Double
    /// One snapshot per member, in configuration order.
    public var members: [MemberSnapshot] { didSet { derived = Derived(members) } }
    /// What detectors ask of every kept round every round, worked out once when the members are set.
    private var derived: Derived

    /// A round as the poller assembled it.
    public init(time: Double, members: [MemberSnapshot]) {
        self.time = time
        self.members = members
        self.derived = Derived(members)
    }

    /// The member with this address.
    public func member(_ address: String) -> MemberSnapshot? { derived.positions[address].map { members[$0] } }

    /// Rounds are equal when their time and members are (the index follows from the members).
    public static func == (lhs: EnsembleSnapshot, rhs: EnsembleSnapshot) -> Bool {
        lhs.time == rhs.time && lhs.members == rhs.members
    }

    /// Hashes what `==` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(time)
        hasher.combine(members)
    }

    /// Facts of a round derived from its members.
    private struct Derived: Sendable {
        /// Where each address sits in `members` (its first occurrence): detectors look members up by address
        /// for every member and every kept round, which a linear search made quadratic (6,000 members took
        /// minutes of CPU per check).
        var positions: [String: Int] = [:]
        /// The highest epoch and znode count among serving members (`epoch-jump`, `znode-count-drop` and the
        /// report walk them over their windows every round).
        var maxEpoch: Int64?
        var maxZnodes: Int64?

        init(_ members: [MemberSnapshot]) {
            positions.reserveCapacity(members.count)
            for (index, member) in members.enumerated() {
                if positions[member.address] == nil { positions[member.address] = index }
                guard member.isServing else { continue }
                if let epoch = member.epoch { maxEpoch = max(maxEpoch ?? epoch, epoch) }
                if let znodes = member.znodes { maxZnodes = max(maxZnodes ?? znodes, znodes) }
            }
        }
    }

    /// Serving members that say they lead.
    public var leaders: [MemberSnapshot] { members.filter { $0.isServing && $0.role == .leader } }

    /// Serving leaders and followers (the members that count for quorum).
    public var servingVoters: [MemberSnapshot] { members.filter { $0.isServing && ($0.role?.isVoter ?? false) } }

    /// The highest epoch among serving members.
    public var maxEpoch: Int64? { derived.maxEpoch }

    /// The highest znode count among serving members.
    public var maxZnodes: Int64? { derived.maxZnodes }
}
