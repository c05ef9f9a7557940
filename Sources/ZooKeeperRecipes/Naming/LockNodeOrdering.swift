/// How Curator orders the contenders of a lock: by the text after the *last* occurrence of the lock
/// name (`lock-`, `lease-`, `latch-`), i.e. the server's sequence suffix, ignoring whatever comes
/// before it (the `_c_<uuid>-` prefix, which is random and must not decide who goes first).
///
/// The comparison is on the suffix text, exactly as Curator compares it; ZooKeeper writes sequence
/// numbers as 10 zero-padded digits, so text order is numeric order.
public enum LockNodeOrdering {
    /// Curator's `standardFixForSorting`: the text after the last `lockName`, or the whole name
    /// when `lockName` does not occur (such strangers then sort by their full name).
    public static func sortKey(_ name: String, lockName: String) -> Substring {
        guard !lockName.isEmpty, let range = lastRange(of: lockName, in: name) else { return name[...] }
        return name[range.upperBound...]
    }

    /// `names` sorted as Curator sorts them (stable for equal keys).
    public static func sorted(_ names: [String], lockName: String) -> [String] {
        names.enumerated()
            .sorted { lhs, rhs in
                let left = sortKey(lhs.element, lockName: lockName)
                let right = sortKey(rhs.element, lockName: lockName)
                return left == right ? lhs.offset < rhs.offset : left < right
            }
            .map(\.element)
    }

    /// The sequence number at the end of a sequential node's name, or nil. The server writes it
    /// as `%010d`: ten digits, or a minus sign and nine digits once the parent's counter overflowed.
    public static func sequence(of name: String) -> Int32? {
        let bytes = Array(name.utf8)
        guard bytes.count >= 10 else { return nil }
        let suffix = bytes[(bytes.count - 10)...]
        let isDigit = { (byte: UInt8) in byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        let negative = suffix.first == UInt8(ascii: "-")
        guard suffix.dropFirst(negative ? 1 : 0).allSatisfy(isDigit) else { return nil }
        return Int32(String(decoding: suffix, as: UTF8.self))
    }

    /// The range of the last occurrence of `needle`, searched on UTF-8 bytes (no Foundation).
    static func lastRange(of needle: String, in haystack: String) -> Range<String.Index>? {
        let text = Array(haystack.utf8)
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty, pattern.count <= text.count else { return nil }
        var start = text.count - pattern.count
        while start >= 0 {
            if text[start..<(start + pattern.count)].elementsEqual(pattern) {
                let view = haystack.utf8
                let lower = view.index(view.startIndex, offsetBy: start)
                let upper = view.index(lower, offsetBy: pattern.count)
                return lower..<upper
            }
            start -= 1
        }
        return nil
    }
}
