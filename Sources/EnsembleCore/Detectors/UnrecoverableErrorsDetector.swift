/// `unrecoverable-errors`: a critical server thread died (`zk_unrecoverable_error_count` > 0;
/// `ZooKeeperCriticalThread.handleException`). The server shuts down or keeps running without it; either way
/// that process cannot be trusted until it restarts.
public let detectUnrecoverableErrors: Detector = { history, _, _ in
    guard let latest = history.latest else { return [] }
    let failing = latest.members.filter { ($0.counter("unrecoverable_error_count") ?? 0) > 0 }
    guard !failing.isEmpty else { return [] }
    var evidence: [String: String] = [:]
    for member in failing { evidence[member.address] = String(member.counter("unrecoverable_error_count") ?? 0) }
    return [
        Finding(
            code: .unrecoverableErrors, severity: .critical, members: failing.map(\.address),
            message: "A critical ZooKeeper thread died (zk_unrecoverable_error_count > 0)",
            evidence: evidence,
            remedy: "Read the log for `Severe unrecoverable error, from thread` and the stack trace after it "
                + "(often a full disk or out of memory); fix the cause and restart the member")
    ]
}
