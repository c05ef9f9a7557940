/// The reply to `wchs`: `N connections watching M paths` / `Total watches:K`.
///
/// Counts data and exists watches only; `zk_watch_count` also counts child watches, so the two differ.
public struct WatchSummaryReply: Hashable, Sendable {
    /// Connections with watches.
    public var connections: Int64
    /// Watched paths.
    public var paths: Int64
    /// Data and exists watches (child watches excluded).
    public var totalWatches: Int64

    /// Builds a value.
    public init(connections: Int64, paths: Int64, totalWatches: Int64) {
        self.connections = connections
        self.paths = paths
        self.totalWatches = totalWatches
    }

    /// Parses `wchs`.
    public static func parse(_ text: String) throws(ReplyFailure) -> WatchSummaryReply {
        try ReplyClassifier.check(text)
        var connections: Int64?
        var paths: Int64?
        var total: Int64?
        for rawLine in ReplyClassifier.lines(text) {
            let line = rawLine.trimmingWhitespace()
            if line.hasPrefix("Total watches:") {
                total = Int64(line.dropFirst("Total watches:".count).trimmingWhitespace())
            } else if line.contains(" connections watching ") {
                let words = line.split(separator: " ")
                if words.count >= 5 {
                    connections = Int64(words[0])
                    paths = Int64(words[3])
                }
            }
        }
        guard let connections, let paths, let total else {
            throw .malformed(line: String(ReplyClassifier.lines(text).first ?? ""))
        }
        return WatchSummaryReply(connections: connections, paths: paths, totalWatches: total)
    }
}
