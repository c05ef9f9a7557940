/// Which `mntr` metrics a parse keeps: the names something reads, and families matched by prefix and suffix
/// (`cnt_<namespace>_read_per_namespace`), at most `familyLimit` of them.
///
/// A 3.8 `mntr` has ~500 metrics and a reader needs ~30; a hostile or broken server can send millions of
/// lines. Keeping only the selection bounds the parse's memory by the selection, not by the reply.
public struct MetricSelection: Sendable {
    /// One family of names: `prefix…suffix` (both without `zk_`).
    public struct Family: Sendable, Hashable {
        /// What a member's name starts with.
        public var prefix: String
        /// What it ends with.
        public var suffix: String

        /// A family by its two ends.
        public init(prefix: String, suffix: String) {
            self.prefix = prefix
            self.suffix = suffix
        }
    }

    /// Names kept exactly (without `zk_`).
    public let names: Set<String>
    /// Families kept by pattern.
    public let families: [Family]
    /// How many family members one reply may add (per-namespace counters grow with the top-level paths).
    public let familyLimit: Int
    /// The names by their length in bytes (index = length): a key of another length is rejected without a hash.
    private let namesByLength: [[[UInt8]]]
    private let familyBytes: [(prefix: [UInt8], suffix: [UInt8])]

    /// A selection of `names` and `families`.
    public init(names: some Sequence<String>, families: [Family] = [], familyLimit: Int = 1024) {
        self.names = Set(names)
        self.families = families
        self.familyLimit = familyLimit
        let encoded = self.names.map { Array($0.utf8) }
        var byLength = [[[UInt8]]](repeating: [], count: (encoded.map(\.count).max() ?? 0) + 1)
        for name in encoded { byLength[name.count].append(name) }
        self.namesByLength = byLength
        self.familyBytes = families.map { (Array($0.prefix.utf8), Array($0.suffix.utf8)) }
    }

    /// Whether `name` (without `zk_`) is one of ``names``.
    public func keepsName(_ name: some StringProtocol) -> Bool {
        Array(name.utf8).withUnsafeBufferPointer { matchesName($0) }
    }

    /// Whether `name` (without `zk_`) belongs to one of ``families``.
    public func inFamily(_ name: some StringProtocol) -> Bool {
        Array(name.utf8).withUnsafeBufferPointer { matchesFamily($0) }
    }

    /// Called for every line of every `mntr`: byte compares only.
    func matchesName(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard key.count < namesByLength.count, let first = key.first else { return false }
        for candidate in namesByLength[key.count] where candidate[0] == first {
            if candidate.withUnsafeBufferPointer({ ByteScan.equal($0, key) }) { return true }
        }
        return false
    }

    func matchesFamily(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        familyBytes.contains { family in
            guard key.count >= family.prefix.count + family.suffix.count else { return false }
            let head = UnsafeBufferPointer(rebasing: key[..<family.prefix.count])
            let tail = UnsafeBufferPointer(rebasing: key[(key.count - family.suffix.count)...])
            return family.prefix.withUnsafeBufferPointer { ByteScan.equal($0, head) }
                && family.suffix.withUnsafeBufferPointer { ByteScan.equal($0, tail) }
        }
    }
}
