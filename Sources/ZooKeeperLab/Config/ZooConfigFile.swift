import Foundation

/// Renders one member's zoo.cfg. Pure (no I/O), so the fault configurations are unit-testable.
public enum ZooConfigFile {
    /// The healthy server list of a lab: one line per member, in myid order; `observers` are marked as such.
    public static func serverLines(host: String, ports: [Int: LabPorts], observers: Set<Int> = []) -> [ServerLine] {
        ports.keys.sorted().compactMap { id in
            guard let p = ports[id] else { return nil }
            return ServerLine(
                id: id, host: host, quorumPort: p.quorum, electionPort: p.election, clientPort: p.client,
                observer: observers.contains(id))
        }
    }

    /// Applies a member's list edits. `phantomPorts` supplies ports for servers that `addServer` invents
    /// (reserved so nothing else listens there). Lines stay sorted by myid.
    public static func apply(
        _ changes: [ServerListChange], to lines: [ServerLine], host: String, phantomPorts: (Int) -> LabPorts
    ) -> [ServerLine] {
        var result = lines
        for change in changes {
            switch change {
            case .addServer(let id):
                result.removeAll { $0.id == id }
                let p = phantomPorts(id)
                result.append(
                    ServerLine(id: id, host: host, quorumPort: p.quorum, electionPort: p.election, clientPort: p.client)
                )
            case .removeServer(let id):
                result.removeAll { $0.id == id }
            case .clientPort(let id, let port):
                for index in result.indices where result[index].id == id { result[index].clientPort = port }
            case .quorumPort(let id, let port):
                for index in result.indices where result[index].id == id { result[index].quorumPort = port }
            }
        }
        return result.sorted { $0.id < $1.id }
    }

    /// The text of zoo.cfg for one member.
    ///
    /// - Parameters:
    ///   - serverLines: empty for a standalone member.
    ///   - standaloneEnabled: written as `standaloneEnabled=false` only when false (a one-node quorum).
    ///   - observer: this member is a non-voting observer (`peerType=observer`).
    ///   - secureClientPort: the member's client port speaks TLS (`secureClientPort`); its security lines come in
    ///     `extraLines`.
    public static func render(
        host: String,
        ports: LabPorts,
        dataDir: String,
        tickTimeMilliseconds: Int,
        initLimit: Int,
        syncLimit: Int,
        whitelist: LabWhitelist,
        adminServer: Bool,
        serverLines: [ServerLine],
        standaloneEnabled: Bool,
        extraLines: [String],
        observer: Bool = false,
        secureClientPort: Bool = false
    ) -> String {
        var lines = [
            "# Written by zkscope's lab; regenerated on every start of this member.",
            "tickTime=\(tickTimeMilliseconds)",
            "initLimit=\(initLimit)",
            "syncLimit=\(syncLimit)",
            "dataDir=\(dataDir)",
        ]
        // A TLS member listens only on its secure port (SECURITY.md): no clientPort line at all.
        lines +=
            secureClientPort
            ? ["secureClientPort=\(ports.client)", "secureClientPortAddress=\(host)"]
            : ["clientPort=\(ports.client)", "clientPortAddress=\(host)"]
        switch whitelist {
        case .all: lines.append("4lw.commands.whitelist=*")
        case .serverDefault: break
        case .custom(let words): lines.append("4lw.commands.whitelist=\(words.joined(separator: ","))")
        }
        if adminServer {
            lines += ["admin.enableServer=true", "admin.serverAddress=\(host)", "admin.serverPort=\(ports.admin)"]
        } else {
            lines.append("admin.enableServer=false")
        }
        if !standaloneEnabled { lines.append("standaloneEnabled=false") }
        if observer { lines.append("peerType=observer") }
        lines += serverLines.map(\.rendered)
        lines += extraLines
        return lines.joined(separator: "\n") + "\n"
    }
}
