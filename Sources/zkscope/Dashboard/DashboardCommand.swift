import ArgumentParser
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

    func run() async throws {
        try screen.requireTerminal(
            "zkscope", alternative: "For scripts and monitoring use `zkscope check` (or `zkscope check --json`).")
        let configuration = try ensemble.resolveConfiguration()
        let tls = try tlsOptions.settings(requiredByConfiguration: configuration.requiresTLS)
        var settings = ensemble.pollSettings
        settings.tls = tls
        let (theme, catalog) = try screen.loadTheme()
        let saslCredentials = try sasl.resolved(command: "zkscope", clientProperties: try tlsOptions.clientProperties())
        let runner = DashboardRunner(
            configuration: configuration,
            options: DashboardModel.Options(
                allowWrites: screen.allowWrites, demo: false,
                clockOffset: Date().timeIntervalSince1970, source: configuration.source),
            theme: theme, catalog: catalog, settings: settings, log: screen.openLog(),
            credentials: authentication.credentials, sasl: saslCredentials, maxReplySize: replyLimit.bytes, tls: tls)
        let code = await runner.run()
        if code != 0 { throw ExitCode(code) }
    }
}
