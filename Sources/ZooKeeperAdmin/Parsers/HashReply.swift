/// The reply to `hash`: the tree digest the member recorded at each zxid (every 128 zxids).
///
/// Digests live in process memory and vanish after a SNAP sync or a restart, so members can
/// only be compared on zxids they both list. An empty reply is normal, hence `empty` here is
/// a valid value, not a failure.
public struct HashReply: Hashable, Sendable {
    /// zxid → digest.
    public var digests: [Zxid: Int64]

    /// Wraps parsed digests.
    public init(digests: [Zxid: Int64]) { self.digests = digests }

    /// Parses `<zxid hex>: <digest decimal>` lines; a 0-byte reply is an empty history.
    public static func parse(_ text: String) throws(ReplyFailure) -> HashReply {
        if text.isEmpty { return HashReply(digests: [:]) }
        try ReplyClassifier.check(text)
        var digests: [Zxid: Int64] = [:]
        for rawLine in ReplyClassifier.lines(text) {
            let line = rawLine.trimmingWhitespace()
            if line.isEmpty { continue }
            guard let colon = line.firstIndex(of: ":"), let zxid = Zxid(hex: line[..<colon]),
                let digest = Int64(line[line.index(after: colon)...].trimmingWhitespace())
            else { throw .malformed(line: String(line)) }
            digests[zxid] = digest
        }
        return HashReply(digests: digests)
    }
}
