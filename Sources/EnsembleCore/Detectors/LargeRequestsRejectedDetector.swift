/// `large-requests-rejected`: requests above `zookeeper.largeRequestThreshold` were refused because together
/// they passed `zookeeper.largeRequestMaxBytes` (`zk_large_requests_rejected`), within `counterWindowSeconds`.
/// The client's connection is closed.
public let detectLargeRequestsRejected: Detector = { history, _, thresholds in
    let rises = history.risingCounters(["large_requests_rejected"], seconds: thresholds.counterWindowSeconds)
    guard !rises.isEmpty else { return [] }
    return [
        Finding(
            code: .largeRequestsRejected, severity: .warning, members: rises.map(\.address),
            message: "\(rises.map(\.total).reduce(0, saturatingAdd)) large requests were rejected in the last "
                + seconds(thresholds.counterWindowSeconds),
            evidence: evidence(rises),
            remedy: "A client writes (or multi-ops) big payloads: keep znode data small (well under 1 MB), "
                + "or raise zookeeper.largeRequestMaxBytes if the memory is there")
    ]
}
