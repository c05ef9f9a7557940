import EnsembleCore
import Foundation

/// Finds and reads the ensemble configuration the way the command line promises
/// (`EnsembleConfiguration.resolve`: `--config PATH`, or `--servers h1:p1,h2:p2`, or
/// `$ZOOCFGDIR/zoo.cfg`, then `/etc/zookeeper/conf/zoo.cfg`, then `localhost:2181`) and settles each
/// member's AdminServer port.
///
/// A malformed file is a `ConfigError` with file and line, and nothing is polled (no half-configured
/// start). AdminServer ports: an entry's `@adminPort` in `--servers` wins; then `adminPort` (the
/// `--admin-port` option) for every member; then zoo.cfg's `admin.serverPort` (8080 when unset, none
/// when `admin.enableServer=false`); `--servers` entries and the localhost fallback default to 8080.
/// `AdminPortPolicy` then drops ports several members would share.
public enum ConfigurationLoader {
    /// Resolves the configuration; `readFile` is injectable for tests.
    public static func load(
        configPath: String?, servers: String?, adminPort: Int? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        readFile: (String) -> String? = { try? String(contentsOfFile: $0, encoding: .utf8) }
    ) throws(ConfigError) -> EnsembleConfiguration {
        try load(
            configPaths: configPath.map { [$0] } ?? [], servers: servers, adminPort: adminPort,
            environment: environment, readFile: readFile)
    }

    /// Resolves the configuration from `--config` given once per member's zoo.cfg (or not at all).
    public static func load(
        configPaths: [String], servers: String?, adminPort: Int? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        readFile: (String) -> String? = { try? String(contentsOfFile: $0, encoding: .utf8) }
    ) throws(ConfigError) -> EnsembleConfiguration {
        if let adminPort, !(1...65535).contains(adminPort) {
            throw ConfigError(file: "--admin-port", line: 0, message: "not a port: \(adminPort)")
        }
        var config = try EnsembleConfiguration.resolve(
            configPaths: configPaths, servers: servers, environment: environment, readFile: readFile)
        let fromFile = config.source != "--servers" && config.source != EnsembleConfiguration.localhostDefault.source
        config.members = config.members.map { member in
            var member = member
            if fromFile {
                if let adminPort { member.adminPort = adminPort }
            } else if member.adminPort == nil {
                member.adminPort = adminPort ?? 8080
            }
            return member
        }
        return config
    }
}
