import ArgumentParser
import CommandOutput
import EnsembleCore
import EnsembleMonitor
import FleetConfiguration
import FleetService
import Foundation
import Logging
import TimelineStore

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

    @OptionGroup var fleet: FleetOptions
    @OptionGroup var ensemble: EnsembleOptions
    @OptionGroup var authentication: AuthOptions
    @OptionGroup var sasl: SASLOptions
    @OptionGroup var replyLimit: ReplyLimitOptions
    @OptionGroup var tlsOptions: TLSOptions

    @Option(name: .long, help: "Address to listen on, HOST:PORT (only this address is bound).")
    var listen = ListenAddress.default.description

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
    }

    func run() async throws {
        let profiles = try resolveProfiles()
        let selector = shard.flatMap(ShardSelector.init(parsing:)) ?? .all
        let served = profiles.filter { selector.contains($0.name) }
        guard let listenAddress = ListenAddress(parsing: listen) else { throw ExitCode(64) }
        let timeline = try openTimeline()
        let logger = Self.logger()
        let server = FleetServer(profiles: served, listen: listenAddress, logger: logger, timeline: timeline)
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

    /// The ensembles: every one of the configuration file (or those `--ensemble` names), else the one the
    /// `--servers`/`--config` options describe (named `default`). Their history is kept short: serve only needs
    /// the rate window and the detectors' look-back, and a long history per ensemble of a large fleet costs memory.
    private func resolveProfiles() throws -> [EnsembleProfile] {
        var profiles = try CommandProfiles.resolve(
            fleet: fleet, ensemble: ensemble, tls: tlsOptions, sasl: sasl, auth: authentication,
            replyLimit: replyLimit, command: "zkscope serve", exitCode: 64, several: true, useDefaultFile: true)
        for index in profiles.indices {
            let interval = profiles[index].settings.intervalSeconds
            profiles[index].settings.historyCapacity = min(
                profiles[index].settings.historyCapacity, Self.historyRounds(interval: interval))
        }
        return profiles
    }

    /// The persistent timeline in `--state-dir` (default `$XDG_STATE_HOME/zkscope`); a directory that cannot be
    /// used is one line and exit 64.
    private func openTimeline() throws -> EventStore {
        guard let directory = stateDir ?? StateDirectory.defaultPath() else {
            StandardError.line("zkscope serve: no state directory (HOME is not set): give one with --state-dir DIR")
            throw ExitCode(64)
        }
        do {
            return try EventStore.open(
                directory: directory, retention: Self.retentionSeconds(retention) ?? EventStore.defaultRetention)
        } catch {
            StandardError.line("zkscope serve: \(error)")
            throw ExitCode(64)
        }
    }

    /// Rounds of history kept per ensemble: two minutes (the rate window and the restart window), at least 30
    /// rounds. The dashboard keeps 600; 100 ensembles of 3 members at that depth held about 200 MiB.
    static func historyRounds(interval: Double) -> Int {
        max(30, Int((120 / max(interval, 0.1)).rounded(.up)))
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
