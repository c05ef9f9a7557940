import EnsembleCore
import EnsembleMonitor
import FleetConfiguration
import Foundation
import TUIKit
import TUINCurses
import TimelineStore
import ZKScopeApp
import ZooKeeperClient

/// The ncurses terminal is the dashboard's real screen and keyboard.
extension Terminal: TerminalDevice {}

/// Runs the dashboard on the real devices: opens the terminal, then a ``DashboardSession`` wired to the ncurses
/// terminal, one ``EnsembleMonitor`` per ensemble (each on its own clock) and the shown ensemble's znodes
/// (``LiveZNodeAccess``, opened again on every switch), until the user quits.
struct DashboardRunner {
    /// The ensembles, in configuration order; with more than one the Fleet pane comes first.
    var profiles: [EnsembleProfile]
    var options: DashboardModel.Options
    var theme: Theme
    var catalog: ThemeCatalog
    var log: AppLog
    /// The tree's sessions connect here instead of to every member (the demo's lab); first ensemble only.
    var connectString: String?
    var demo: DashboardSession.DemoHandler?
    /// Where the persisted timeline is read (only for a named ensemble: a fleet, or `--ensemble NAME`).
    var stateDirectory: String? = StateDirectory.defaultPath()

    /// A dashboard on these ensembles.
    init(
        profiles: [EnsembleProfile], options: DashboardModel.Options, theme: Theme, catalog: ThemeCatalog,
        log: AppLog, connectString: String? = nil, demo: DashboardSession.DemoHandler? = nil
    ) {
        self.profiles = profiles
        self.options = options
        self.theme = theme
        self.catalog = catalog
        self.log = log
        self.connectString = connectString
        self.demo = demo
    }

    /// A dashboard on one ensemble given by options alone (named ``EnsembleProfile/defaultName``).
    init(
        configuration: EnsembleConfiguration, options: DashboardModel.Options, theme: Theme, catalog: ThemeCatalog,
        settings: PollSettings, log: AppLog, credentials: [AuthCredential] = [], sasl: SASLCredentials? = nil,
        maxReplySize: Int = ZooKeeperConfiguration.defaultMaxReplySize, tls: TLSSettings? = nil,
        connectString: String? = nil, demo: DashboardSession.DemoHandler? = nil
    ) {
        let session = SessionOptions(credentials: credentials, sasl: sasl, maxReplySize: maxReplySize, tls: tls)
        self.init(
            profiles: [
                EnsembleProfile(
                    name: EnsembleProfile.defaultName, configuration: configuration, settings: settings,
                    session: session)
            ], options: options, theme: theme, catalog: catalog, log: log, connectString: connectString, demo: demo)
    }

    /// Opens the terminal and runs until the user quits. Returns the exit code.
    func run() async -> Int32 {
        guard let first = profiles.first else {
            FileHandle.standardError.write(
                Data("zkscope: no ensemble to watch (name one with --servers or --config).\n".utf8))
            return 1
        }
        let terminal: Terminal
        do {
            terminal = try Terminal.open(Terminal.Options(theme: theme))
        } catch {
            let hint = "For scripts and monitoring use `zkscope check` (or `zkscope check --json`)."
            FileHandle.standardError.write(Data("zkscope: \(error).\n\(hint)\n".utf8))
            return 1
        }
        defer { terminal.close() }
        for profile in profiles {
            let addresses = profile.configuration.members.map(\.address).joined(separator: ",")
            log.write("dashboard started on \(profile.name): \(addresses)")
        }
        let byName = Dictionary(profiles.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let log = self.log
        let firstName = first.name
        let connectString = self.connectString
        let session = DashboardSession(
            model: DashboardModel(
                options: options, interval: first.settings.intervalSeconds, themeName: theme.name,
                ensembles: profiles.map(\.name)),
            terminal: terminal,
            ensembles: profiles.map { profile in
                DashboardSession.Ensemble(
                    name: profile.name,
                    rounds: EnsembleMonitor(
                        configuration: profile.configuration, settings: profile.settings,
                        logger: log.logger(label: "zkscope.monitor.\(profile.name)")))
            },
            nodes: { name in
                let profile = byName[name] ?? first
                let addresses = profile.configuration.members.map(\.address)
                let tree = (name == firstName ? connectString : nil) ?? addresses.joined(separator: ",")
                log.write("znode sessions opened for \(profile.name)")
                return LiveZNodeAccess(connectString: tree, members: addresses, session: profile.session, log: log)
            },
            themes: catalog, log: log, demo: demo,
            persisted: stateDirectory.map { StoredTimelineSource(directory: $0) })
        await session.run()
        log.write("dashboard stopped")
        return 0
    }
}
