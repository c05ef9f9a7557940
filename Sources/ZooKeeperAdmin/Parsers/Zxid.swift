/// A ZooKeeper transaction id: the epoch in the high 32 bits, a counter in the low 32 bits.
///
/// Kept as the raw 64-bit pattern so `0xffffffffffffffff` (what `cons` shows after `crst`)
/// survives as -1 instead of failing to parse.
public struct Zxid: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// The raw 64-bit pattern, as ZooKeeper stores it.
    public let rawValue: Int64

    /// Wraps a raw value as-is.
    public init(rawValue: Int64) { self.rawValue = rawValue }

    /// Builds a zxid from its epoch and counter halves.
    public init(epoch: Int64, counter: Int64) {
        self.rawValue = (epoch << 32) | (counter & 0xffff_ffff)
    }

    /// Parses `0x100000892` or bare hex `100000080` (the `hash` form).
    public init?(hex text: some StringProtocol) {
        var digits = Substring(text).trimmingWhitespace()
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") { digits = digits.dropFirst(2) }
        guard !digits.isEmpty, digits.count <= 16, let value = UInt64(digits, radix: 16) else { return nil }
        self.rawValue = Int64(bitPattern: value)
    }

    /// The leader epoch: it rises by one per successful election; a bigger jump hints at a rollback.
    public var epoch: Int64 { Int64(UInt64(bitPattern: rawValue) >> 32) }

    /// The transaction counter within the epoch; 0 right after an election, before the first write.
    public var counter: Int64 { rawValue & 0xffff_ffff }

    /// `0x` + lower-case hex, the way ZooKeeper prints it.
    public var description: String { "0x" + String(UInt64(bitPattern: rawValue), radix: 16) }

    /// Orders values so lists sort stably.
    public static func < (lhs: Zxid, rhs: Zxid) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Formats a session id the way `cons` and `dump` print it (`0x300000548e10000`).
public func formatSessionID(_ id: Int64) -> String {
    "0x" + String(UInt64(bitPattern: id), radix: 16)
}

/// Parses a session id written as `0x…` hex (4lw) or as a decimal int64 (AdminServer JSON keys).
public func parseSessionID(_ text: some StringProtocol) -> Int64? {
    let trimmed = Substring(text).trimmingWhitespace()
    if trimmed.hasPrefix("0x") || trimmed.hasPrefix("0X") {
        guard let value = UInt64(trimmed.dropFirst(2), radix: 16) else { return nil }
        return Int64(bitPattern: value)
    }
    return Int64(trimmed)
}
