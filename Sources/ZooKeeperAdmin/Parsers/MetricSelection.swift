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
    /// The names by their length in bytes (index = length), each with its string: a key of another length is
    /// rejected without a hash, and a kept key becomes the selection's own string (no new one per reply).
    private let namesByLength: [[(bytes: [UInt8], name: String)]]
    private let familyBytes: [(prefix: [UInt8], suffix: [UInt8])]

    /// A selection of `names` and `families`.
    public init(names: some Sequence<String>, families: [Family] = [], familyLimit: Int = 1024) {
        self.names = Set(names)
        self.families = families
        self.familyLimit = familyLimit
        let longest = self.names.map(\.utf8.count).max() ?? 0
        var byLength = [[(bytes: [UInt8], name: String)]](repeating: [], count: longest + 1)
        for name in self.names { byLength[name.utf8.count].append((Array(name.utf8), name)) }
        self.namesByLength = byLength
        self.familyBytes = families.map { (Array($0.prefix.utf8), Array($0.suffix.utf8)) }
    }

    /// Whether `name` (without `zk_`) is one of ``names``.
    public func keepsName(_ name: some StringProtocol) -> Bool {
        Array(name.utf8).withUnsafeBufferPointer { keptName($0) != nil }
    }

    /// Whether `name` (without `zk_`) belongs to one of ``families``.
    public func inFamily(_ name: some StringProtocol) -> Bool {
        Array(name.utf8).withUnsafeBufferPointer { matchesFamily($0) }
    }

    /// The name of ``names`` spelled by `key`, or nil. Called for every line of every `mntr`: byte compares only.
    func keptName(_ key: UnsafeBufferPointer<UInt8>) -> String? {
        guard key.count < namesByLength.count, let first = key.first else { return nil }
        for candidate in namesByLength[key.count] where candidate.bytes[0] == first {
            if candidate.bytes.withUnsafeBufferPointer({ ByteScan.equal($0, key) }) { return candidate.name }
        }
        return nil
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
