#!/bin/sh
# Times parsing a hostile mntr reply (8 MB, 2 million lines: the four-letter-word transport's cap) in release:
# the parse before (split into lines, every metric kept) and now (one pass keeping what zkscope reads).
# Each runs in its own process, so its peak memory is its own. Usage: scripts/bench-mntr.sh
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
parsers="$root/Sources/ZooKeeperAdmin/Parsers"
cat >"$work/main.swift" <<'SWIFT'
import Foundation

func memory(_ key: String) -> Int {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix(key + ":") } ?? ""
    return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
}

/// The parse as it was: the reply split into an array of lines, every metric into the dictionary.
func parseAsBefore(_ text: String) throws -> [String: MetricValue] {
    try ReplyClassifier.check(text)
    var metrics: [String: MetricValue] = [:]
    for line in ReplyClassifier.lines(text) {
        if line.trimmingWhitespace().isEmpty { continue }
        guard let tab = line.firstIndex(of: "\t") else { continue }
        var key = line[..<tab].trimmingWhitespace()
        guard !key.isEmpty, !key.contains(" ") else { continue }
        if key.hasPrefix("zk_") { key = key.dropFirst(3) }
        metrics[String(key)] = MetricValue(parsing: line[line.index(after: tab)...])
    }
    return metrics
}

var text = "zk_server_state\tleader\nzk_znode_count\t42\nzk_avg_latency\t0.5\nzk_unknown\t1\n"
text.reserveCapacity(8 * 1024 * 1024)
for index in 4..<2_000_000 {
    if index % 128 != 0 {
        text += "x\t1\n"
    } else {
        text += index % 256 == 0 ? "zk_\(index)\t1\n" : "cnt_\(index)_per_namespace\t1\n"
    }
}
let selection = MetricSelection(
    names: ["server_state", "version", "avg_latency", "min_latency", "max_latency", "outstanding_requests",
        "num_alive_connections", "znode_count", "global_sessions", "ephemerals_count", "approximate_data_size",
        "watch_count", "open_file_descriptor_count", "max_file_descriptor_count", "synced_followers", "learners",
        "quorum_size", "peer_state", "uptime", "digest_mismatches_count", "bytes_received_count", "cnt_fsynctime",
        "cnt_readlatency", "cnt_updatelatency", "cnt_socket_closing_time", "looking_count"],
    families: [.init(prefix: "cnt_", suffix: "_per_namespace")])
let mode = CommandLine.arguments.dropFirst().first ?? "new"
let baseline = memory("VmRSS")
let clock = ContinuousClock()
var kept = 0
let elapsed = try clock.measure {
    for _ in 0..<3 {
        switch mode {
        case "before": kept = try parseAsBefore(text).count
        case "all": kept = try MonitorReply.parse(text).metrics.count
        default: kept = try MonitorReply.parse(text, keeping: selection).metrics.count
        }
    }
}
let peak = memory("VmHWM") - baseline
print(
    "\(mode): \(text.utf8.count) bytes, 2,000,000 lines: \(elapsed / 3) per parse, "
        + "peak memory above the reply \(peak / 1024) MiB, metrics kept \(kept)")
SWIFT
swiftc -O -o "$work/bench" "$work/main.swift" "$parsers/MonitorReply.swift" "$parsers/MetricSelection.swift" \
    "$parsers/MetricValue.swift" "$parsers/ReplyFailure.swift"
for mode in before new all; do "$work/bench" "$mode"; done
