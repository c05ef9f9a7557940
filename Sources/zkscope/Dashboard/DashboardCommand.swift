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

    @OptionGroup var fleet: FleetOptions
    @OptionGroup var ensemble: EnsembleOptions

    @OptionGroup var screen: ScreenOptions
    @OptionGroup var authentication: AuthOptions
    @OptionGroup var sasl: SASLOptions
    @OptionGroup var replyLimit: ReplyLimitOptions
    @OptionGroup var tlsOptions: TLSOptions

    func run() async throws {
        try screen.requireTerminal(
            "zkscope", alternative: "For scripts and monitoring use `zkscope check` (or `zkscope check --json`).")
        // The named ensembles of the configuration file (every one of it when no option names members), else the
        // one ensemble the options describe.
        let profiles = try CommandProfiles.resolve(
            fleet: fleet, ensemble: ensemble, tls: tlsOptions, sasl: sasl, auth: authentication,
            replyLimit: replyLimit, command: "zkscope", exitCode: 1, several: true, useDefaultFile: true)
        let (theme, catalog) = try screen.loadTheme()
        let named = profiles.count > 1 || profiles[0].name != EnsembleProfile.defaultName
        let runner = DashboardRunner(
            profiles: profiles,
            options: DashboardModel.Options(
                allowWrites: screen.allowWrites, demo: false,
                clockOffset: Date().timeIntervalSince1970,
                source: profiles.count == 1 ? profiles[0].configuration.source : "\(profiles.count) ensembles",
                ensembleName: named ? profiles[0].name : nil),
            theme: theme, catalog: catalog, log: screen.openLog())
        let code = await runner.run()
        if code != 0 { throw ExitCode(code) }
    }
}
