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
    private let namesByLength: [Int: [[UInt8]]]
    private let familyBytes: [(prefix: [UInt8], suffix: [UInt8])]

    /// A selection of `names` and `families`.
    public init(names: some Sequence<String>, families: [Family] = [], familyLimit: Int = 1024) {
        self.names = Set(names)
        self.families = families
        self.familyLimit = familyLimit
        self.namesByLength = Dictionary(grouping: self.names.map { Array($0.utf8) }, by: \.count)
        self.familyBytes = families.map { (Array($0.prefix.utf8), Array($0.suffix.utf8)) }
    }

    /// Whether `name` (without `zk_`) is one of ``names``.
    public func keepsName(_ name: some StringProtocol) -> Bool { matchesName(Array(name.utf8)[...]) }

    /// Whether `name` (without `zk_`) belongs to one of ``families``.
    public func inFamily(_ name: some StringProtocol) -> Bool { matchesFamily(Array(name.utf8)[...]) }

    func matchesName(_ key: some Collection<UInt8>) -> Bool {
        guard let candidates = namesByLength[key.count] else { return false }
        return candidates.contains { $0.elementsEqual(key) }
    }

    func matchesFamily(_ key: some Collection<UInt8>) -> Bool {
        familyBytes.contains { family in
            key.count >= family.prefix.count + family.suffix.count && key.starts(with: family.prefix)
                && key.reversed().starts(with: family.suffix.reversed())
        }
    }
}
