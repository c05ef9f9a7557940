/// The metrics of `mntr` (4lw) or `/commands/monitor` (AdminServer), keyed without the `zk_` prefix.
///
/// Both sources carry the same names (the AdminServer drops the prefix), so one type serves
/// both and the snapshot code never cares which one answered.
public struct MonitorReply: Hashable, Sendable {
    /// Every metric, keyed like `znode_count`, `cnt_updatelatency`, `cnt_tree_read_per_namespace`.
    public var metrics: [String: MetricValue]
    /// Lines that were neither `key<TAB>value` nor blank; tolerated, counted for diagnostics.
    public var ignoredLines: Int

    /// Wraps parsed metrics.
    public init(metrics: [String: MetricValue], ignoredLines: Int = 0) {
        self.metrics = metrics
        self.ignoredLines = ignoredLines
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

    /// Parses `mntr`: one `zk_<name>\t<value>` per line; junk lines are skipped, not fatal.
    ///
    /// The reply is malformed only when it holds no metric at all.
    public static func parse(_ text: String) throws(ReplyFailure) -> MonitorReply {
        try ReplyClassifier.check(text)
        var metrics: [String: MetricValue] = [:]
        var ignored = 0
        var firstJunk: Substring?
        for line in ReplyClassifier.lines(text) {
            if line.trimmingWhitespace().isEmpty { continue }
            guard let tab = line.firstIndex(of: "\t") else {
                ignored += 1
                if firstJunk == nil { firstJunk = line }
                continue
            }
            var key = line[..<tab].trimmingWhitespace()
            guard !key.isEmpty, !key.contains(" ") else {
                ignored += 1
                if firstJunk == nil { firstJunk = line }
                continue
            }
            if key.hasPrefix("zk_") { key = key.dropFirst(3) }
            metrics[String(key)] = MetricValue(parsing: line[line.index(after: tab)...])
        }
        guard !metrics.isEmpty else { throw .malformed(line: String(firstJunk ?? "")) }
        return MonitorReply(metrics: metrics, ignoredLines: ignored)
    }
}
