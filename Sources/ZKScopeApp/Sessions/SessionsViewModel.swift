import EnsembleCore
import TUIKit
import ZooKeeperAdmin

/// One session as the Sessions pane shows it: where it is connected and which ephemeral nodes it owns.
public struct SessionRow: Hashable, Sendable {
    /// The session id.
    public var sessionID: Int64
    /// The member serving its connection (`-` when only `dump` knows it).
    public var member: String
    /// The client's address as the server sees it.
    public var client: String
    /// Average / max latency of its requests in ms.
    public var latency: String
    /// Packets received / sent.
    public var packets: String
    /// The last operation.
    public var lastOperation: String
    /// Its ephemeral nodes (from `dump`).
    public var ephemerals: [String]

    /// Cells in ``SessionsViewModel/columns`` order.
    public var cells: [String] {
        [
            Format.session(sessionID), member, client, latency, packets, lastOperation, String(ephemerals.count),
            ephemerals.first.map { ephemerals.count > 1 ? "\($0) …" : $0 } ?? "",
        ]
    }
}

/// The Sessions pane: client connections per member (`cons`) joined with sessions and their ephemeral nodes
/// (`dump`), one row per session.
public struct SessionsViewModel: Sendable {
    /// Table columns.
    public static let columns: [TableColumn] = [
        TableColumn("Session", width: .fixed(18)),
        TableColumn("Member", width: .fixed(16)),
        TableColumn("Client", width: .fixed(22)),
        TableColumn("Lat ms", width: .fixed(9), alignment: .right),
        TableColumn("Recv/Sent", width: .fixed(13), alignment: .right),
        TableColumn("Last op", width: .fixed(8)),
        TableColumn("Eph", width: .fixed(4), alignment: .right),
        TableColumn("Ephemeral nodes", width: .flex(min: 16)),
    ]

    /// Rows sorted by member then session.
    public var rows: [SessionRow] = []
    /// Client connections per member (including ones without a session yet), for the header line.
    public var connectionsByMember: [(member: String, count: Int)] = []

    /// Builds the rows from the newest round; `filter` matches session id, member, client or a node path.
    public init(tracker: EnsembleTracker?, filter: String) {
        guard let latest = tracker?.history.latest else { return }
        var bySession: [Int64: SessionRow] = [:]
        var ephemerals: [Int64: Set<String>] = [:]
        for member in latest.members {
            for (session, paths) in member.ephemeralsBySession ?? [:] {
                ephemerals[session, default: []].formUnion(paths)
            }
        }
        for member in latest.members {
            let connections = member.clientConnections ?? []
            connectionsByMember.append((member.address, connections.count))
            for connection in connections {
                guard let session = connection.sessionID else { continue }
                let latency =
                    connection.averageLatency.map {
                        Format.milliseconds($0) + "/" + Format.count(connection.maxLatency)
                    }
                    ?? "-"
                bySession[session] = SessionRow(
                    sessionID: session, member: member.address, client: Self.trim(connection.remoteAddress),
                    latency: latency,
                    packets: "\(Format.count(connection.received))/\(Format.count(connection.sent))",
                    lastOperation: connection.lastOperation ?? "-", ephemerals: [])
            }
        }
        for session in ephemerals.keys where bySession[session] == nil {
            bySession[session] = SessionRow(
                sessionID: session, member: "-", client: "-", latency: "-", packets: "-", lastOperation: "-",
                ephemerals: [])
        }
        for (session, paths) in ephemerals { bySession[session]?.ephemerals = paths.sorted() }
        var all = bySession.values.sorted { ($0.member, $0.sessionID) < ($1.member, $1.sessionID) }
        let needle = filter.lowercased()
        if !needle.isEmpty {
            all = all.filter { row in
                Format.session(row.sessionID).contains(needle) || row.member.contains(needle)
                    || row.client.contains(needle) || row.ephemerals.contains { $0.lowercased().contains(needle) }
            }
        }
        rows = all
    }

    /// `/127.0.0.1:5000[1](queued=…)` → `127.0.0.1:5000`.
    static func trim(_ address: String) -> String {
        var text = Substring(address)
        if text.hasPrefix("/") { text = text.dropFirst() }
        if let bracket = text.firstIndex(of: "[") { text = text[..<bracket] }
        return String(text)
    }
}
