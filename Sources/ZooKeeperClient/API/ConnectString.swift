/// One server address from a connect string.
public struct ServerAddress: Hashable, Sendable, CustomStringConvertible {
    /// Host name or IP literal (IPv6 without brackets).
    public var host: String
    /// TCP client port.
    public var port: Int

    /// Makes an address.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// `host:port` (`[v6]:port` for IPv6 literals).
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// A parsed ZooKeeper connect string: `h1:p1,h2:p2/chroot`.
///
/// The chroot makes the client see a subtree as its root: every path sent gets the prefix and every
/// path received loses it, so applications can share an ensemble without knowing it.
public struct ConnectString: Hashable, Sendable, CustomStringConvertible {
    /// The servers, in the order given.
    public var servers: [ServerAddress]
    /// The chroot without a trailing slash, or "" for none.
    public var chroot: String

    /// The port used when an entry has none.
    public static let defaultPort = 2181

    /// Makes a connect string from parts.
    public init(servers: [ServerAddress], chroot: String = "") {
        self.servers = servers
        self.chroot = chroot == "/" ? "" : chroot
    }

    /// Parses `h1:p1,h2:p2/chroot`. Throws `badArguments` for an empty list, a bad port or an
    /// invalid chroot.
    public init(parsing text: String) throws(ZooKeeperError) {
        var hostPart = Substring(text.trimmingCharactersInWhitespace())
        var chroot = ""
        if let slash = hostPart.firstIndex(of: "/") {
            chroot = String(hostPart[slash...])
            hostPart = hostPart[..<slash]
            if chroot == "/" { chroot = "" }
            if !chroot.isEmpty {
                guard ZNodePath.isValid(chroot, allowTrailingSlash: false) else {
                    throw ZooKeeperError(.badArguments, message: "invalid chroot \(chroot)")
                }
            }
        }
        var servers: [ServerAddress] = []
        for rawEntry in hostPart.split(separator: ",", omittingEmptySubsequences: true) {
            let entry = rawEntry.trimmingCharactersInWhitespace()
            guard !entry.isEmpty else { continue }
            servers.append(try ConnectString.parseServer(entry))
        }
        guard !servers.isEmpty else {
            throw ZooKeeperError(.badArguments, message: "connect string names no server: \(text)")
        }
        self.servers = servers
        self.chroot = chroot
    }

    private static func parseServer(_ entry: String) throws(ZooKeeperError) -> ServerAddress {
        var host = entry
        var portText: String?
        if entry.hasPrefix("[") {
            guard let close = entry.firstIndex(of: "]") else {
                throw ZooKeeperError(.badArguments, message: "unterminated IPv6 address: \(entry)")
            }
            host = String(entry[entry.index(after: entry.startIndex)..<close])
            let rest = entry[entry.index(after: close)...]
            if rest.hasPrefix(":") { portText = String(rest.dropFirst()) }
        } else if let colon = entry.lastIndex(of: ":"), entry.firstIndex(of: ":") == colon {
            host = String(entry[..<colon])
            portText = String(entry[entry.index(after: colon)...])
        }
        var port = defaultPort
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else {
                throw ZooKeeperError(.badArguments, message: "bad port in \(entry)")
            }
            port = value
        }
        guard !host.isEmpty else { throw ZooKeeperError(.badArguments, message: "empty host in \(entry)") }
        return ServerAddress(host: host, port: port)
    }

    /// The string form, `h1:p1,h2:p2/chroot`.
    public var description: String { servers.map(\.description).joined(separator: ",") + chroot }
}

extension StringProtocol {
    fileprivate func trimmingCharactersInWhitespace() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
        while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
        return String(slice)
    }
}
