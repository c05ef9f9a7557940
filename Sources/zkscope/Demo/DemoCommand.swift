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
            let faults = DemoFaults(lab: lab, log: log)
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

/// Carries out the demo's fault keys on the lab.
actor DemoFaults {
    let lab: LabEnsemble
    let log: AppLog
    private var mismatched: Set<Int> = []
    private var busy = false

    init(lab: LabEnsemble, log: AppLog) {
        self.lab = lab
        self.log = log
    }

    func inject(_ fault: DemoFault) async -> String {
        guard !busy else { return "demo: the previous fault is still being injected" }
        busy = true
        defer { busy = false }
        do {
            let message = try await perform(fault)
            log.write("demo: \(message)")
            return message
        } catch {
            log.write("demo: \(fault) failed: \(error)")
            return "demo: \(error)"
        }
    }

    private func perform(_ fault: DemoFault) async throws -> String {
        let modes = await lab.modes()
        let running = lab.ids.filter { modes[$0] != .down }
        let leader = await lab.leaderID()
        switch fault {
        case .killLeader:
            guard let leader else { return "demo: no leader to kill right now" }
            try await lab.kill(leader)
            return "killed the leader (member \(leader)): watch the election, then H heals"
        case .restartMember:
            guard let victim = running.first(where: { $0 != leader }) ?? running.first else {
                return "demo: no running member to restart"
            }
            try await lab.stop(victim)
            try await lab.start(victim, waitUntilServing: false)
            return "restarted member \(victim): its restart count goes up"
        case .mismatchedMember:
            guard let victim = running.first(where: { $0 != leader && !mismatched.contains($0) }),
                let other = lab.ids.first(where: { $0 != victim })
            else { return "demo: no follower left to misconfigure" }
            try await lab.stop(victim)
            try await lab.start(
                victim, config: LabMemberConfig(serverListChanges: [.clientPort(ofServer: other, port: 1)]),
                waitUntilServing: false)
            mismatched.insert(victim)
            return "member \(victim) restarted with a wrong server list (server.\(other)): config-mismatch appears"
        case .heal:
            var healed: [Int] = []
            for id in lab.ids where modes[id] == .down || mismatched.contains(id) {
                if modes[id] != .down { try await lab.stop(id) }
                try await lab.start(id, config: .healthy, waitUntilServing: false)
                healed.append(id)
            }
            mismatched = []
            return healed.isEmpty
                ? "nothing to heal" : "healed members \(healed.map(String.init).joined(separator: ", "))"
        }
    }
}
