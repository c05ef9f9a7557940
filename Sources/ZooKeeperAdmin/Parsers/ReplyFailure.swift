import NIOCore

/// Why a reply carries no usable value.
///
/// A failed probe is data for the monitor, not an exception: a member that is LOOKING, a
/// command blocked by `4lw.commands.whitelist` and a half-written reply during a state change
/// each mean something different, so each has its own case.
public enum ReplyFailure: Error, Hashable, Sendable, CustomStringConvertible {
    /// `This ZooKeeper instance is not currently serving requests` (LOOKING, syncing, no quorum).
    case notServing
    /// `<cmd> is not executed because it is not in the whitelist.`: the command is blocked by config.
    case notWhitelisted(String)
    /// Zero bytes: an unknown word, a member changing state, or `hash` with no digest history.
    case empty
    /// Text that is none of the above and does not parse; carries the first offending line.
    case malformed(line: String)
    /// The AdminServer answered with its JSON envelope `error` set (other than not-serving).
    case serverError(String)
    /// The AdminServer answered with a non-200 HTTP status (`monitor` gives 500 while LOOKING).
    case httpStatus(Int)

    /// The text shown to operators.
    public var description: String {
        switch self {
        case .notServing: return "not currently serving requests"
        case .notWhitelisted(let command): return "\(command) is not in the 4lw whitelist"
        case .empty: return "empty reply"
        case .malformed(let line): return "unparsable reply near: \(line.prefix(80))"
        case .serverError(let message): return "server error: \(message)"
        case .httpStatus(let code): return "HTTP \(code)"
        }
    }
}

/// Recognises the replies that are the same for every four-letter word.
///
/// Every 4lw parser first runs its text through here, so "not serving", "not whitelisted"
/// and "empty" are told apart from malformed text in exactly one place.
public enum ReplyClassifier {
    /// The exact text ZooKeeper sends instead of an answer while it has no quorum.
    public static let notServingText = "This ZooKeeper instance is not currently serving requests"

    /// The tail of the whitelist refusal: `^<cmd> is not executed because it is not in the whitelist\.$`.
    public static let notWhitelistedSuffix = " is not executed because it is not in the whitelist."

    /// Throws the shared failure a reply stands for, or returns normally when it is real content.
    public static func check(_ text: String) throws(ReplyFailure) {
        let trimmed = Substring(text).trimmingWhitespace()
        if trimmed.isEmpty { throw .empty }
        if trimmed == notServingText { throw .notServing }
        if trimmed.hasSuffix(notWhitelistedSuffix), !trimmed.utf8.contains(0x0A) {
            let command = String(trimmed.dropLast(notWhitelistedSuffix.count))
            if command.count == 4, command.allSatisfy({ $0.isASCII && $0.isLetter }) {
                throw .notWhitelisted(command)
            }
        }
    }

    /// The header every `srvr` and `stat` reply starts with, in every ZooKeeper release.
    public static let serverStatsHeader = "Zookeeper version:"

    /// Why `bytes` cannot be ZooKeeper's answer to `word`, or nil when they may be.
    ///
    /// ZooKeeper writes its replies as text through a Java `PrintWriter`: never a NUL byte, so a reply with
    /// one comes from another service on the port (a TLS port answers with a binary alert). `srvr`/`stat`
    /// also always start with ``serverStatsHeader`` unless they are one of the shared refusals, so any other
    /// text (an SSH banner, an HTTP error page) is foreign too. Other words may carry bytes that are not
    /// UTF-8 (a JVM with a Latin-1 default charset writes `envi` or a `conf` path that way) or control
    /// characters (a hand-edited config): that is still ZooKeeper's reply, and the parsers get it.
    public static func foreignReason(_ bytes: [UInt8], word: FourLetterWord) -> String? {
        if bytes.withUnsafeBytes({ ByteScan.contains(0, in: $0) }) { return binaryReason(bytes) }
        return foreignTextReason(bytes, word: word)
    }

    /// ``foreignReason(_:word:)`` without the NUL scan, for bytes that ``earlyForeignReason(_:newFrom:word:)``
    /// already saw as they arrived: only `srvr`/`stat` text that is neither ZooKeeper's header nor a refusal.
    static func foreignTextReason(_ bytes: [UInt8], word: FourLetterWord) -> String? {
        guard word == .srvr || word == .stat else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        if (try? check(text)) == nil { return nil }  // empty, not serving, not whitelisted: ZooKeeper's words
        let trimmed = Substring(text).trimmingWhitespace()
        guard !trimmed.hasPrefix(serverStatsHeader) else { return nil }
        if String(validating: bytes, as: UTF8.self) == nil { return binaryReason(bytes) }
        return "starts with \"" + printable(trimmed.utf8.prefix(40)) + "\""
    }

    /// Why the bytes of a reply to `word` so far already cannot be ZooKeeper's, or nil while they still may be:
    /// a NUL anywhere, or `srvr`/`stat` text that is neither ZooKeeper's header nor one of its refusals so
    /// far. Runs after every read: it scans only the bytes that read added (from `newFrom`, an offset into the
    /// readable bytes) for NUL, and looks at the first 64 bytes.
    static func earlyForeignReason(_ buffer: ByteBuffer, newFrom: Int, word: FourLetterWord) -> String? {
        let view = buffer.readableBytesView
        let hasNUL = buffer.withUnsafeReadableBytes { raw in
            ByteScan.contains(0, in: UnsafeRawBufferPointer(rebasing: raw[min(max(0, newFrom), raw.count)...]))
        }
        if hasNUL { return binaryReason(view) }
        guard word == .srvr || word == .stat else { return nil }
        let head = Array(view.prefix(64).drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D })
        guard !head.isEmpty else { return nil }
        let expected = [serverStatsHeader, notServingText, word.rawValue + notWhitelistedSuffix].map { Array($0.utf8) }
        let mayBeZooKeeper = expected.contains { text in
            head.count <= text.count ? text.starts(with: head) : head.starts(with: text)
        }
        return mayBeZooKeeper ? nil : foreignReason(Array(view.prefix(64)), word: word)
    }

    /// ASCII as itself, every other byte as `\xNN`: a foreign reply quoted in a message can never
    /// carry an escape sequence to a terminal, whoever prints the message.
    public static func printable(_ bytes: some Sequence<UInt8>) -> String {
        var out = ""
        for byte in bytes {
            if byte >= 0x20 && byte < 0x7F && byte != UInt8(ascii: "\\") {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "\\x" + hexByte(byte)
            }
        }
        return out
    }

    /// "binary data: 15 03 03 00 …": the first bytes in hex.
    private static func binaryReason(_ bytes: some Collection<UInt8>) -> String {
        "binary data: " + bytes.prefix(8).map { hexByte($0) }.joined(separator: " ") + (bytes.count > 8 ? " …" : "")
    }

    private static func hexByte(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }

    /// Splits a reply into lines without their `\r`/`\n`, keeping empty lines (they are separators in `stat`).
    ///
    /// Split on the UTF-8 bytes, not on `Character`s: every poll parses `srvr` this way, and grapheme breaking
    /// was most of its cost.
    static func lines(_ text: String) -> [Substring] {
        text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            Substring(line.last == 0x0D ? line.dropLast() : line)
        }
    }
}

extension Substring {
    /// Drops spaces, tabs, `\r` and `\n` at both ends (on the UTF-8 bytes: all four are ASCII).
    func trimmingWhitespace() -> Substring {
        var bytes = utf8[...]
        while let first = bytes.first, Self.isWhitespace(first) { bytes = bytes.dropFirst() }
        while let last = bytes.last, Self.isWhitespace(last) { bytes = bytes.dropLast() }
        return Substring(bytes)
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
