/// `sasl-login-refused`: a member refuses the SASL login that other members of the same ensemble accept from the
/// same client with the same credentials. With Kerberos that is the member's own side: its JAAS `Server`
/// principal is not the `zookeeper/<host>` clients ask for, or its keytab holds a key the KDC has since replaced
/// (the member logged in before a key rotation and cannot read new tickets).
///
/// The evidence is zkscope's own sessions (`check --deep` opens one per member): the member answered the SASL
/// exchange with -124 (`SessionClosedRequireAuth`) or -115 (`AuthFailed`) and closed the connection. ZooKeeper
/// 3.8.0 does not count these in `zk_auth_failed_count` (measured: it stayed 0 while a member refused three GSSAPI
/// logins; only `zk_connection_drop_count` rose, by one per refusal), so no four-letter word shows it. Pure.
public enum SASLRefusalDetector {
    /// How one member's SASL session ended.
    public enum Outcome: Sendable, Equatable {
        /// The member accepted the login.
        case authenticated
        /// The member refused it: the server's error code and zkscope's line about it.
        case refused(code: Int32, detail: String)
        /// The session failed for another reason (unreachable, timed out): no evidence either way.
        case unknown
    }

    /// The finding, when some members refused what at least one other member accepted. When every member
    /// refuses, the credentials are the likelier cause and the command's own error says so: no finding here.
    /// `mechanism` (`GSSAPI`, `DIGEST-MD5`) picks the remedy; `dropCounts` (each member's
    /// `zk_connection_drop_count`, when polled) is added to the evidence.
    public static func findings(
        outcomes: [String: Outcome], mechanism: String, dropCounts: [String: Int] = [:]
    ) -> [Finding] {
        let accepted = outcomes.filter { $0.value == .authenticated }.keys.sorted()
        let refused = outcomes.compactMap { address, outcome -> (String, Int32, String)? in
            guard case .refused(let code, let detail) = outcome else { return nil }
            return (address, code, detail)
        }.sorted { $0.0 < $1.0 }
        guard !refused.isEmpty, !accepted.isEmpty else { return [] }
        var evidence: [String: String] = ["accepted_by": accepted.joined(separator: ", "), "mechanism": mechanism]
        for (address, code, detail) in refused {
            evidence["\(address) error"] = "\(code): \(detail)"
            if let drops = dropCounts[address] { evidence["\(address) zk_connection_drop_count"] = String(drops) }
        }
        let names = refused.map(\.0).joined(separator: ", ")
        let remedy =
            mechanism == "GSSAPI"
            ? "Check the member's JAAS Server section: its principal must be zookeeper/<the host clients connect "
                + "to>@REALM and its keyTab must hold that principal's current key (klist -k -t shows the kvno; "
                + "after a key rotation export the keytab again and restart the member). Its log names the cause "
                + "(`GSS initiate failed`, `Checksum failed`)"
            : "Check the member's JAAS Server section: it must list the same users and passwords as the other "
                + "members, then restart it"
        return [
            Finding(
                code: .saslLoginRefused, severity: .critical, members: refused.map(\.0),
                message: "\(names) refused the \(mechanism) login that \(accepted.joined(separator: ", ")) "
                    + "accepted: clients sent there cannot authenticate",
                evidence: evidence, remedy: remedy)
        ]
    }
}
