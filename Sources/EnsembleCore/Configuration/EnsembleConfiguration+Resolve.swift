extension EnsembleConfiguration {
    /// Picks the configuration the way `zkscope` documents it, with file reading injected.
    ///
    /// `--servers` wins when given alone; `--config PATH` is read (and its `dynamicConfigFile`,
    /// relative paths resolved against the config's directory); with neither, the first readable
    /// of `$ZOOCFGDIR/zoo.cfg` and `/etc/zookeeper/conf/zoo.cfg`, else `localhost:2181`.
    /// `readFile` returns nil for a missing or unreadable file; EnsembleCore itself does no I/O.
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
        for path in defaultCandidatePaths(environment: environment) {
            if let text = readFile(path) { return try load(text: text, path: path, readFile: readFile) }
        }
        return localhostDefault
    }

    private static func load(text: String, path: String, readFile: (String) -> String?) throws(ConfigError)
        -> EnsembleConfiguration
    {
        let first = try parse(zooCfg: text, file: path)
        guard let dynamicPath = first.dynamicConfigFile else { return first }
        let resolved = dynamicPath.hasPrefix("/") ? dynamicPath : directory(of: path) + dynamicPath
        guard let dynamicText = readFile(resolved) else {
            throw ConfigError(file: path, line: 0, message: "cannot read dynamicConfigFile \(resolved)")
        }
        return try parse(zooCfg: text, file: path, dynamic: (dynamicText, resolved))
    }

    private static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[...slash])
    }
}
