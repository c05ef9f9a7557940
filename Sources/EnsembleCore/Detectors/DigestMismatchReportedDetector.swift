/// `digest-mismatch-reported`: the server itself found its data tree's digest differing from the one the leader
/// sent with a transaction (`zk_digest_mismatches_count` > 0; `DataTree.compareDigest`). It never clears until
/// that process restarts: its copy of the data is suspect since.
public let detectDigestMismatchReported: Detector = { history, _, _ in
    guard let latest = history.latest else { return [] }
    let counting = latest.members.filter { ($0.counter("digest_mismatches_count") ?? $0.digestMismatches ?? 0) > 0 }
    guard !counting.isEmpty else { return [] }
    var evidence: [String: String] = [:]
    for member in counting {
        evidence[member.address] = String(member.counter("digest_mismatches_count") ?? member.digestMismatches ?? 0)
    }
    return [
        Finding(
            code: .digestMismatchReported, severity: .critical, members: counting.map(\.address),
            message: "ZooKeeper itself reported digest mismatches (zk_digest_mismatches_count > 0): "
                + "the member's data differs from the leader's",
            evidence: evidence,
            remedy:
                "Read the member's log for `Digest mismatch` lines; compare it with the leader (zkscope check --deep) "
                + "and resync it: stop it, wipe its data dir (version-2) but keep myid, start it")
    ]
}
