import ArgumentParser
import EnsembleCore
import EnsembleMonitor
import FleetConfiguration
import Foundation
import TUIKit
import ZKScopeApp

/// `zkscope` / `zkscope dashboard`: the full-screen dashboard.
struct DashboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Open the full-screen dashboard (the default command)."
    )

    @OptionGroup var ensemble: EnsembleOptions

    @OptionGroup var screen: ScreenOptions
    @OptionGroup var authentication: AuthOptions
    @OptionGroup var sasl: SASLOptions
    @OptionGroup var replyLimit: ReplyLimitOptions
    @OptionGroup var tlsOptions: TLSOptions

    /// Test and benchmark path to a fleet until the configuration file's `--ensemble` options land: each value
    /// `NAME=host:port,host:port` is one named ensemble, polled with the other options' settings.
    @Option(name: .customLong("test-ensemble"), help: .hidden)
    var testEnsembles: [String] = []

    func run() async throws {
        try screen.requireTerminal(
            "zkscope", alternative: "For scripts and monitoring use `zkscope check` (or `zkscope check --json`).")
        let profiles = try resolveProfiles()
        let (theme, catalog) = try screen.loadTheme()
        let runner = DashboardRunner(
            profiles: profiles,
            options: DashboardModel.Options(
                allowWrites: screen.allowWrites, demo: false,
                clockOffset: Date().timeIntervalSince1970,
                source: profiles.count == 1 ? profiles[0].configuration.source : "\(profiles.count) ensembles"),
            theme: theme, catalog: catalog, log: screen.openLog())
        let code = await runner.run()
        if code != 0 { throw ExitCode(code) }
    }

    /// The ensembles to show: one from today's options (named ``EnsembleProfile/defaultName``), or the
    /// `--test-ensemble` ones, all with the same poll settings and session options.
    private func resolveProfiles() throws -> [EnsembleProfile] {
        var configurations: [(String, EnsembleConfiguration)] = []
        if testEnsembles.isEmpty {
            configurations = [(EnsembleProfile.defaultName, try ensemble.resolveConfiguration())]
        } else {
            for value in testEnsembles {
                let parts = value.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                    throw ValidationError("--test-ensemble \(value): expected NAME=host:port[,host:port…]")
                }
                guard !configurations.contains(where: { $0.0 == parts[0] }) else {
                    throw ValidationError("--test-ensemble \(parts[0]): the name is given twice")
                }
                configurations.append(
                    (
                        parts[0],
                        try ConfigurationLoader.load(configPath: nil, servers: parts[1], adminPort: ensemble.adminPort)
                    ))
            }
        }
        let requiresTLS = configurations.contains { $0.1.requiresTLS }
        let tls = try tlsOptions.settings(requiredByConfiguration: requiresTLS)
        var settings = ensemble.pollSettings
        settings.tls = tls
        let saslCredentials = try sasl.resolved(command: "zkscope", clientProperties: try tlsOptions.clientProperties())
        let session = SessionOptions(
            credentials: authentication.credentials, sasl: saslCredentials, maxReplySize: replyLimit.bytes, tls: tls)
        return configurations.map { name, configuration in
            EnsembleProfile(name: name, configuration: configuration, settings: settings, session: session)
        }
    }
}
