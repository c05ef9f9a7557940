/// Which ensembles one `serve` process polls when a fleet is split across several (`--shard i/n`).
///
/// An ensemble belongs to shard `fnv1a(name) % count`, where the hash is 64-bit FNV-1a over the name's UTF-8
/// bytes: stable across processes, machines and Swift versions (Swift's `hashValue` is seeded per process, so two
/// `serve` processes would disagree on who polls what).
public struct ShardSelector: Hashable, Sendable {
    /// This process's shard, 0-based.
    public let index: Int
    /// How many shards the fleet is split into.
    public let count: Int

    /// Every ensemble (one shard of one).
    public static let all = ShardSelector(validIndex: 0, count: 1)

    private init(validIndex: Int, count: Int) {
        self.index = validIndex
        self.count = count
    }

    /// Parses `i/n` with `0 <= i < n`; nil when malformed (the caller prints the one-line error).
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1,
            (0..<count).contains(index)
        else { return nil }
        self.init(validIndex: index, count: count)
    }

    /// Whether this shard polls the ensemble named `name`.
    public func contains(_ name: String) -> Bool {
        Int(Self.fnv1a(name) % UInt64(count)) == index
    }

    /// The ensembles of `names` this shard polls, order kept.
    public func select(_ names: [String]) -> [String] { names.filter(contains) }

    /// 64-bit FNV-1a of the UTF-8 bytes.
    public static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }
}
