import ZooKeeperAdmin

/// Where zkscope reaches one member: its client port (four-letter words) and, if known, its AdminServer.
///
/// `address` (`host:clientPort`) is the member's identity everywhere in EnsembleCore: history,
/// findings and JSON output all key on it.
public struct MemberEndpoint: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// Host name or address.
    public var host: String
    /// The client port (four-letter words go here).
    public var clientPort: Int
    /// The AdminServer port, when the configuration names one (`admin.serverPort`, default 8080).
    public var adminPort: Int?
    /// The myid the configuration gives this address (`server.N`), for `server-id-mismatch`.
    public var expectedID: Int?

    /// An endpoint; admin port and expected id are optional.
    public init(host: String, clientPort: Int, adminPort: Int? = nil, expectedID: Int? = nil) {
        self.host = host
        self.clientPort = clientPort
        self.adminPort = adminPort
        self.expectedID = expectedID
    }

    /// `host:port` (`[v6]:port` for IPv6).
    public var address: String {
        // Bytes, not `contains(":")`: Foundation's substring search made this a hot spot with many members.
        host.utf8.contains(UInt8(ascii: ":")) ? "[\(host)]:\(clientPort)" : "\(host):\(clientPort)"
    }

    /// The text shown to operators.
    public var description: String { address }

    /// Orders values so lists sort stably.
    public static func < (lhs: MemberEndpoint, rhs: MemberEndpoint) -> Bool {
        (lhs.host, lhs.clientPort) < (rhs.host, rhs.clientPort)
    }
}
