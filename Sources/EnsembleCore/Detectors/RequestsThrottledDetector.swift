/// `requests-throttled`: the request throttler stalled (`zk_request_throttle_wait_count`: more requests in
/// flight than `zookeeper.request_throttle_max_requests`) or marked requests as throttled
/// (`zk_throttled_ops`: queued longer than `zookeeper.throttled_op_wait_time`), within `counterWindowSeconds`.
/// Both are off unless configured; when they move, the member is at the capacity it was given.
public let detectRequestsThrottled: Detector = { history, _, thresholds in
    let rises = history.risingCounters(
        ["throttled_ops", "request_throttle_wait_count"], seconds: thresholds.counterWindowSeconds)
    guard !rises.isEmpty else { return [] }
    return [
        Finding(
            code: .requestsThrottled, severity: .warning, members: rises.map(\.address),
            message: "The request throttler held back requests in the last \(seconds(thresholds.counterWindowSeconds))",
            evidence: evidence(rises),
            remedy: "Clients send more than the member was set to take: spread them over more members (observers "
                + "for reads), find the client that floods it, or raise zookeeper.request_throttle_max_requests")
    ]
}
