import EnsembleCore
import EnsembleMonitor
import Foundation
import TUIKit
import TUINCurses
import TimelineStore
import ZKScopeApp
import ZooKeeperClient

/// The ncurses terminal is the dashboard's real screen and keyboard.
extension Terminal: TerminalDevice {}

/// Runs the dashboard on the real devices: opens the terminal, then a ``DashboardSession`` wired to the ncurses
/// terminal, an ``EnsembleMonitor`` and the cluster's znodes (``LiveZNodeAccess``), until the user quits.
struct DashboardRunner {
    var configuration: EnsembleConfiguration
    var options: DashboardModel.Options
    var theme: Theme
    var catalog: ThemeCatalog
    var settings: PollSettings
    var log: AppLog
    /// Added to the tree's and the compare view's sessions (`--auth`).
    var credentials: [AuthCredential] = []
    /// SASL credentials of the tree's and the compare view's sessions (`--sasl-user`, `--jaas`).
    var sasl: SASLCredentials?
    /// The tree's and the compare view's reply limit (`--max-reply-size`).
    var maxReplySize = ZooKeeperConfiguration.defaultMaxReplySize
    /// The tree's and the compare view's TLS (`--tls…`); the monitor's is in `settings.tls`.
    var tls: TLSSettings?
    var connectString: String?
    var demo: DashboardSession.DemoHandler?
    /// Where the persisted timeline is read (read only when `options.ensembleName` is set).
    var stateDirectory: String? = StateDirectory.defaultPath()

    /// Opens the terminal and runs until the user quits. Returns the exit code.
    func run() async -> Int32 {
        let terminal: Terminal
        do {
            terminal = try Terminal.open(Terminal.Options(theme: theme))
        } catch {
            let hint = "For scripts and monitoring use `zkscope check` (or `zkscope check --json`)."
            FileHandle.standardError.write(Data("zkscope: \(error).\n\(hint)\n".utf8))
            return 1
        }
        defer { terminal.close() }
        let addresses = configuration.members.map(\.address)
        log.write("dashboard started on \(addresses.joined(separator: ","))")
        let session = DashboardSession(
            model: DashboardModel(options: options, interval: settings.intervalSeconds, themeName: theme.name),
            terminal: terminal,
            rounds: EnsembleMonitor(
                configuration: configuration, settings: settings, logger: log.logger(label: "zkscope.monitor")),
            nodes: LiveZNodeAccess(
                connectString: connectString ?? addresses.joined(separator: ","), members: addresses,
                credentials: credentials, sasl: sasl, maxReplySize: maxReplySize, tls: tls, log: log),
            themes: catalog, log: log, demo: demo,
            persisted: stateDirectory.map { StoredTimelineSource(directory: $0) })
        await session.run()
        log.write("dashboard stopped")
        return 0
    }
}
