/// An alert on server counters that rose within `counterWindowSeconds`: one row per finding, the rise counted
/// only between readings of the same process (or instance, ``CounterLifetime``), so a restart or an election
/// never raises it.
///
/// The detectors that watch one kind of counter differ only in these fields; the counting, the members and the
/// evidence (`"127.0.0.1:2181 throttled_ops": "+3"`) are the same for all of them.
struct RisingCounterAlert: Sendable {
    /// The finding's code.
    var code: FindingCode
    /// The counters (without `zk_`), each group with how long its counters live.
    var counters: [(names: [String], lifetime: CounterLifetime)]
    /// The smallest total rise (over every member) that raises the finding.
    var minimumTotal: @Sendable (Thresholds) -> Int64 = { _ in 1 }
    /// The message, given the total rise and the limits.
    var message: @Sendable (_ total: Int64, _ thresholds: Thresholds) -> String
    /// What to do about it.
    var remedy: String

    /// The detector: a warning naming every member whose counters rose.
    var detector: Detector {
        { [self] history, _, thresholds in
            var byMember: [String: CounterRises] = [:]
            for group in counters {
                for rise in history.risingCounters(
                    group.names, seconds: thresholds.counterWindowSeconds, lifetime: group.lifetime)
                {
                    byMember[rise.address, default: CounterRises(address: rise.address, rises: [:])].rises.merge(
                        rise.rises
                    ) { $0 + $1 }
                }
            }
            let rises = byMember.values.sorted { $0.address < $1.address }
            let total = rises.map(\.total).reduce(0, saturatingAdd)
            guard !rises.isEmpty, total >= minimumTotal(thresholds) else { return [] }
            return [
                Finding(
                    code: code, severity: .warning, members: rises.map(\.address),
                    message: message(total, thresholds), evidence: evidence(rises), remedy: remedy)
            ]
        }
    }
}

/// A critical alert on a counter that is above zero in a member's newest reading: the server saw something
/// it never recovers from until the process restarts.
struct NonzeroCounterAlert: Sendable {
    /// The finding's code.
    var code: FindingCode
    /// The member's count.
    var count: @Sendable (MemberSnapshot) -> Int64?
    /// The message.
    var message: String
    /// What to do about it.
    var remedy: String

    /// The detector: one critical finding naming every member counting it, the count as evidence.
    var detector: Detector {
        { [self] history, _, _ in
            guard let latest = history.latest else { return [] }
            let counting = latest.members.filter { (count($0) ?? 0) > 0 }
            guard !counting.isEmpty else { return [] }
            var evidence: [String: String] = [:]
            for member in counting { evidence[member.address] = String(count(member) ?? 0) }
            return [
                Finding(
                    code: code, severity: .critical, members: counting.map(\.address), message: message,
                    evidence: evidence, remedy: remedy)
            ]
        }
    }
}

/// `auth-failures`: client authentications failed (`zk_auth_failed_count`, which 3.8 counts for TLS client
/// certificates, per server instance) or members failed to authenticate each other (`zk_ensemble_auth_fail`,
/// quorum SASL), within `counterWindowSeconds`.
public let detectAuthFailures: Detector = RisingCounterAlert(
    code: .authFailures, counters: [(["auth_failed_count"], .instance), (["ensemble_auth_fail"], .process)],
    message: { total, thresholds in
        "\(total) authentication failures in the last " + seconds(thresholds.counterWindowSeconds)
    },
    remedy: "Find the client in the member's log (`Authentication failed`, `Client certificate`): an expired or "
        + "untrusted certificate, a wrong keystore after a rotation, or someone probing the port"
).detector

/// `requests-throttled`: the request throttler stalled (`zk_request_throttle_wait_count`: more requests in
/// flight than `zookeeper.request_throttle_max_requests`) or marked requests as throttled
/// (`zk_throttled_ops`: queued longer than `zookeeper.throttled_op_wait_time`), within `counterWindowSeconds`.
/// Both are off unless configured; when they move, the member is at the capacity it was given.
public let detectRequestsThrottled: Detector = RisingCounterAlert(
    code: .requestsThrottled, counters: [(["throttled_ops", "request_throttle_wait_count"], .process)],
    message: { _, thresholds in
        "The request throttler held back requests in the last \(seconds(thresholds.counterWindowSeconds))"
    },
    remedy: "Clients send more than the member was set to take: spread them over more members (observers "
        + "for reads), find the client that floods it, or raise zookeeper.request_throttle_max_requests"
).detector

/// `large-requests-rejected`: requests above `zookeeper.largeRequestThreshold` were refused because together
/// they passed `zookeeper.largeRequestMaxBytes` (`zk_large_requests_rejected`), within `counterWindowSeconds`.
/// The client's connection is closed.
public let detectLargeRequestsRejected: Detector = RisingCounterAlert(
    code: .largeRequestsRejected, counters: [(["large_requests_rejected"], .process)],
    message: { total, thresholds in
        "\(total) large requests were rejected in the last " + seconds(thresholds.counterWindowSeconds)
    },
    remedy: "A client writes (or multi-ops) big payloads: keep znode data small (well under 1 MB), "
        + "or raise zookeeper.largeRequestMaxBytes if the memory is there"
).detector

/// `sessions-expiring`: sessions expire (`zk_stale_sessions_expired`, counted by the leader's session tracker)
/// or connections that never opened a session are dropped (`zk_sessionless_connections_expired`), at least
/// `sessionExpiries` within `counterWindowSeconds`. A client that dies costs one; a steady stream means clients
/// stop talking for longer than their session timeout.
public let detectSessionsExpiring: Detector = RisingCounterAlert(
    code: .sessionsExpiring, counters: [(["stale_sessions_expired", "sessionless_connections_expired"], .process)],
    minimumTotal: { $0.sessionExpiries },
    message: { total, thresholds in
        "\(total) sessions or sessionless connections expired in the last "
            + "\(seconds(thresholds.counterWindowSeconds)) (limit \(thresholds.sessionExpiries))"
    },
    remedy: "Their ephemeral nodes and locks went with them: look for clients pausing (GC) or losing the "
        + "network longer than their session timeout, clients killed without closing, or connections that "
        + "never send a ConnectRequest (a TCP health check that holds the port open)"
).detector

/// `unrecoverable-errors`: a critical server thread died (`zk_unrecoverable_error_count` > 0;
/// `ZooKeeperCriticalThread.handleException`). The server shuts down or keeps running without it; either way
/// that process cannot be trusted until it restarts.
public let detectUnrecoverableErrors: Detector = NonzeroCounterAlert(
    code: .unrecoverableErrors, count: { $0.counter("unrecoverable_error_count") },
    message: "A critical ZooKeeper thread died (zk_unrecoverable_error_count > 0)",
    remedy: "Read the log for `Severe unrecoverable error, from thread` and the stack trace after it "
        + "(often a full disk or out of memory); fix the cause and restart the member"
).detector

/// `digest-mismatch-reported`: the server itself found its data tree's digest differing from the one the leader
/// sent with a transaction (`zk_digest_mismatches_count` > 0; `DataTree.compareDigest`). It never clears until
/// that process restarts: its copy of the data is suspect since.
public let detectDigestMismatchReported: Detector = NonzeroCounterAlert(
    code: .digestMismatchReported, count: { $0.counter("digest_mismatches_count") ?? $0.digestMismatches },
    message: "ZooKeeper itself reported digest mismatches (zk_digest_mismatches_count > 0): "
        + "the member's data differs from the leader's",
    remedy: "Read the member's log for `Digest mismatch` lines; compare it with the leader (zkscope check --deep) "
        + "and resync it: stop it, wipe its data dir (version-2) but keep myid, start it"
).detector
