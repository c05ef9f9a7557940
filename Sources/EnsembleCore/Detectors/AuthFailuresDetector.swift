/// `auth-failures`: client authentications failed (`zk_auth_failed_count`, which 3.8 counts for TLS client
/// certificates, per server instance) or members failed to authenticate each other (`zk_ensemble_auth_fail`,
/// quorum SASL), within `counterWindowSeconds`.
public let detectAuthFailures: Detector = { history, _, thresholds in
    let window = thresholds.counterWindowSeconds
    var byMember: [String: CounterRises] = [:]
    for rise in history.risingCounters(["auth_failed_count"], seconds: window, lifetime: .instance)
        + history.risingCounters(["ensemble_auth_fail"], seconds: window)
    {
        byMember[rise.address, default: CounterRises(address: rise.address, rises: [:])].rises.merge(rise.rises) {
            $0 + $1
        }
    }
    guard !byMember.isEmpty else { return [] }
    let rises = byMember.values.sorted { $0.address < $1.address }
    return [
        Finding(
            code: .authFailures, severity: .warning, members: rises.map(\.address),
            message: "\(rises.map(\.total).reduce(0, saturatingAdd)) authentication failures in the last "
                + seconds(window),
            evidence: evidence(rises),
            remedy:
                "Find the client in the member's log (`Authentication failed`, `Client certificate`): an expired or "
                + "untrusted certificate, a wrong keystore after a rotation, or someone probing the port")
    ]
}
