import EnsembleMonitor
import TUIKit
import Testing
import ZKScopeApp

/// A session hosting two fake ensembles: rows for both, Enter and `:ctx` switch (the old ensemble's znode
/// sessions closed, the new one's opened and polled at once), the header names the shown ensemble.
@Suite struct FleetSessionTests {
    /// Two ensembles with scripted rounds; every znode access the session opens is kept, by ensemble.
    struct FleetRig {
        let terminal = HeadlessTerminal(width: 140, height: 40)
        let rounds = ["prod-a": ScriptedRounds(), "prod-b": ScriptedRounds()]
        let opened = Shared<[(String, ScriptedNodes)]>([])
        let session: DashboardSession
        let task: Task<Void, Never>

        init(names: [String] = ["prod-a", "prod-b"]) {
            let opened = self.opened
            let rounds = self.rounds
            session = DashboardSession(
                model: DashboardModel(options: .init(source: "test"), interval: 1, ensembles: names),
                terminal: terminal,
                ensembles: names.map { DashboardSession.Ensemble(name: $0, rounds: rounds[$0]!) },
                nodes: { name in
                    let nodes = ScriptedNodes()
                    opened.update { $0.append((name, nodes)) }
                    return nodes
                })
            task = Task { [session] in await session.run() }
        }

        func frame(showing words: String...) async -> String? {
            await terminal.frame(within: .seconds(60)) { screen in
                let text = screen.text()
                return words.allSatisfy { text.contains($0) }
            }?.text()
        }

        func until(_ condition: () async -> Bool) async -> Bool {
            let deadline = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < deadline {
                if await condition() { return true }
                try? await Task.sleep(for: .milliseconds(1))
            }
            return false
        }

        func quit() async {
            terminal.press(.char("q"))
            await task.value
        }
    }

    @Test func bothEnsemblesHaveARowAndTheFleetPaneComesFirst() async throws {
        let rig = FleetRig()
        rig.rounds["prod-a"]!.deliver(SessionFixtures.tracker(rounds: 3))
        rig.rounds["prod-b"]!.deliver(SessionFixtures.tracker(rounds: 4, downFrom: 2))
        let frame = try #require(await rig.frame(showing: "prod-a", "3/3", "prod-b", "2/3"))
        #expect(frame.contains(" Fleet "))
        #expect(frame.contains("ensemble: prod-a"))
        #expect(frame.contains("member-down"))
        // Only the shown ensemble has znode sessions.
        #expect(rig.opened.value.map(\.0) == ["prod-a"])
        await rig.quit()
    }

    @Test func enterAndCtxSwitchTheShownEnsembleAndItsZnodeSessions() async throws {
        let rig = FleetRig()
        rig.rounds["prod-a"]!.deliver(SessionFixtures.tracker(rounds: 3))
        rig.rounds["prod-b"]!.deliver(SessionFixtures.tracker(rounds: 4, downFrom: 2))
        _ = await rig.frame(showing: "prod-b", "2/3")
        rig.terminal.press(.char("j"))
        rig.terminal.press(.enter)
        #expect(await rig.frame(showing: "ensemble: prod-b", "waiting for the first poll round") != nil)
        #expect(await rig.until { rig.opened.value.map(\.0) == ["prod-a", "prod-b"] })
        #expect(await rig.until { rig.opened.value[0].1.closed })
        #expect(rig.rounds["prod-b"]!.pollRequests == 1)
        // prod-b's next round fills its panes; its tree reads go to prod-b's sessions only.
        rig.rounds["prod-b"]!.deliver(SessionFixtures.tracker(rounds: 5, downFrom: 2))
        #expect(await rig.frame(showing: "ensemble: prod-b", "2/3 up") != nil)
        rig.terminal.press(.char("3"))
        #expect(await rig.until { rig.opened.value[1].1.treeRequests.contains(.expand(path: "/", listHuge: false)) })
        #expect(rig.opened.value[0].1.treeRequests.isEmpty)
        // :ctx back to prod-a; an unknown name lists the names.
        rig.terminal.type(":ctx nope")
        rig.terminal.press(.enter)
        #expect(await rig.frame(showing: "no ensemble \"nope\" (ensembles: prod-a, prod-b)") != nil)
        rig.terminal.type(":ctx prod-a")
        rig.terminal.press(.enter)
        #expect(await rig.frame(showing: "ensemble: prod-a") != nil)
        #expect(await rig.until { rig.opened.value.count == 3 && rig.opened.value[1].1.closed })
        #expect(rig.rounds["prod-a"]!.pollRequests == 1)
        // F returns to the fleet.
        rig.terminal.press(.char("F"))
        #expect(await rig.frame(showing: "2 ensembles · shown: prod-a") != nil)
        await rig.quit()
        #expect(rig.opened.value[2].1.closed)
    }

    @Test func aHiddenEnsemblesRoundDrawsNothingOnAnEnsemblePane() async throws {
        let rig = FleetRig()
        rig.rounds["prod-a"]!.deliver(SessionFixtures.tracker(rounds: 3))
        _ = await rig.frame(showing: "prod-a", "3/3")
        rig.terminal.press(.char("1"))
        _ = await rig.frame(showing: "10.0.0.1:2181", "quorum ok")
        #expect(await rig.until { await rig.session.inputsApplied == 1 })
        let update = MonitorUpdate(
            round: 1, state: SessionFixtures.tracker(rounds: 2).state!, events: [],
            tracker: SessionFixtures.tracker(rounds: 2), sources: [:], roundDuration: .zero)
        let before = await rig.session.framesDrawn
        await rig.session.receive(.round(ensemble: "prod-b", update))
        #expect(await rig.session.framesDrawn == before)
        #expect(await rig.session.model.fleet.rows["prod-b"]?.polled == true)
        await rig.session.receive(.round(ensemble: "prod-a", update))
        #expect(await rig.session.framesDrawn == before + 1)
        // On the Fleet pane a hidden ensemble's round draws only when its row changed.
        rig.terminal.press(.char("F"))
        #expect(await rig.until { await rig.session.inputsApplied == 2 })
        let onFleet = await rig.session.framesDrawn
        await rig.session.receive(.round(ensemble: "prod-b", update))
        #expect(await rig.session.framesDrawn == onFleet)
        let changed = MonitorUpdate(
            round: 2, state: SessionFixtures.tracker(rounds: 4, downFrom: 2).state!, events: [],
            tracker: SessionFixtures.tracker(rounds: 4, downFrom: 2), sources: [:], roundDuration: .zero)
        await rig.session.receive(.round(ensemble: "prod-b", changed))
        #expect(await rig.session.framesDrawn == onFleet + 1)
        await rig.quit()
    }

    @Test func intervalChangesReachEveryEnsemble() async throws {
        let rig = FleetRig()
        _ = await rig.frame(showing: "prod-a")
        rig.terminal.press(.char("+"))
        #expect(await rig.until { rig.rounds.values.allSatisfy { $0.intervals == [.milliseconds(500)] } })
        await rig.quit()
    }

    @Test func oneUnnamedEnsembleShowsNoFleetAndNoName() async throws {
        let terminal = HeadlessTerminal(width: 140, height: 40)
        let rounds = ScriptedRounds()
        let session = DashboardSession(
            model: DashboardModel(options: .init(source: "test"), interval: 1), terminal: terminal, rounds: rounds,
            nodes: ScriptedNodes())
        let task = Task { await session.run() }
        rounds.deliver(SessionFixtures.tracker(rounds: 3))
        let frame = try #require(await terminal.frame(within: .seconds(60)) { $0.text().contains("3/3 up") })
        #expect(!frame.text().contains(" Fleet "))
        #expect(!frame.text().contains("ensemble:"))
        terminal.press(.char("q"))
        await task.value
    }
}
