import ArgumentParser
import EnsembleCore
import Foundation

/// Which ensemble to open: `--config` or `--servers`, as in `check`, plus the poll interval.
struct DashboardTargetOptions: ParsableArguments {
    @Option(name: .long, help: "A zoo.cfg whose server list names the members.")
    var config: String?

    @Option(name: .long, help: "Members as host:port,host:port (port defaults to 2181).")
    var servers: String?

    @Option(name: .long, help: "Seconds between poll rounds.")
    var interval: Double = 2

    /// The members to watch: --servers, --config, $ZOOCFGDIR/zoo.cfg, /etc/zookeeper/conf/zoo.cfg,
    /// localhost:2181.
    func resolve() throws -> EnsembleConfiguration {
        if config != nil && servers != nil { throw ValidationError("give --config or --servers, not both") }
        if let servers { return try EnsembleConfiguration.parseServerList(servers) }
        if let config { return try Self.load(config) }
        for path in EnsembleConfiguration.defaultCandidatePaths(environment: ProcessInfo.processInfo.environment)
        where FileManager.default.fileExists(atPath: path) {
            return try Self.load(path)
        }
        return EnsembleConfiguration.localhostDefault
    }

    static func load(_ path: String) throws -> EnsembleConfiguration {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ValidationError("cannot read \(path)")
        }
        var dynamic: (text: String, file: String)?
        if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("dynamicConfigFile=") }) {
            let file = String(line.dropFirst("dynamicConfigFile=".count)).trimmingCharacters(in: .whitespaces)
            if let content = try? String(contentsOfFile: file, encoding: .utf8) { dynamic = (content, file) }
        }
        return try EnsembleConfiguration.parse(zooCfg: text, file: path, dynamic: dynamic)
    }
}
