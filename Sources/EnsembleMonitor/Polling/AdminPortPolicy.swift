import EnsembleCore

/// Decides which AdminServer port, if any, to use for each member.
///
/// The port comes from the member's endpoint: `host:port@adminPort` in `--servers`, `--admin-port`,
/// or zoo.cfg's `admin.serverPort` (default 8080) — see `ConfigurationLoader`. One rule on top:
/// when several members would use the same `host:adminPort` (members sharing a host with the
/// default 8080), none of them uses it, because one AdminServer cannot speak for several members and
/// its numbers would be attributed to the wrong one. Those members fall back to four-letter words.
public enum AdminPortPolicy {
    /// For each member (same order): the port to use, or nil with the reason.
    public static func resolve(_ members: [MemberEndpoint], enabled: Bool) -> [(port: Int?, reason: String?)] {
        guard enabled else { return members.map { _ in (nil, "AdminServer disabled (--no-admin)") } }
        var counts: [String: Int] = [:]
        for member in members {
            if let port = member.adminPort { counts["\(member.host):\(port)", default: 0] += 1 }
        }
        return members.map { member in
            guard let port = member.adminPort else { return (nil, nil) }
            if counts["\(member.host):\(port)", default: 0] > 1 {
                return (
                    nil,
                    "\(member.host):\(port) would be shared by several members; give each its own with host:port@adminPort"
                )
            }
            return (port, nil)
        }
    }
}
