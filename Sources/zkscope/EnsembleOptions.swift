import ArgumentParser
import CommandOutput
import EnsembleCore
import EnsembleMonitor
import Foundation

/// The options that say which ensemble to watch and how often, shared by `check` and the dashboard
/// (`@OptionGroup var ensemble: EnsembleOptions`).
struct EnsembleOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "A zoo.cfg whose server.N lines name the members; repeat it with each member's file when the members "
                + "share a host and their server lines give no ;clientPort."))
    var config: [String] = []

    @Option(
        name: .long,
        help: "Members as host:port[,host:port...]; append @adminPort to name a member's AdminServer port.")
    var servers: String?

    @Option(
        name: .long,
        help: "Poll interval in seconds, \(PollSettings.intervalRangeText) (the expensive words are polled 10x slower)."
    )
    var interval: Double?

    /// The poll interval in seconds (1 unless `--interval` says otherwise).
    var intervalSeconds: Double { interval ?? 1 }

    @Option(name: .long, help: "AdminServer port of every member (default: zoo.cfg admin.serverPort, else 8080).")
    var adminPort: Int?

    @Flag(name: .long, help: "Use four-letter words only, never the AdminServer.")
    var noAdmin = false

    func validate() throws {
        if let interval, !PollSettings.isValidInterval(interval) {
            throw ValidationError("--interval must be \(PollSettings.intervalRangeText)")
        }
        if !config.isEmpty, servers != nil { throw ValidationError("give --config or --servers, not both") }
        if let adminPort, !(1...65535).contains(adminPort) { throw ValidationError("--admin-port must be 1...65535") }
        // A malformed member list is a bad argument (exit 64) for every command that takes it.
        if let servers {
            do {
                _ = try EnsembleConfiguration.parseServerList(servers)
            } catch {
                throw ValidationError(error.description)
            }
        }
    }

    /// The configuration to monitor; a malformed file throws `ConfigError` (file:line).
    /// Servers the files leave unlocated are named on stderr (the members that are known are polled).
    func resolveConfiguration() throws(ConfigError) -> EnsembleConfiguration {
        let configuration = try ConfigurationLoader.load(configPaths: config, servers: servers, adminPort: adminPort)
        if let notice = configuration.unlocatedNotice {
            StandardError.line("zkscope: \(notice)")
        }
        return configuration
    }

    /// Whether the options name the members (`--servers`, `--config`), which `--ensemble` does instead.
    var namesMembers: Bool { servers != nil || !config.isEmpty }

    /// Poll settings from the options.
    var pollSettings: PollSettings {
        var settings = PollSettings(interval: .milliseconds(Int64((intervalSeconds * 1000).rounded())))
        settings.useAdminServer = !noAdmin
        return settings
    }
}
