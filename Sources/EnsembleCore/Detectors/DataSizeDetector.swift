/// `data-size-high`: the data tree (`zk_approximate_data_size`, paths plus data) is large in absolute terms
/// (`dataSizeBytes`, `rules/zk.yml`: above 1 GB) or for the member's heap (`dataSizeHeapFraction` of `envi`'s
/// `os.memory.max`). ZooKeeper keeps the whole tree in memory and writes it out in every snapshot.
public let detectDataSizeHigh: Detector = { history, _, thresholds in
    guard let latest = history.latest else { return [] }
    var members: [String] = []
    var evidence: [String: String] = [:]
    var reasons: Set<String> = []
    for member in latest.members where member.isServing {
        guard let size = member.dataSize else { continue }
        var over = false
        if size > thresholds.dataSizeBytes {
            over = true
            reasons.insert("above \(bytes(thresholds.dataSizeBytes))")
        }
        if let heap = member.heapMaxBytes, Double(size) > Double(heap) * thresholds.dataSizeHeapFraction {
            over = true
            reasons.insert("above \(format(thresholds.dataSizeHeapFraction * 100)) % of the heap")
        }
        guard over else { continue }
        members.append(member.address)
        evidence[member.address] =
            bytes(size) + (member.heapMaxBytes.map { " of a \(bytes($0)) heap" } ?? "")
    }
    guard !members.isEmpty else { return [] }
    let largest = latest.members.compactMap(\.dataSize).max() ?? 0
    return [
        Finding(
            code: .dataSizeHigh, severity: .warning, members: members,
            message: "The data tree holds \(bytes(largest)) (\(reasons.sorted().joined(separator: ", ")))",
            evidence: evidence,
            remedy: "Find the largest subtrees (zkscope tree --json --data) and move bulk data out of ZooKeeper; "
                + "raise -Xmx (and jute.maxbuffer only if single nodes need it) before the JVM runs out of heap")
    ]
}

/// `1.5 GiB`, `300 MiB`, `12 KiB`, `100 B`: sizes in messages.
func bytes(_ value: Int64) -> String {
    let units: [(String, Double)] = [("GiB", 1_073_741_824), ("MiB", 1_048_576), ("KiB", 1024)]
    for (unit, scale) in units where Double(value) >= scale {
        return format(Double(value) / scale) + " " + unit
    }
    return "\(value) B"
}
