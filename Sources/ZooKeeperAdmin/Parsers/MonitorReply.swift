/// The metrics of `mntr` (4lw) or `/commands/monitor` (AdminServer), keyed without the `zk_` prefix.
///
/// Both sources carry the same names (the AdminServer drops the prefix), so one type serves
/// both and the snapshot code never cares which one answered.
public struct MonitorReply: Hashable, Sendable {
    /// Every kept metric, keyed like `znode_count`, `cnt_updatelatency`, `cnt_tree_read_per_namespace`.
    public var metrics: [String: MetricValue]
    /// Lines that were neither `key<TAB>value` nor blank; tolerated, counted for diagnostics.
    public var ignoredLines: Int
    /// Well-formed metric lines a ``MetricSelection`` left out.
    public var droppedMetrics: Int

    /// Wraps parsed metrics.
    public init(metrics: [String: MetricValue], ignoredLines: Int = 0, droppedMetrics: Int = 0) {
        self.metrics = metrics
        self.ignoredLines = ignoredLines
        self.droppedMetrics = droppedMetrics
    }

    /// Looks a metric up by name, with or without the `zk_` prefix.
    public subscript(name: String) -> MetricValue? {
        metrics[name.hasPrefix("zk_") ? String(name.dropFirst(3)) : name]
    }

    /// An integer metric, or nil when absent or not an integer.
    public func int(_ name: String) -> Int64? { self[name]?.int64 }

    /// A numeric metric as `Double`.
    public func double(_ name: String) -> Double? { self[name]?.double }

    /// A string metric.
    public func string(_ name: String) -> String? { self[name]?.string }

    /// The reply with only the metrics `selection` keeps (for the AdminServer's JSON, parsed whole).
    public func keeping(_ selection: MetricSelection) -> MonitorReply {
        var kept: [String: MetricValue] = [:]
        var family = 0
        for (key, value) in metrics {
            if selection.keepsName(key) {
                kept[key] = value
            } else if family < selection.familyLimit, selection.inFamily(key) {
                kept[key] = value
                family += 1
            }
        }
        return MonitorReply(
            metrics: kept, ignoredLines: ignoredLines, droppedMetrics: droppedMetrics + metrics.count - kept.count)
    }

    /// Parses `mntr`: one `zk_<name>\t<value>` per line; junk lines are skipped, not fatal.
    ///
    /// One pass over the bytes, without splitting the reply into lines: with a `selection`, only its metrics
    /// become strings and values, so an 8 MB reply of two million lines costs its own bytes and no more. The
    /// reply is malformed only when it holds no metric line at all (kept or not).
    public static func parse(_ text: String, keeping selection: MetricSelection) throws(ReplyFailure) -> MonitorReply {
        try parse(text, selection: selection)
    }

    /// Parses `mntr` keeping every metric (tests, tools); a poller passes the selection it reads.
    public static func parse(_ text: String) throws(ReplyFailure) -> MonitorReply {
        try parse(text, selection: nil)
    }

    private static func parse(_ text: String, selection: MetricSelection?) throws(ReplyFailure) -> MonitorReply {
        // The shared refusals are one short line; a long reply is none of them.
        if text.utf8.count <= 512 { try ReplyClassifier.check(text) }
        var scanner = MonitorScanner(selection: selection)
        var text = text
        text.withUTF8 { scanner.scan($0) }
        guard scanner.metricLines > 0 else {
            if scanner.firstJunk == nil { throw .empty }
            throw .malformed(line: scanner.firstJunk ?? "")
        }
        return MonitorReply(
            metrics: scanner.metrics, ignoredLines: scanner.ignored, droppedMetrics: scanner.dropped)
    }
}

/// The single pass of `MonitorReply.parse` over a reply's UTF-8 bytes.
///
/// Every member is asked `mntr` every round, and a 3.8 reply has ~500 lines of which ~60 are kept: the lines
/// and tabs are found with `memchr`, and a dropped line costs a length check and a few byte compares, without a
/// string or a hash.
private struct MonitorScanner {
    let selection: MetricSelection?
    var metrics: [String: MetricValue] = [:]
    var metricLines = 0
    var ignored = 0
    var dropped = 0
    var familyKept = 0
    var firstJunk: String?

    init(selection: MetricSelection?) { self.selection = selection }

    mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        var start = 0
        while start < bytes.count {
            let end = ByteScan.firstIndex(of: 0x0A, in: base, from: start, to: bytes.count)
            line(bytes, start, end)
            start = end + 1
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }

    private mutating func line(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) {
        guard let base = bytes.baseAddress else { return }
        var lower = start
        var upper = end
        while lower < upper && Self.isSpace(bytes[lower]) { lower += 1 }
        while upper > lower && Self.isSpace(bytes[upper - 1]) { upper -= 1 }
        guard lower < upper else { return }
        let tab = ByteScan.firstIndex(of: 0x09, in: base, from: start, to: end)
        // The key: up to the first tab, trimmed; it must be there and hold no space.
        var keyStart = start
        var keyEnd = tab
        while keyStart < keyEnd && Self.isSpace(bytes[keyStart]) { keyStart += 1 }
        while keyEnd > keyStart && Self.isSpace(bytes[keyEnd - 1]) { keyEnd -= 1 }
        guard tab < end, keyStart < keyEnd,
            ByteScan.firstIndex(of: 0x20, in: base, from: keyStart, to: keyEnd) == keyEnd
        else {
            ignored += 1
            if firstJunk == nil {
                firstJunk = String(
                    decoding: UnsafeBufferPointer(rebasing: bytes[lower..<min(upper, lower + 200)]), as: UTF8.self)
            }
            return
        }
        metricLines += 1
        if keyEnd - keyStart >= 3 && bytes[keyStart] == 0x7A && bytes[keyStart + 1] == 0x6B
            && bytes[keyStart + 2] == 0x5F
        {
            keyStart += 3  // zk_
        }
        let keyBytes = UnsafeBufferPointer(rebasing: bytes[keyStart..<keyEnd])
        var name: String
        if let selection {
            if let kept = selection.keptName(keyBytes) {
                name = kept
            } else {
                // A family member is kept while the family has room; a repeated one replaces its value.
                guard selection.matchesFamily(keyBytes) else {
                    dropped += 1
                    return
                }
                name = String(decoding: keyBytes, as: UTF8.self)
                if metrics[name] == nil {
                    guard familyKept < selection.familyLimit else {
                        dropped += 1
                        return
                    }
                    familyKept += 1
                }
            }
        } else {
            name = String(decoding: keyBytes, as: UTF8.self)
        }
        let valueBytes = UnsafeBufferPointer(rebasing: bytes[(tab + 1)..<end])
        metrics[name] = MetricValue(parsing: valueBytes)
    }
}
