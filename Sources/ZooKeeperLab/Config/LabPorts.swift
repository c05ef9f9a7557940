/// The four loopback ports one member listens on.
public struct LabPorts: Sendable, Equatable, Codable {
    /// Clients and four-letter words.
    public var client: Int
    /// Followers connect to the leader here (the first port of a `server.N` line).
    public var quorum: Int
    /// Leader election (the second port of a `server.N` line).
    public var election: Int
    /// The Jetty AdminServer (`/commands/...`), when enabled.
    public var admin: Int

    /// Plain memberwise init.
    public init(client: Int, quorum: Int, election: Int, admin: Int) {
        self.client = client
        self.quorum = quorum
        self.election = election
        self.admin = admin
    }
}

/// One `server.N=host:quorum:election;host:client` line, as a value so overrides can edit it.
public struct ServerLine: Sendable, Equatable {
    /// The myid.
    public var id: Int
    /// Loopback in the lab.
    public var host: String
    /// Quorum (follower-to-leader) port.
    public var quorumPort: Int
    /// Election port.
    public var electionPort: Int
    /// Client port announced for that server.
    public var clientPort: Int
    /// A non-voting observer (`:observer` after the election port).
    public var observer: Bool

    /// Plain memberwise init.
    public init(id: Int, host: String, quorumPort: Int, electionPort: Int, clientPort: Int, observer: Bool = false) {
        self.id = id
        self.host = host
        self.quorumPort = quorumPort
        self.electionPort = electionPort
        self.clientPort = clientPort
        self.observer = observer
    }

    /// The zoo.cfg form.
    /// Whether the line names the server's client address (`;host:port`). A TLS member's line must not: ZooKeeper
    /// would open a plaintext client port there.
    public var announcesClientPort = true

    /// The `server.N=...` line.
    public var rendered: String {
        let client = announcesClientPort ? ";\(host):\(clientPort)" : ""
        return "server.\(id)=\(host):\(quorumPort):\(electionPort)\(observer ? ":observer" : "")\(client)"
    }
}
