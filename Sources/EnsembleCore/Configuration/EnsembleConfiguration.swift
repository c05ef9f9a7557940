import ZooKeeperAdmin

/// What zkscope believes the ensemble should look like: the members to poll and, when it came
/// from a zoo.cfg, the server list every member is expected to share.
///
/// Built from a zoo.cfg text (plus its `dynamicConfigFile` text), from `--servers`, or from the
/// `localhost:2181` fallback. Parsing is pure: the caller reads the files.
public struct EnsembleConfiguration: Hashable, Sendable {
    /// Where the configuration came from (a path, `--servers`, or `default`).
    public var source: String
    /// The `server.N` lines (zoo.cfg and dynamic file), in file order; empty for `--servers`/standalone.
    public var servers: [ServerSpec]
    /// `server.N` ids that appear on more than one line, with those line numbers (ZooKeeper keeps the last).
    public var duplicateServerIDs: [Int: [Int]]
    /// `clientPort` (used for server lines without `;clientPort`).
    public var clientPort: Int?
    /// `clientPortAddress`.
    public var clientPortAddress: String?
    /// `secureClientPort`.
    public var secureClientPort: Int?
    /// Whether clients must use TLS: the file has a `secureClientPort` and no `clientPort`, so the members are
    /// reached at the secure port (zkscope then connects with TLS, as if `--tls` were given).
    public var requiresTLS: Bool { clientPort == nil && secureClientPort != nil }
    /// `dynamicConfigFile` path; the caller reads it and passes its text to `parse`.
    public var dynamicConfigFile: String?
    /// The dynamic configuration's version: the hex suffix of `zoo.cfg.dynamic.<version>`, the number members
    /// report as `version=` in `conf`; nil without a dynamic file (or one named otherwise).
    public var dynamicConfigVersion: Int64?
    /// The myid of the member this file belongs to (its `dataDir/myid`, when the caller could read it).
    public var myid: Int?
    /// Servers whose client address the file does not say: legacy `server.N` lines without `;clientPort` on one
    /// host would all get this file's `clientPort`, which only one of them listens on. Not polled; sorted.
    public var unlocatedServers: [Int] = []
    /// `admin.serverPort` (8080 when unset and the AdminServer is enabled).
    public var adminServerPort: Int?
    /// `admin.enableServer` (true unless set to false).
    public var adminServerEnabled: Bool
    /// `4lw.commands.whitelist` as written, nil when absent (then only `srvr` is enabled).
    public var fourLetterWordWhitelist: String?
    /// `maxClientCnxns` (per client IP; 0 = unlimited; 60 when unset).
    public var maxClientConnections: Int?
    /// Every `key=value` of the file, last value wins (as in Java properties).
    public var settings: [String: String]
    /// The members to poll, in configuration order.
    public var members: [MemberEndpoint]

    /// A configuration built by hand (tests, `--servers`).
    public init(
        source: String, servers: [ServerSpec] = [], members: [MemberEndpoint], settings: [String: String] = [:]
    ) {
        self.source = source
        self.servers = servers
        self.duplicateServerIDs = [:]
        self.members = members
        self.settings = settings
        self.adminServerEnabled = true
    }

    /// True when the server list came from a file, so `config-differs-from-file` can compare against it.
    public var hasServerList: Bool { !servers.isEmpty }

    /// What to tell the operator when ``unlocatedServers`` are not polled: which, why, and how to name them.
    public var unlocatedNotice: String? {
        guard !unlocatedServers.isEmpty else { return nil }
        let ids = unlocatedServers.map { "server.\($0)" }.joined(separator: ", ")
        return "\(source): \(ids) not polled: their lines have no ;clientPort and share a host with another member, "
            + "so their client ports are unknown; give each member's zoo.cfg (--config repeated), or --servers"
    }

    /// The voting members of the file's list (observers excluded).
    public var voters: [ServerSpec] { servers.filter { $0.type == .participant } }

    /// The order zkscope looks for a configuration when neither `--config` nor `--servers` is given.
    public static func defaultCandidatePaths(environment: [String: String]) -> [String] {
        var paths: [String] = []
        if let directory = environment["ZOOCFGDIR"], !directory.isEmpty {
            paths.append(directory.hasSuffix("/") ? directory + "zoo.cfg" : directory + "/zoo.cfg")
        }
        paths.append("/etc/zookeeper/conf/zoo.cfg")
        return paths
    }

    /// The last resort: one member on `localhost:2181`.
    public static let localhostDefault = EnsembleConfiguration(
        source: "default", members: [MemberEndpoint(host: "localhost", clientPort: 2181)])

    /// Parses `--servers h1:p1,h2:p2` (port defaults to 2181; IPv6 as `[::1]:2181`).
    ///
    /// An entry may end in `@adminPort` (`h1:2181@8081`) to name that member's AdminServer port:
    /// members sharing one host cannot share the default 8080, so each needs its own.
    public static func parseServerList(_ list: String, source: String = "--servers") throws(ConfigError)
        -> EnsembleConfiguration
    {
        var members: [MemberEndpoint] = []
        var seen: Set<String> = []
        for raw in list.split(separator: ",", omittingEmptySubsequences: false) {
            var item = raw.trimmingCharacters()
            guard !item.isEmpty else { throw ConfigError(file: source, line: 0, message: "empty entry in server list") }
            var adminPort: Int?
            if let at = item.lastIndex(of: "@") {
                guard let port = Int(item[item.index(after: at)...]), (1...65535).contains(port) else {
                    throw ConfigError(file: source, line: 0, message: "not host[:port][@adminPort]: \(item)")
                }
                adminPort = port
                item = String(item[..<at])
            }
            guard var endpoint = parseHostPort(item, defaultPort: 2181) else {
                throw ConfigError(file: source, line: 0, message: "not host[:port][@adminPort]: \(item)")
            }
            endpoint.adminPort = adminPort
            // A set, not a search of `members`: a list of thousands of members stays linear.
            guard seen.insert(endpoint.address).inserted else {
                throw ConfigError(file: source, line: 0, message: "listed twice: \(endpoint.address)")
            }
            members.append(endpoint)
        }
        guard !members.isEmpty else { throw ConfigError(file: source, line: 0, message: "no servers given") }
        return EnsembleConfiguration(source: source, members: members)
    }

    /// Parses a zoo.cfg text; `dynamic` is the content of its `dynamicConfigFile`, when the caller read it.
    ///
    /// Every line is `key=value`, a comment (`#`, `!`) or blank; anything else, a bad number or a bad
    /// `server.N` line is a `ConfigError` naming the line. `myid` (the file's member, from `dataDir/myid`) says
    /// which of several legacy server lines on one host this file's `clientPort` belongs to.
    public static func parse(
        zooCfg text: String, file: String, dynamic: (text: String, file: String)? = nil, myid: Int? = nil
    ) throws(ConfigError) -> EnsembleConfiguration {
        var settings: [String: String] = [:]
        var servers: [(spec: ServerSpec, line: Int)] = []
        var duplicates: [Int: [Int]] = [:]
        try parseLines(text, file: file, settings: &settings, servers: &servers, duplicates: &duplicates)
        if let dynamic {
            var dynamicSettings: [String: String] = [:]
            var dynamicServers: [(spec: ServerSpec, line: Int)] = []
            try parseLines(
                dynamic.text, file: dynamic.file, settings: &dynamicSettings, servers: &dynamicServers,
                duplicates: &duplicates)
            // A dynamic file replaces the static server list (ZooKeeper ignores static server lines then).
            if !dynamicServers.isEmpty { servers = dynamicServers }
        }

        var config = EnsembleConfiguration(source: file, members: [], settings: settings)
        config.servers = servers.map(\.spec)
        config.duplicateServerIDs = duplicates
        config.clientPort = try intSetting("clientPort", settings, text: text, file: file)
        config.secureClientPort = try intSetting("secureClientPort", settings, text: text, file: file)
        config.clientPortAddress = settings["clientPortAddress"]
        config.dynamicConfigFile = settings["dynamicConfigFile"]
        config.dynamicConfigVersion = dynamic.flatMap { dynamicVersion(fileName: $0.file) }
        config.myid = myid
        config.fourLetterWordWhitelist = settings["4lw.commands.whitelist"]
        config.maxClientConnections = try intSetting("maxClientCnxns", settings, text: text, file: file) ?? 60
        config.adminServerEnabled = settings["admin.enableServer"].map { $0.lowercased() != "false" } ?? true
        if config.adminServerEnabled {
            config.adminServerPort = try intSetting("admin.serverPort", settings, text: text, file: file) ?? 8080
        }

        if config.servers.isEmpty {
            guard let port = config.clientPort ?? config.secureClientPort else {
                throw ConfigError(
                    file: file, line: 0, message: "no server.N lines and no clientPort: nothing to monitor")
            }
            let host = config.clientPortAddress.flatMap { $0 == "0.0.0.0" ? nil : $0 } ?? "localhost"
            config.members = [MemberEndpoint(host: host, clientPort: port, adminPort: config.adminServerPort)]
        } else {
            try placeMembers(servers, in: &config, file: dynamic?.file ?? file)
        }
        return config
    }

    /// The `key=value` settings of a zoo.cfg (server lines checked, not kept): what a caller needs to find the
    /// files that complete it (`dynamicConfigFile`, `dataDir/myid`) before `parse`.
    static func settings(zooCfg text: String, file: String) throws(ConfigError) -> [String: String] {
        var settings: [String: String] = [:]
        var servers: [(spec: ServerSpec, line: Int)] = []
        var duplicates: [Int: [Int]] = [:]
        try parseLines(text, file: file, settings: &settings, servers: &servers, duplicates: &duplicates)
        return settings
    }

    /// One member per server line, at its `;clientHost:clientPort` or, for a legacy line, at its host and the
    /// file's `clientPort`.
    ///
    /// Legacy lines that land on one address (a one-host ensemble: every line says 127.0.0.1, each member's
    /// file its own `clientPort`) are one member, the file's own: it is `myid`'s when known, else its id is left
    /// open, so no `server-id-mismatch` is guessed; the others are ``unlocatedServers``.
    private static func placeMembers(
        _ servers: [(spec: ServerSpec, line: Int)], in config: inout EnsembleConfiguration, file: String
    ) throws(ConfigError) {
        var placed: [(endpoint: MemberEndpoint, explicit: Bool, ids: [Int])] = []
        var unlocated: [Int] = []
        for (spec, line) in servers where spec.type == .participant || spec.type == .observer {
            var host = spec.host
            if let clientHost = spec.clientHost, clientHost != "0.0.0.0" { host = clientHost }
            guard let port = spec.clientPort ?? config.clientPort ?? config.secureClientPort else {
                throw ConfigError(
                    file: file, line: line,
                    message: "server.\(spec.id) has no ;clientPort and the file has no clientPort")
            }
            let endpoint = MemberEndpoint(
                host: host, clientPort: port, adminPort: config.adminServerPort, expectedID: spec.id)
            let explicit = spec.clientPort != nil
            guard let index = placed.firstIndex(where: { $0.endpoint.address == endpoint.address }) else {
                placed.append((endpoint, explicit, [spec.id]))
                continue
            }
            // An inferred address someone's `;clientPort` names is that one's; the inferred line stays unlocated.
            if explicit && !placed[index].explicit {
                unlocated += placed[index].ids
                placed[index] = (endpoint, true, [spec.id])
            } else if !explicit && !placed[index].explicit {
                placed[index].ids.append(spec.id)
            } else if !explicit {
                unlocated.append(spec.id)
            }
        }
        for index in placed.indices where placed[index].ids.count > 1 {
            let ids = placed[index].ids
            let own = config.myid.flatMap { ids.contains($0) ? $0 : nil }
            placed[index].endpoint.expectedID = own
            unlocated += ids.filter { $0 != own }
        }
        config.members = placed.map(\.endpoint)
        config.unlocatedServers = unlocated.sorted()
    }

    /// The version in a dynamic file's name: `zoo.cfg.dynamic.100000000` → 0x100000000.
    static func dynamicVersion(fileName: String) -> Int64? {
        guard let dot = fileName.lastIndex(of: "."), fileName[..<dot].hasSuffix(".dynamic") else { return nil }
        return Int64(fileName[fileName.index(after: dot)...], radix: 16)
    }

    private static func parseLines(
        _ text: String, file: String, settings: inout [String: String],
        servers: inout [(spec: ServerSpec, line: Int)], duplicates: inout [Int: [Int]]
    ) throws(ConfigError) {
        var lineNumber = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = raw.trimmingCharacters()
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("!") { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw ConfigError(
                    file: file, line: lineNumber, message: "expected key=value, found: \(line.prefix(80))")
            }
            let key = line[..<equals].trimmingCharacters()
            let value = line[line.index(after: equals)...].trimmingCharacters()
            guard !key.isEmpty else { throw ConfigError(file: file, line: lineNumber, message: "empty key") }
            if key.hasPrefix("server.") {
                let spec: ServerSpec
                do {
                    spec = try ServerSpec.parse(key: key, value: value)
                } catch {
                    throw ConfigError(
                        file: file, line: lineNumber,
                        message:
                            "bad server line (want server.N=host:quorumPort:electionPort[:participant|:observer][;[clientHost:]clientPort]): \(line.prefix(120))"
                    )
                }
                if let previous = servers.firstIndex(where: { $0.spec.id == spec.id }) {
                    duplicates[spec.id, default: [servers[previous].line]].append(lineNumber)
                    servers[previous] = (spec, lineNumber)
                } else {
                    servers.append((spec, lineNumber))
                }
            } else {
                settings[key] = value
            }
        }
    }

    private static func intSetting(_ key: String, _ settings: [String: String], text: String, file: String)
        throws(ConfigError) -> Int?
    {
        guard let value = settings[key] else { return nil }
        guard let number = Int(value) else {
            let line = lineNumber(of: key, in: text)
            throw ConfigError(file: file, line: line, message: "\(key) must be a number, found: \(value)")
        }
        return number
    }

    static func lineNumber(of key: String, in text: String) -> Int {
        var found = 0
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters()
            if line.hasPrefix(key + "=") || line.hasPrefix(key + " ") { found = index + 1 }
        }
        return found
    }

    /// Parses `host[:port]` or `[v6]:port`.
    static func parseHostPort(_ text: String, defaultPort: Int) -> MemberEndpoint? {
        var host = text
        var port = defaultPort
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":"), let parsed = Int(rest.dropFirst()) else { return nil }
                port = parsed
            }
        } else if let colon = text.lastIndex(of: ":") {
            guard text.firstIndex(of: ":") == colon, let parsed = Int(text[text.index(after: colon)...]) else {
                return nil
            }
            host = String(text[..<colon])
            port = parsed
        }
        guard !host.isEmpty, !host.contains(" "), (1...65535).contains(port) else { return nil }
        return MemberEndpoint(host: host, clientPort: port)
    }
}

extension StringProtocol {
    /// Trims spaces, tabs and line ends at both ends.
    func trimmingCharacters() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" || first == "\r" || first == "\n" {
            scalars = scalars.dropFirst()
        }
        while let last = scalars.last, last == " " || last == "\t" || last == "\r" || last == "\n" {
            scalars = scalars.dropLast()
        }
        return String(scalars)
    }
}
