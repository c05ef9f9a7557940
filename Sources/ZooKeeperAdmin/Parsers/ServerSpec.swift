/// Whether a configured server votes.
public enum LearnerType: String, Hashable, Sendable, Codable {
    case participant
    case observer
}

/// One `server.N=host:quorumPort:electionPort[:participant|:observer][;[clientHost:]clientPort]` line.
///
/// Shared by zoo.cfg parsing, the `conf` membership block and the AdminServer `voting_view`, so
/// the lists from all three compare as values.
public struct ServerSpec: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The `N` of `server.N` (the member's myid).
    public var id: Int
    /// Host name or address.
    public var host: String
    /// Port followers use to reach the leader.
    public var quorumPort: Int
    /// Port for leader election.
    public var electionPort: Int
    /// Participant (votes) or observer.
    public var type: LearnerType
    /// The client host, when the line has a `;host:port` part (`0.0.0.0` when only the port is given).
    public var clientHost: String?
    /// The client port, when the line has a `;` part.
    public var clientPort: Int?

    /// Builds a server line.
    public init(
        id: Int, host: String, quorumPort: Int, electionPort: Int, type: LearnerType = .participant,
        clientHost: String? = nil, clientPort: Int? = nil
    ) {
        self.id = id
        self.host = host
        self.quorumPort = quorumPort
        self.electionPort = electionPort
        self.type = type
        self.clientHost = clientHost
        self.clientPort = clientPort
    }

    /// Why a server line does not parse.
    public enum ParseError: Error, Hashable, Sendable {
        case badKey(String)
        case badValue(String)
    }

    /// Parses `server.N` (key) and its value; IPv6 hosts in brackets (`[::1]:2888:3888`) are accepted.
    public static func parse(key: some StringProtocol, value: some StringProtocol) throws(ParseError) -> ServerSpec {
        let key = Substring(key).trimmingWhitespace()
        guard key.hasPrefix("server."), let id = Int(key.dropFirst(7)), id >= 0 else {
            throw .badKey(String(key))
        }
        let value = Substring(value).trimmingWhitespace()
        let halves = value.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)
        let serverPart = halves[0].trimmingWhitespace()
        var host: Substring
        var rest: Substring
        if serverPart.hasPrefix("["), let close = serverPart.firstIndex(of: "]") {
            host = serverPart[serverPart.index(after: serverPart.startIndex)..<close]
            rest = serverPart[serverPart.index(after: close)...]
            guard rest.hasPrefix(":") else { throw .badValue(String(value)) }
            rest = rest.dropFirst()
        } else {
            guard let colon = serverPart.firstIndex(of: ":") else { throw .badValue(String(value)) }
            host = serverPart[..<colon]
            rest = serverPart[serverPart.index(after: colon)...]
        }
        let fields = rest.split(separator: ":", omittingEmptySubsequences: false)
        guard !host.isEmpty, fields.count >= 2, fields.count <= 3,
            let quorum = Int(fields[0]), let election = Int(fields[1]),
            (1...65535).contains(quorum), (1...65535).contains(election)
        else { throw .badValue(String(value)) }
        var type = LearnerType.participant
        if fields.count == 3 {
            guard let parsed = LearnerType(rawValue: fields[2].lowercased()) else { throw .badValue(String(value)) }
            type = parsed
        }
        var spec = ServerSpec(id: id, host: String(host), quorumPort: quorum, electionPort: election, type: type)
        if halves.count == 2 {
            let client = halves[1].trimmingWhitespace()
            if let colon = client.lastIndex(of: ":") {
                var clientHost = client[..<colon]
                if clientHost.hasPrefix("["), clientHost.hasSuffix("]") {
                    clientHost = clientHost.dropFirst().dropLast()
                }
                guard let port = Int(client[client.index(after: colon)...]), (1...65535).contains(port) else {
                    throw .badValue(String(value))
                }
                spec.clientHost = String(clientHost)
                spec.clientPort = port
            } else {
                guard let port = Int(client), (1...65535).contains(port) else { throw .badValue(String(value)) }
                spec.clientHost = "0.0.0.0"
                spec.clientPort = port
            }
        }
        return spec
    }

    /// The line the way `conf` prints it: `server.1=127.0.0.1:2888:3888:participant;127.0.0.1:2181`; control
    /// characters in a host name appear as `\xNN` (see ``DisplayText``), so a finding can quote the line safely.
    public var description: String {
        let safeHost = DisplayText.escaped(host)
        let hostText = host.contains(":") ? "[\(safeHost)]" : safeHost
        var text = "server.\(id)=\(hostText):\(quorumPort):\(electionPort):\(type.rawValue)"
        if let clientPort {
            text += ";\(DisplayText.escaped(clientHost ?? "0.0.0.0")):\(clientPort)"
        }
        return text
    }

    /// Compares the parts both lines state: a client address missing on one side is not a difference.
    public func agrees(with other: ServerSpec) -> Bool {
        guard id == other.id, host == other.host, quorumPort == other.quorumPort,
            electionPort == other.electionPort, type == other.type
        else { return false }
        if let clientPort, let otherPort = other.clientPort {
            guard clientPort == otherPort else { return false }
            if let clientHost, let otherHost = other.clientHost, clientHost != otherHost,
                clientHost != "0.0.0.0", otherHost != "0.0.0.0"
            {
                return false
            }
        }
        return true
    }
}
