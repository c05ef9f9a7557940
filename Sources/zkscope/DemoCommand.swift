import ArgumentParser
import EnsembleCore
import EnsembleMonitor
import Foundation
import TUIKit
import ZKScopeApp
import ZooKeeperLab

/// `zkscope demo`: a three-member lab ensemble with a live workload, the dashboard on it, and fault keys.
///
/// Everything it starts is stopped on quit; on Ctrl-C or a termination signal the lab's exit handler kills the
/// JVMs, and if zkscope crashes the lab's watchdog does.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Start a local 3-member ZooKeeper lab with a live workload and open the dashboard on it."
    )

    @OptionGroup var screen: ScreenOptions

    @Option(help: "Seconds between poll rounds.")
    var interval: Double = 1

    func validate() throws {
        guard PollSettings.isValidInterval(interval) else {
            throw ValidationError("--interval must be \(PollSettings.intervalRangeText)")
        }
    }

    func run() async throws {
        try screen.requireTerminal("zkscope demo", alternative: nil)
        let (theme, catalog) = try screen.loadTheme()
        let log = screen.openLog()
        say("zkscope demo: starting a three-member ZooKeeper lab (this takes 10-30 s)…")
        let lab = try await LabEnsemble.start(LabOptions(members: 3, tickTimeMilliseconds: 1000))
        let workload = DemoWorkload(connectString: lab.connectString, log: log)
        var code: Int32 = 0
        do {
            say("zkscope demo: lab up at \(lab.connectString); starting the workload…")
            try await workload.start()
            let servers = lab.members.map { "\($0.host):\($0.clientPort)@\($0.adminPort)" }.joined(separator: ",")
            let configuration = try ConfigurationLoader.load(configPath: nil, servers: servers)
            let faults = DemoFaults(lab: lab, logger: log.logger(label: "zkscope.demo"))
            var settings = PollSettings(interval: .milliseconds(Int64((interval * 1000).rounded())))
            settings.useAdminServer = true
            let runner = DashboardRunner(
                configuration: configuration,
                options: DashboardModel.Options(
                    allowWrites: screen.allowWrites, demo: true, clockOffset: Date().timeIntervalSince1970,
                    source: "zkscope demo lab"),
                theme: theme, catalog: catalog, settings: settings, log: log,
                connectString: lab.connectString
            ) { fault in await faults.inject(fault) }
            code = await runner.run()
        } catch {
            say("zkscope demo: \(error)")
            code = 1
        }
        say("zkscope demo: stopping the workload and the lab…")
        await workload.stop()
        await lab.shutdown()
        say("zkscope demo: done.")
        if code != 0 { throw ExitCode(code) }
    }

    private func say(_ line: String) { FileHandle.standardError.write(Data((line + "\n").utf8)) }
}
