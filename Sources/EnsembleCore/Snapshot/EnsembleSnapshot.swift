import ZooKeeperAdmin

/// One poll round of the whole ensemble: the latest snapshot of every member.
public struct EnsembleSnapshot: Hashable, Sendable {
    /// When the round finished (the caller's monotonic seconds).
    public var time: Double
    /// One snapshot per member, in configuration order.
    public var members: [MemberSnapshot]

    /// A round as the poller assembled it.
    public init(time: Double, members: [MemberSnapshot]) {
        self.time = time
        self.members = members
    }

    /// The member with this address.
    public func member(_ address: String) -> MemberSnapshot? { members.first { $0.address == address } }

    /// Serving members that say they lead.
    public var leaders: [MemberSnapshot] { members.filter { $0.isServing && $0.role == .leader } }

    /// Serving leaders and followers (the members that count for quorum).
    public var servingVoters: [MemberSnapshot] { members.filter { $0.isServing && ($0.role?.isVoter ?? false) } }

    /// The highest epoch among serving members.
    public var maxEpoch: Int64? { members.filter(\.isServing).compactMap(\.epoch).max() }

    /// The highest znode count among serving members.
    public var maxZnodes: Int64? { members.filter(\.isServing).compactMap(\.znodes).max() }
}
