import EnsembleCore
import EnsembleMonitor
import Foundation
import Testing
import TimelineStore
import ZooKeeperLab

/// The persisted timeline against a real 3-member ensemble: a member really restarted, recorded through the store
/// as `serve` records it (``TimelineRecorder``), is listed by the real `zkscope history --json`, and is still
/// there when the store is opened again.
@Suite(.serialized)
struct TimelineStoreLiveTests {
    @Test func aRealRestartIsPersistedAndListedByHistory() async throws {
        let state = try WitnessRunner.makeWorkDirectory(prefix: "zkscope-timeline") + "/state"
        var restarted = ""
        try await LabEnsemble.with(LabOptions(members: 3, tickTimeMilliseconds: 500)) { lab in
            let store = try EventStore.open(directory: state)
            let started = Date().timeIntervalSince1970
            let harness = MonitorHarness(lab: lab)
            let recorder = TimelineRecorder(store: store, ensemble: "lab", timeOffset: started)
            try await harness.waitFor("all members serving") { update in
                update.members.allSatisfy(\.isServing) && update.state.snapshot.leaders.count == 1
            }
            try await recorder.record(harness.events)
            let leader = try #require(await lab.leaderID())
            let victim = try #require(lab.ids.first { $0 != leader })
            restarted = harness.address(victim)
            try await lab.stop(victim)
            // The finding, not only the state: `member-down` is raised after `persistPolls` down rounds, and a
            // restart before that would leave nothing to persist.
            try await harness.waitFor("member-down for \(restarted)") {
                MonitorHarness.finding(.memberDown, member: restarted, in: $0) != nil
            }
            try await recorder.record(harness.events)
            try await lab.start(victim)
            try await harness.waitFor("a member-restarted event for \(restarted)") { _ in
                harness.events.contains { event in
                    if case .memberRestarted(.processRestart) = event.kind { return event.members == [restarted] }
                    return false
                }
            }
            try await recorder.record(harness.events)
            // Recording the same list again adds nothing.
            #expect(try await recorder.record(harness.events) == 0)
            let stored = try store.events(ensemble: "lab")
            #expect(stored.count == harness.events.count)
            #expect(stored.allSatisfy { $0.time >= started - 1 && $0.time <= Date().timeIntervalSince1970 + 1 })
        }
        let result = try await ZKScopeBinary.run(["history", "--state-dir", state, "--ensemble", "lab", "--json"])
        #expect(result.exitCode == 0, "\(result)")
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result)")
        #expect(document["ensemble"] as? String == "lab")
        #expect(document["database_exists"] as? Bool == true)
        let events = try #require(document["events"] as? [[String: Any]])
        let restarts = events.filter {
            $0["kind"] as? String == "member-restarted" && $0["members"] as? [String] == [restarted]
        }
        #expect(restarts.count == 1, "\(events)")
        #expect(events.contains { $0["kind"] as? String == "finding-raised" && $0["code"] as? String == "member-down" })
        // The text form lists it too, and another ensemble's name finds nothing (exit 0, one line saying so).
        let text = try await ZKScopeBinary.run(["history", "--state-dir", state, "--since", "1h"])
        #expect(text.exitCode == 0)
        #expect(text.stdout.contains("  lab  member-restarted  \(restarted)  "), "\(text)")
        let other = try await ZKScopeBinary.run(["history", "--state-dir", state, "--ensemble", "nope"])
        #expect(other.exitCode == 0)
        #expect(other.stdout.hasPrefix("no events of ensemble nope since "), "\(other)")
        // Reopened (as a restarted `serve` would): the events are still there.
        let reopened = try EventStore.open(directory: state)
        #expect(try reopened.events(ensemble: "lab").contains { $0.kind == "member-restarted" })
        let reader = try #require(try EventStore.openForReading(directory: state))
        #expect(try reader.count(ensemble: "lab") == (try reopened.count(ensemble: "lab")))
    }

    @Test func historyWithoutADatabaseSaysWhereItLooked() async throws {
        let state = try WitnessRunner.makeWorkDirectory(prefix: "zkscope-timeline") + "/empty"
        let result = try await ZKScopeBinary.run(["history", "--state-dir", state])
        #expect(result.exitCode == 0, "\(result)")
        #expect(
            result.stdout == "no timeline yet: \(state)/timeline.sqlite does not exist (zkscope serve writes it; "
                + "--state-dir picks another directory)\n")
        let bad = try await ZKScopeBinary.run(["history", "--state-dir", state, "--since", "soon"])
        #expect(bad.exitCode == 64, "\(bad)")
        #expect(bad.stderr.contains("--since soon: not a duration or a time"), "\(bad)")
    }
}
