import ZooKeeperAdmin

/// `digest-mismatch`: `hash` digests differ between members at a zxid both list (the server's own count,
/// `zk_digest_mismatches_count`, is `digest-mismatch-reported`).
///
/// Digests are process-local (empty after a SNAP sync or restart), so only common zxids are compared.
public let detectDigestMismatch: Detector = { history, _, _ in
    guard let latest = history.latest else { return [] }
    var findings: [Finding] = []
    let withDigests = latest.members.filter { !($0.digests ?? [:]).isEmpty }
    var mismatched: Set<String> = []
    var evidence: [String: String] = [:]
    for (index, lhs) in withDigests.enumerated() {
        for rhs in withDigests.dropFirst(index + 1) {
            let left = lhs.digests ?? [:]
            let right = rhs.digests ?? [:]
            let common = Set(left.keys).intersection(right.keys)
            if let zxid = common.filter({ left[$0] != right[$0] }).min() {
                mismatched.formUnion([lhs.address, rhs.address])
                evidence["\(lhs.address) vs \(rhs.address)"] =
                    "at \(zxid): \(left[zxid].map(String.init) ?? "?") != \(right[zxid].map(String.init) ?? "?")"
            }
        }
    }
    if !mismatched.isEmpty {
        findings.append(
            Finding(
                code: .digestMismatch, severity: .critical, members: Array(mismatched),
                message: "Tree digests differ at the same zxid: the members' data has diverged",
                evidence: evidence,
                remedy: "Compare each member with the leader; resync the odd one out (stop it, wipe its data dir "
                    + "but keep myid, start it)"))
    }
    return findings
}
