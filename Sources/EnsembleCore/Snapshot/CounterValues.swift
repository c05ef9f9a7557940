/// A snapshot's retained `mntr` integers (``MemberSnapshot/counters``) in a compact form: the names once, in a
/// ``CounterLayout`` shared by every snapshot with the same set (every round of a member that keeps serving), and
/// the values in that order.
///
/// History keeps hundreds of rounds of every member, and a 3.8 `mntr` with a few dozen top-level paths has ~60
/// retained integers: as a `[String: Int64]` (plus its per-namespace sums) that was about 4.5 KB per snapshot and
/// most of `zkscope serve`'s memory; as values over a shared layout it is 8 bytes a counter.
public struct CounterValues: Hashable, Sendable {
    /// The names and where each family's counters sit.
    let layout: CounterLayout
    /// One value per name of the layout, in its order.
    let values: [Int64]
    /// Reads served: the sum of the `cnt_<ns>_read_per_namespace` family.
    public let readTotal: Int64

    /// No counters.
    public static let empty = CounterValues([:])

    /// The values of `dictionary`, over `layout` when it has exactly these names (so consecutive snapshots of a
    /// member share one layout), else over a new one.
    public init(_ dictionary: [String: Int64], reusing layout: CounterLayout? = nil) {
        let shared: CounterLayout
        if let layout, layout.names.count == dictionary.count, layout.names.allSatisfy({ dictionary[$0] != nil }) {
            shared = layout
        } else {
            shared = CounterLayout(names: dictionary.keys.sorted())
        }
        self.layout = shared
        self.values = shared.names.map { dictionary[$0] ?? 0 }
        var total: Int64 = 0
        for family in shared.reads { total = saturatingAdd(total, values[family.index]) }
        self.readTotal = total
    }

    /// True when the snapshot kept no counters (no metrics source answered).
    public var isEmpty: Bool { values.isEmpty }

    /// A counter by name (without `zk_`).
    public func value(_ name: String) -> Int64? { layout.index[name].map { values[$0] } }

    /// Writes clients sent to the member (`cnt_updatelatency`), found without a lookup by name.
    var writeCount: Int64? { layout.writeCountIndex.map { values[$0] } }

    /// Every counter by name.
    public var dictionary: [String: Int64] {
        Dictionary(uniqueKeysWithValues: zip(layout.names, values))
    }

    /// Reads per top-level path (`cnt_<ns>_read_per_namespace`).
    var reads: [String: Int64] { family(layout.reads) }

    /// Writes applied per top-level path (`cnt_<ns>_write_per_namespace`).
    var writes: [String: Int64] { family(layout.writes) }

    private func family(_ members: [CounterLayout.FamilyMember]) -> [String: Int64] {
        var result: [String: Int64] = [:]
        result.reserveCapacity(members.count)
        for member in members { result[member.namespace] = values[member.index] }
        return result
    }

    /// A per-namespace family: reads served or writes applied.
    enum Family { case reads, writes }

    /// Each namespace's rise of `family` since `before`, or nil when one went down (a reset). A namespace that is
    /// new rose from 0: the families appear on first use.
    func namespaceRises(_ family: Family, since before: CounterValues) -> [(namespace: String, rise: Int64)]? {
        let members = layout.members(of: family)
        var rises: [(namespace: String, rise: Int64)] = []
        rises.reserveCapacity(members.count)
        if layout === before.layout {
            // Consecutive rounds of a serving member: the same names in the same places.
            for member in members {
                guard let rise = counterDelta(previous: before.values[member.index], current: values[member.index])
                else { return nil }
                rises.append((member.namespace, rise))
            }
            return rises
        }
        let old = before.family(before.layout.members(of: family))
        let new = self.family(members)
        if old.contains(where: { (new[$0.key] ?? 0) < $0.value }) { return nil }
        for (namespace, value) in new {
            if let rise = counterDelta(previous: old[namespace] ?? 0, current: value) {
                rises.append((namespace, rise))
            }
        }
        return rises
    }

    /// True when a counter of `family` is lower than in `before` (a reset), or gone (families never disappear
    /// from a running server).
    func familyWentDown(_ family: Family, since before: CounterValues) -> Bool {
        if layout === before.layout {
            return layout.members(of: family).contains { values[$0.index] < before.values[$0.index] }
        }
        let old = before.family(before.layout.members(of: family))
        let new = self.family(layout.members(of: family))
        return old.contains { (new[$0.key] ?? 0) < $0.value }
    }

    /// Equal when they hold the same names with the same values.
    public static func == (lhs: CounterValues, rhs: CounterValues) -> Bool {
        if lhs.layout === rhs.layout { return lhs.values == rhs.values }
        return lhs.layout.names == rhs.layout.names && lhs.values == rhs.values
    }

    /// Hashes what `==` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(layout.names)
        hasher.combine(values)
    }
}

/// The names of a ``CounterValues`` (sorted) and the positions of the per-namespace families: built once per
/// member and set of counters, then shared, never changed.
public final class CounterLayout: Sendable {
    /// A namespace of a per-namespace family and the position of its counter.
    struct FamilyMember: Sendable {
        var namespace: String
        var index: Int
    }

    /// The counter names, sorted.
    let names: [String]
    /// The position of each name.
    let index: [String: Int]
    /// `cnt_<ns>_read_per_namespace` counters.
    let reads: [FamilyMember]
    /// `cnt_<ns>_write_per_namespace` counters.
    let writes: [FamilyMember]
    /// The position of `cnt_updatelatency` (writes sent to the member), read for every interval of every rate.
    let writeCountIndex: Int?

    /// The counters of one family.
    func members(of family: CounterValues.Family) -> [FamilyMember] { family == .reads ? reads : writes }

    init(names: [String]) {
        self.names = names
        var index: [String: Int] = [:]
        var reads: [FamilyMember] = []
        var writes: [FamilyMember] = []
        let readSuffix = "_read_per_namespace"
        let writeSuffix = "_write_per_namespace"
        for (position, name) in names.enumerated() {
            index[name] = position
            guard name.hasPrefix("cnt_") else { continue }
            if name.hasSuffix(readSuffix) {
                reads.append(
                    FamilyMember(namespace: String(name.dropFirst(4).dropLast(readSuffix.count)), index: position))
            } else if name.hasSuffix(writeSuffix) {
                writes.append(
                    FamilyMember(namespace: String(name.dropFirst(4).dropLast(writeSuffix.count)), index: position))
            }
        }
        self.index = index
        self.reads = reads
        self.writes = writes
        self.writeCountIndex = index["cnt_updatelatency"]
    }
}
