import EnsembleCore
import Foundation

/// Finds and reads the ensemble configuration the way the command line promises:
/// `--config PATH`, or `--servers h1:p1,h2:p2`, or `$ZOOCFGDIR/zoo.cfg`, then
/// `/etc/zookeeper/conf/zoo.cfg`, then `localhost:2181`.
///
/// The only file I/O around configuration lives here; parsing is EnsembleCore's. A malformed file
/// is a `ConfigError` with file and line, and nothing is polled (no half-configured start).
///
/// AdminServer ports: an entry's `@adminPort` wins; then `adminPort` (the `--admin-port` option)
/// for every member; then zoo.cfg's `admin.serverPort` (8080 when unset, none when
/// `admin.enableServer=false`); `--servers` entries and the localhost fallback default to 8080.
/// `AdminPortPolicy` then drops ports several members would share.
public enum ConfigurationLoader {
    /// Resolves the configuration. `readFile` is injectable for tests.
    public static func load(
        configPath: String?, servers: String?, adminPort: Int? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        readFile: (String) -> String? = { try? String(contentsOfFile: $0, encoding: .utf8) },
        fileExists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }
    ) throws(ConfigError) -> EnsembleConfiguration {
        if configPath != nil, servers != nil {
            throw ConfigError(file: "command line", line: 0, message: "give --config or --servers, not both")
        }
        if let adminPort, !(1...65535).contains(adminPort) {
            throw ConfigError(file: "--admin-port", line: 0, message: "not a port: \(adminPort)")
        }
        var config: EnsembleConfiguration
        if let servers {
            config = try EnsembleConfiguration.parseServerList(servers)
            config.members = config.members.map { member in
                var member = member
                if member.adminPort == nil { member.adminPort = adminPort ?? 8080 }
                return member
            }
            return config
        }
        if let configPath {
            config = try loadFile(configPath, readFile: readFile)
        } else if let path = EnsembleConfiguration.defaultCandidatePaths(environment: environment).first(
            where: fileExists)
        {
            config = try loadFile(path, readFile: readFile)
        } else {
            config = EnsembleConfiguration.localhostDefault
            config.members = config.members.map { member in
                var member = member
                member.adminPort = adminPort ?? 8080
                return member
            }
            return config
        }
        if let adminPort {
            config.members = config.members.map { member in
                var member = member
                member.adminPort = adminPort
                return member
            }
        }
        return config
    }

    /// Reads and parses one zoo.cfg (and its `dynamicConfigFile`, resolved next to it when relative).
    public static func loadFile(_ path: String, readFile: (String) -> String?) throws(ConfigError)
        -> EnsembleConfiguration
    {
        guard let text = readFile(path) else {
            throw ConfigError(file: path, line: 0, message: "cannot read the file")
        }
        var config = try EnsembleConfiguration.parse(zooCfg: text, file: path)
        if let dynamic = config.dynamicConfigFile {
            let dynamicPath =
                dynamic.hasPrefix("/") ? dynamic : (path as NSString).deletingLastPathComponent + "/" + dynamic
            guard let dynamicText = readFile(dynamicPath) else {
                throw ConfigError(
                    file: path, line: 0, message: "dynamicConfigFile \(dynamicPath) cannot be read")
            }
            config = try EnsembleConfiguration.parse(
                zooCfg: text, file: path, dynamic: (dynamicText, dynamicPath))
        }
        return config
    }
}
