/// The reply to `isro`: `rw` or `ro`; `null` while the member is not serving.
public enum ReadOnlyReply: String, Hashable, Sendable {
    case readWrite = "rw"
    case readOnly = "ro"

    /// Parses `isro`; `null` (LOOKING) becomes `notServing`.
    public static func parse(_ text: String) throws(ReplyFailure) -> ReadOnlyReply {
        try ReplyClassifier.check(text)
        let trimmed = String(Substring(text).trimmingWhitespace())
        if trimmed == "null" { throw .notServing }
        guard let value = ReadOnlyReply(rawValue: trimmed) else { throw .malformed(line: trimmed) }
        return value
    }
}
