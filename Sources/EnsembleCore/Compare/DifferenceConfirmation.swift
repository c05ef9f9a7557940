/// Tells a confirmed difference between members from one that may be a write still replicating.
///
/// Members are read one after the other, so a read can catch a write mid-replication: a follower a few
/// milliseconds behind holds the old version for one read. Such a difference is gone by the next round. A
/// difference is therefore *confirmed* only when it is seen again after every member that answers has answered
/// in a later poll round than the one it was first seen in; until then it is *unconfirmed*. Pure: rounds and
/// answers are inputs, there is no clock.
public struct DifferenceConfirmation<Key: Hashable & Sendable>: Sendable {
    /// The poll round the view is in (``beginRound()``).
    public private(set) var round = 0
    /// The round of each member's newest answer.
    private var answeredRound: [String: Int] = [:]
    /// Per difference present at the last ``unconfirmed(_:answering:)``, the round it was first seen in.
    private var firstSeen: [Key: Int] = [:]

    /// No round, no answer, no difference yet.
    public init() {}

    /// A new poll round: answers from now on can confirm the differences seen so far.
    public mutating func beginRound() { round += 1 }

    /// Notes that `member` answered in the current round.
    public mutating func noteAnswer(from member: String) { answeredRound[member] = round }

    /// Forgets every answer and difference (another node is shown).
    public mutating func reset() {
        answeredRound = [:]
        firstSeen = [:]
    }

    /// The differences among `differences` (those present now) that are not confirmed yet; differences no longer
    /// present are forgotten, so one that comes back starts over.
    ///
    /// - Parameter answering: the members whose answer counts (those that answered for the node shown).
    public mutating func unconfirmed(_ differences: [Key], answering: [String]) -> Set<Key> {
        let settledBefore = answering.compactMap { answeredRound[$0] }.min() ?? 0
        var seen: [Key: Int] = [:]
        var unconfirmed: Set<Key> = []
        for key in differences {
            let first = firstSeen[key] ?? round
            seen[key] = first
            if first >= settledBefore { unconfirmed.insert(key) }
        }
        firstSeen = seen
        return unconfirmed
    }
}
