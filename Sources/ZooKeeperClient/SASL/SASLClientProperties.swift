/// The SASL settings of a ZooKeeper client properties file (zkCli's `-client-configuration`), as the Java client
/// reads them: `zookeeper.sasl.client` (default true) turns SASL off when false, and `zookeeper.sasl.clientconfig`
/// names the JAAS section (default `Client`). The JAAS file itself is not named there (Java takes it from
/// `-Djava.security.auth.login.config`), so zkscope still needs `--jaas FILE`.
public struct SASLClientProperties: Sendable, Equatable {
    /// Whether the properties leave SASL on.
    public var enabled: Bool
    /// The JAAS section to read, when the properties name one.
    public var section: String?

    /// The members' Kerberos service name (`zookeeper.sasl.client.username`, default `zookeeper`), when set.
    public var service: String?

    /// Makes settings directly.
    public init(enabled: Bool, section: String?, service: String? = nil) {
        self.enabled = enabled
        self.section = section
        self.service = service
    }

    /// Reads the two keys from parsed properties (keys exact, values trimmed; `false` in any case turns SASL off).
    public init(_ properties: [String: String]) {
        let flag = properties["zookeeper.sasl.client"]?.trimmingSpaces.lowercased()
        enabled = flag != "false"
        let section = properties["zookeeper.sasl.clientconfig"]?.trimmingSpaces
        self.section = section?.isEmpty == false ? section : nil
        let service = properties["zookeeper.sasl.client.username"]?.trimmingSpaces
        self.service = service?.isEmpty == false ? service : nil
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
