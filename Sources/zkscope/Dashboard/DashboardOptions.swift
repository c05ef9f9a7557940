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
    /// localhost:2181 (the shared `EnsembleConfiguration.resolve`).
    func resolve() throws -> EnsembleConfiguration {
        do {
            return try EnsembleConfiguration.resolve(
                configPath: config, servers: servers, environment: ProcessInfo.processInfo.environment
            ) { path in try? String(contentsOfFile: path, encoding: .utf8) }
        } catch {
            throw ValidationError(error.description)
        }
    }
}
