/// A reply limit as written: `67108864`, `64MiB`, `64M`, `64MB` (binary multiples), 1 KiB to 2 GiB - 1. One parser
/// for `--max-reply-size` and the configuration file's `max_reply_size`.
public enum ReplySize {
    /// The limit in bytes, or nil when the text is not a size in range.
    public static func parse(_ text: String) -> Int? {
        let lowered = text.lowercased()
        let units: [(String, Int)] = [
            ("kib", 1 << 10), ("mib", 1 << 20), ("gib", 1 << 30), ("kb", 1 << 10), ("mb", 1 << 20), ("gb", 1 << 30),
            ("k", 1 << 10), ("m", 1 << 20), ("g", 1 << 30),
        ]
        var number = Substring(lowered)
        var scale = 1
        for (suffix, value) in units where lowered.hasSuffix(suffix) {
            number = lowered.dropLast(suffix.count)
            scale = value
            break
        }
        guard let value = Int(number), value > 0 else { return nil }
        let (bytes, overflow) = value.multipliedReportingOverflow(by: scale)
        guard !overflow, bytes >= 1024 else { return nil }
        return bytes <= Int(Int32.max) ? bytes : (bytes == 1 << 31 ? Int(Int32.max) : nil)
    }
}
