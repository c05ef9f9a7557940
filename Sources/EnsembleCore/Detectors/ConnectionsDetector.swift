/// `connections-near-limit`: client connections above `connectionUsage` of `maxClientCnxns`.
///
/// `maxClientCnxns` limits connections per client IP, so a member past it refuses that IP's
/// next client; the total is an upper bound of any single IP's share.
public let detectConnections: Detector = { history, configuration, thresholds in
    guard let latest = history.latest else { return [] }
    return latest.members.compactMap { member in
        let limit = member.maxClientConnections ?? configuration?.maxClientConnections ?? 0
        guard limit > 0, let connections = member.connections,
            Double(connections) >= Double(limit) * thresholds.connectionUsage
        else { return nil }
        return Finding(
            code: .connectionsNearLimit, severity: .warning, members: [member.address],
            message:
                "\(member.address) has \(connections) client connections; maxClientCnxns is \(limit) per client IP",
            evidence: ["connections": String(connections), "maxClientCnxns": String(limit)],
            remedy: "Find the client opening many connections (`cons`), share one ZooKeeper session per process, "
                + "or raise maxClientCnxns")
    }
}
