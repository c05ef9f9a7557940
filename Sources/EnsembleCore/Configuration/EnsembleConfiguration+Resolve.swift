extension EnsembleConfiguration {
    /// Picks the configuration the way `zkscope` documents it, with file reading injected.
    ///
    /// `--servers` wins when given alone; `--config PATH` is read (and its `dynamicConfigFile`,
    /// relative paths resolved against the config's directory); with neither, `$ZOOCFGDIR/zoo.cfg` when
    /// `ZOOCFGDIR` is set, else `/etc/zookeeper/conf/zoo.cfg` if readable, else `localhost:2181`.
    /// `readFile` returns nil for a missing or unreadable file; EnsembleCore itself does no I/O.
    ///
    /// A set `ZOOCFGDIR` is a choice like `--config`: when its `zoo.cfg` is missing, unreadable or
    /// malformed this throws, naming the variable, instead of quietly watching whatever
    /// `/etc/zookeeper/conf` or localhost holds (a check of the wrong ensemble that reports OK is the
    /// worst outcome for an operator).
    public static func resolve(
        configPath: String?, servers: String?, environment: [String: String],
        readFile: (String) -> String?
    ) throws(ConfigError) -> EnsembleConfiguration {
        if let servers {
            guard configPath == nil else {
                throw ConfigError(file: "--servers", line: 0, message: "give either --config or --servers, not both")
            }
            return try parseServerList(servers)
        }
        if let configPath {
            guard let text = readFile(configPath) else {
                throw ConfigError(file: configPath, line: 0, message: "cannot read the file")
            }
            return try load(text: text, path: configPath, readFile: readFile)
        }
        if let directory = environment["ZOOCFGDIR"], !directory.isEmpty,
            let path = defaultCandidatePaths(environment: environment).first
        {
            return try loadFromZooCfgDir(directory: directory, path: path, readFile: readFile)
        }
        for path in defaultCandidatePaths(environment: environment) {
            if let text = readFile(path) { return try load(text: text, path: path, readFile: readFile) }
        }
        return localhostDefault
    }

    /// Like `resolve(configPath:…)`, for `--config` given once per member: the per-member files of a one-host
    /// ensemble each say only their own member's `clientPort`, so together they name every member.
    ///
    /// The server list (for `config-differs-from-file`) is the first file's; members are the union in file
    /// order, an address named by several files keeping the first known myid. None or one path is `resolve`.
    public static func resolve(
        configPaths: [String], servers: String?, environment: [String: String],
        readFile: (String) -> String?
    ) throws(ConfigError) -> EnsembleConfiguration {
        guard configPaths.count > 1 else {
            return try resolve(
                configPath: configPaths.first, servers: servers, environment: environment, readFile: readFile)
        }
        if servers != nil {
            throw ConfigError(file: "--servers", line: 0, message: "give either --config or --servers, not both")
        }
        var merged: EnsembleConfiguration?
        for path in configPaths {
            guard let text = readFile(path) else {
                throw ConfigError(file: path, line: 0, message: "cannot read the file")
            }
            let next = try load(text: text, path: path, readFile: readFile)
            guard var config = merged else {
                merged = next
                continue
            }
            for member in next.members {
                if let index = config.members.firstIndex(where: { $0.address == member.address }) {
                    if config.members[index].expectedID == nil { config.members[index].expectedID = member.expectedID }
                    // A file's own member (at its clientPort) has that file's AdminServer port.
                    if next.isOwnMember(member) { config.members[index].adminPort = member.adminPort }
                } else {
                    config.members.append(member)
                }
            }
            config.unlocatedServers = Array(Set(config.unlocatedServers + next.unlocatedServers)).sorted()
            merged = config
        }
        guard var config = merged else { return localhostDefault }
        config.source = configPaths.joined(separator: ",")
        // A server another file placed is located; the rest stay unlocated only while members are missing.
        let located = Set(config.members.compactMap(\.expectedID))
        let listed = config.servers.filter { $0.type == .participant || $0.type == .observer }.count
        config.unlocatedServers =
            config.members.count >= listed ? [] : config.unlocatedServers.filter { !located.contains($0) }
        return config
    }

    /// Parses one zoo.cfg with the files that complete it: its `dynamicConfigFile` (the 3.5+ layout, where the
    /// static file may hold no server line and no `clientPort` at all) and its `dataDir/myid`.
    private static func load(text: String, path: String, readFile: (String) -> String?) throws(ConfigError)
        -> EnsembleConfiguration
    {
        let settings = try settings(zooCfg: text, file: path)
        let myid = settings["dataDir"].flatMap { dataDir in
            readFile(dataDir.hasSuffix("/") ? dataDir + "myid" : dataDir + "/myid")
        }.flatMap { Int($0.trimmingCharacters()) }
        guard let dynamicPath = settings["dynamicConfigFile"], !dynamicPath.isEmpty else {
            return try parse(zooCfg: text, file: path, myid: myid)
        }
        // ZooKeeper writes an absolute path; a relative one is tried next to the zoo.cfg, then as given.
        var candidates = [dynamicPath]
        if !dynamicPath.hasPrefix("/") { candidates.insert(directory(of: path) + dynamicPath, at: 0) }
        for candidate in candidates {
            if let dynamicText = readFile(candidate) {
                return try parse(zooCfg: text, file: path, dynamic: (dynamicText, candidate), myid: myid)
            }
        }
        throw ConfigError(
            file: path, line: lineNumber(of: "dynamicConfigFile", in: text),
            message: "cannot read dynamicConfigFile \(candidates[0]) (the servers live there): check the path and "
                + "that zkscope may read it")
    }

    /// Whether `member` is the one this file configures: it listens on the file's `clientPort` (and address).
    func isOwnMember(_ member: MemberEndpoint) -> Bool {
        guard let port = clientPort ?? secureClientPort, member.clientPort == port else { return false }
        guard let address = clientPortAddress, address != "0.0.0.0" else { return true }
        return member.host == address
    }

    private static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[...slash])
    }
}

extension EnsembleConfiguration {
    /// `$ZOOCFGDIR/zoo.cfg`, or an error that says the variable chose it and how to choose otherwise.
    private static func loadFromZooCfgDir(directory: String, path: String, readFile: (String) -> String?)
        throws(ConfigError) -> EnsembleConfiguration
    {
        let advice = "fix or unset ZOOCFGDIR, or name the members with --config or --servers"
        guard let text = readFile(path) else {
            throw ConfigError(
                file: path, line: 0,
                message: "cannot read the file (missing, unreadable or not UTF-8), and ZOOCFGDIR=\(directory) "
                    + "names it; \(advice)")
        }
        do {
            return try load(text: text, path: path, readFile: readFile)
        } catch {
            var located = error
            located.message += " (ZOOCFGDIR=\(directory) names this file; \(advice))"
            throw located
        }
    }
}
