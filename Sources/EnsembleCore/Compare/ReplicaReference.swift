/// Decides which members hold the odd value of one compared thing (a stat field, the data, whether a child
/// exists): the members that differ from the majority, or from the leader when there is no majority.
///
/// An ensemble replicates every write to every member, so on a healthy ensemble every value is the same; when
/// they differ, the ops question is "who is wrong", and the answer ZooKeeper itself would give is the majority
/// (a quorum acknowledged it), or the leader (it decides what is committed). With neither, nobody can be
/// trusted and every member that does not agree with all the others is flagged.
public enum ReplicaReference {
    /// The members whose value is odd (empty when all agree).
    ///
    /// - Parameters:
    ///   - values: each member's value, for the members whose value is known (unreadable members are left out).
    ///   - leader: the leader's address, if there is one.
    public static func oddMembers<Value: Hashable>(_ values: [(member: String, value: Value)], leader: String?)
        -> Set<String>
    {
        guard let first = values.first, values.contains(where: { $0.value != first.value }) else { return [] }
        guard let reference = reference(values, leader: leader) else { return Set(values.map(\.member)) }
        return Set(values.filter { $0.value != reference }.map(\.member))
    }

    /// The value the others are measured against: held by more than half of `values`, else the leader's; nil
    /// when neither exists.
    public static func reference<Value: Hashable>(_ values: [(member: String, value: Value)], leader: String?)
        -> Value?
    {
        var counts: [Value: Int] = [:]
        for entry in values { counts[entry.value, default: 0] += 1 }
        if let (value, count) = counts.max(by: { $0.value < $1.value }), count * 2 > values.count { return value }
        if let leader, let entry = values.first(where: { $0.member == leader }) { return entry.value }
        return nil
    }
}
