import ArgumentParser
import CommandOutput
import EnsembleCore
import EnsembleMonitor
import FleetConfiguration
import FleetService
import Foundation
import Logging

/// `zkscope serve`: a long-running exporter. Polls every ensemble of the fleet on its own clock and serves the
/// latest state as Prometheus metrics (`/metrics`), JSON (`/api/v1/ensembles`, `/api/v1/events`) and `/healthz`,
/// until SIGTERM or SIGINT. The work is in FleetService; this parses flags and sets the exit status.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Poll ensembles continuously and serve Prometheus metrics and a JSON API over HTTP.",
        discussion: """
            Endpoints: /metrics (Prometheus text format), /api/v1/ensembles (check --json per ensemble), \
            /api/v1/events?since=UNIX_SECONDS (the timeline), /healthz. Scrapes read the latest poll; they never \
            start one. Stops gracefully on SIGTERM or SIGINT.
            """
    )

    @OptionGroup var ensemble: EnsembleOptions
    @OptionGroup var tlsOptions: TLSOptions

    @Option(name: .long, help: "Address to listen on, HOST:PORT (only this address is bound).")
    var listen = ListenAddress.default.description

    @Option(
        name: .long,
        help: "A named ensemble as NAME=HOST:PORT[,HOST:PORT...]; repeat for several (with --servers: its name).")
    var fleetServers: [String] = []

    @Option(name: .long, help: "The name of the ensemble given by --servers or --config (the ensemble label).")
    var name = EnsembleProfile.defaultName

    @Option(name: .long, help: "Serve only the ensembles whose name hashes to shard i of n (FNV-1a), as i/n.")
    var shard: String?

    @Option(name: .long, help: "Directory for the event timeline (default $XDG_STATE_HOME/zkscope).")
    var stateDir: String?

    @Option(name: .long, help: "How long events are kept, as Nd, Nh or Nm (default 14d).")
    var retention = "14d"

    func validate() throws {
        guard ListenAddress(parsing: listen) != nil else {
            throw ValidationError("--listen must be HOST:PORT with a port 0...65535, e.g. 127.0.0.1:9464")
        }
        if let shard, ShardSelector(parsing: shard) == nil {
            throw ValidationError("--shard must be i/n with 0 <= i < n, e.g. 0/2")
        }
        guard Self.retentionSeconds(retention) != nil else {
            throw ValidationError("--retention must be a positive number of days, hours or minutes: 14d, 36h, 90m")
        }
        for entry in fleetServers {
            guard let (name, servers) = Self.split(entry) else {
                throw ValidationError("--fleet-servers must be NAME=HOST:PORT[,HOST:PORT...], got '\(entry)'")
            }
            do {
                _ = try EnsembleConfiguration.parseServerList(servers)
            } catch {
                throw ValidationError("--fleet-servers \(name): \(error.description)")
            }
        }
        if name.isEmpty { throw ValidationError("--name must not be empty") }
    }

    func run() async throws {
        let profiles = try resolveProfiles()
        let selector = shard.flatMap(ShardSelector.init(parsing:)) ?? .all
        let served = profiles.filter { selector.contains($0.name) }
        guard let listenAddress = ListenAddress(parsing: listen) else { throw ExitCode(64) }
        let logger = Self.logger()
        let server = FleetServer(profiles: served, listen: listenAddress, logger: logger)
        let count = served.count
        let total = profiles.count
        do {
            try await server.run { bound in
                StandardError.line(
                    "zkscope serve: listening on http://\(bound) (\(count) of \(total) ensembles; shard "
                        + "\(selector.index)/\(selector.count))")
            }
        } catch let failure as FleetServer.Failure {
            StandardError.line("zkscope serve: \(failure.description)")
            throw ExitCode(1)
        }
    }

    /// The named ensembles: `--fleet-servers` entries, then `--servers`/`--config` as `--name`; two with one
    /// name are refused.
    private func resolveProfiles() throws -> [EnsembleProfile] {
        let tls = try tlsOptions.settings()
        var settings = ensemble.pollSettings
        settings.tls = tls
        // Rates and detectors look back a minute or two; a long history per ensemble only costs memory.
        settings.historyCapacity = min(settings.historyCapacity, Self.historyRounds(interval: ensemble.interval))
        let session = SessionOptions(tls: tls)
        var profiles: [EnsembleProfile] = []
        for entry in fleetServers {
            guard let (name, servers) = Self.split(entry) else { continue }
            let configuration: EnsembleConfiguration
            do {
                configuration = try ConfigurationLoader.load(
                    configPaths: [], servers: servers, adminPort: ensemble.adminPort)
            } catch {
                StandardError.line("zkscope serve: --fleet-servers \(name): \(error)")
                throw ExitCode(64)
            }
            profiles.append(
                EnsembleProfile(name: name, configuration: configuration, settings: settings, session: session))
        }
        if fleetServers.isEmpty || ensemble.servers != nil || !ensemble.config.isEmpty {
            let configuration: EnsembleConfiguration
            do {
                configuration = try ensemble.resolveConfiguration()
            } catch {
                StandardError.line("zkscope serve: \(error)")
                throw ExitCode(64)
            }
            profiles.append(
                EnsembleProfile(name: name, configuration: configuration, settings: settings, session: session))
        }
        var seen: Set<String> = []
        for profile in profiles where !seen.insert(profile.name).inserted {
            StandardError.line(
                "zkscope serve: two ensembles are named '\(profile.name)'; give each a name of its own")
            throw ExitCode(64)
        }
        return profiles
    }

    /// Rounds of history kept per ensemble: five minutes, at least 120 rounds.
    static func historyRounds(interval: Double) -> Int {
        max(120, Int((300 / max(interval, 0.1)).rounded(.up)))
    }

    /// `NAME=SERVERS` split at the first `=`; nil when either side is empty.
    static func split(_ entry: String) -> (String, String)? {
        guard let equals = entry.firstIndex(of: "=") else { return nil }
        let name = String(entry[..<equals])
        let servers = String(entry[entry.index(after: equals)...])
        guard !name.isEmpty, !servers.isEmpty else { return nil }
        return (name, servers)
    }

    /// `14d`, `36h`, `90m` in seconds; nil when malformed or not positive.
    static func retentionSeconds(_ text: String) -> Double? {
        guard let unit = text.last, let number = Double(text.dropLast()), number.isFinite, number > 0 else {
            return nil
        }
        switch unit {
        case "d": return number * 86_400
        case "h": return number * 3_600
        case "m": return number * 60
        default: return nil
        }
    }

    /// Logs to stderr (a service's log goes to its supervisor), from `ZKSCOPE_LOG_LEVEL`, else `notice`.
    static func logger() -> Logger {
        let environment = ProcessInfo.processInfo.environment
        let level = environment["ZKSCOPE_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .notice
        var logger = Logger(label: "zkscope.serve") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = level
        return logger
    }
}
