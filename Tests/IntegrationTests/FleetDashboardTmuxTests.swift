import Foundation
import Testing
import ZooKeeperLab

/// The real `zkscope` dashboard hosting two named ensembles (a three-member quorum and a standalone member) in a
/// private tmux server: the Fleet pane comes first with a row for each, Enter opens one, `:ctx` switches to the
/// other, the header always names the shown ensemble, and `F` returns to the fleet.
@Suite(.serialized) struct FleetDashboardTmuxTests {
    typealias Tmux = TUISelftestTmuxTests.TmuxServer

    @Test func twoEnsemblesShowAsRowsAndSwitchWithEnterAndCtx() async throws {
        guard DashboardTmuxTests.preconditions() else { return }
        try await LabEnsemble.with(LabOptions(members: 3, tickTimeMilliseconds: 500)) { quorum in
            try await LabEnsemble.with(LabOptions(members: 1)) { solo in
                let tmux = Tmux()
                defer { _ = try? tmux.run(["kill-server"]) }
                let log = NSTemporaryDirectory() + "zkscope-fleet-test-\(getpid()).log"
                let config = NSTemporaryDirectory() + "zkscope-fleet-test-\(getpid()).toml"
                defer { try? FileManager.default.removeItem(atPath: config) }
                try """
                [ensembles.prod-a]
                servers = "\(quorum.connectString)"

                [ensembles.solo]
                servers = "\(solo.connectString)"
                """.write(toFile: config, atomically: true, encoding: .utf8)
                try tmux.run([
                    "new-session", "-d", "-s", "t", "-x", "140", "-y", "40",
                    "env LANG=C.UTF-8 '\(DashboardTmuxTests.binary)' --interval 0.5 --log-file '\(log)'"
                        + " --config-file '\(config)'"
                        + "; echo EXIT=$?; sleep 60",
                ])
                let fleet = try #require(
                    tmux.wait(seconds: 60) { text in
                        text.contains(" Fleet ") && text.contains("prod-a") && text.contains("3/3")
                            && text.contains("solo") && text.contains("1/1") && text.contains("standalone")
                    }, "the fleet rows never appeared: \(tmux.capture())")
                #expect(fleet.contains("ensemble: prod-a"))
                #expect(fleet.contains("2 ensembles"))

                // Enter on the second row opens the standalone ensemble's panes.
                try tmux.run(["send-keys", "-t", "t", "j", "Enter"])
                let soloPanes = try #require(
                    tmux.wait(seconds: 30) { $0.contains("ensemble: solo") && $0.contains(" standalone ") },
                    "Enter did not open solo: \(tmux.capture())")
                #expect(soloPanes.contains(solo.connectString))

                // :ctx switches to the quorum; an unknown name lists the names.
                try tmux.run(["send-keys", "-t", "t", ":ctx nope", "Enter"])
                #expect(
                    tmux.wait(seconds: 20) { $0.contains("no ensemble \"nope\" (ensembles: prod-a, solo)") } != nil,
                    "\(tmux.capture())")
                try tmux.run(["send-keys", "-t", "t", ":ctx prod-a", "Enter"])
                let quorumPanes = try #require(
                    tmux.wait(seconds: 30) { text in
                        text.contains("ensemble: prod-a") && text.contains(" leader ")
                            && text.components(separatedBy: " follower ").count == 3
                    }, "ctx did not open prod-a: \(tmux.capture())")
                #expect(quorumPanes.contains("3/3 up"))

                // The tree pane reads the shown ensemble (its session was opened on the switch).
                try tmux.run(["send-keys", "-t", "t", "3"])
                #expect(
                    tmux.wait(seconds: 30) { $0.contains("Tree as") && $0.contains("zookeeper") } != nil,
                    "\(tmux.capture())")

                try tmux.run(["send-keys", "-t", "t", "F"])
                #expect(tmux.wait(seconds: 20) { $0.contains("shown: prod-a") && $0.contains("solo") } != nil)
                try tmux.run(["send-keys", "-t", "t", "q"])
                #expect(tmux.wait(seconds: 20) { $0.contains("EXIT=0") } != nil, "\(tmux.capture())")
            }
        }
    }
}
