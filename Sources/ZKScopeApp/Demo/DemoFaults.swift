import Logging
import ZooKeeperLab

/// Carries out the demo's fault keys (`K` kill the leader, `R` restart a follower, `M` restart one with a wrong
/// server list, `H` heal) on the lab, one at a time: a key pressed while the previous fault is still being
/// injected is refused with a message instead of queued, so a held key cannot stack up restarts.
public actor DemoFaults {
    /// The lab the faults act on.
    public let lab: LabEnsemble
    private let logger: Logger
    private var mismatched: Set<Int> = []
    private var busy = false

    /// Faults on `lab`; each one is logged (what was done, or why it failed) through `logger`.
    public init(lab: LabEnsemble, logger: Logger) {
        self.lab = lab
        self.logger = logger
    }

    /// Injects `fault` and returns the line for the status bar.
    public func inject(_ fault: DemoFault) async -> String {
        guard !busy else { return "demo: the previous fault is still being injected" }
        busy = true
        defer { busy = false }
        do {
            let message = try await perform(fault)
            logger.notice("demo: \(message)")
            return message
        } catch {
            logger.error("demo: \(fault) failed: \(error)")
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
