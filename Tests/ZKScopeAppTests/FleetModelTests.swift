import EnsembleCore
import TUIKit
import Testing
import ZKScopeApp
import ZooKeeperAdmin

/// The Fleet pane's pure parts: a row per ensemble from its newest round, sorting, the `/` filter, `:ctx`
/// names, and the model's panes and header with one or several ensembles.
@Suite struct FleetModelTests {
    /// One member serving standalone, polled `rounds` times.
    static func standaloneTracker(rounds: Int = 3) -> EnsembleTracker {
        let endpoint = MemberEndpoint(host: "10.0.1.1", clientPort: 2181)
        var tracker = EnsembleTracker(
            configuration: EnsembleConfiguration(source: "test", members: [endpoint]))
        for round in 0..<rounds {
            var member = MemberSnapshot(endpoint: endpoint, time: Double(round), reachability: .serving)
            member.role = .standalone
            member.epoch = 1
            member.zxid = Zxid(epoch: 1, counter: 5)
            member.znodes = 7
            member.globalSessions = 1
            member.counters = ["cnt_app_read_per_namespace": Int64(round * 10), "cnt_updatelatency": 0]
            member.sources = [.srvr: .answered, .mntr: .answered]
            tracker.record(EnsembleSnapshot(time: Double(round), members: [member]))
        }
        return tracker
    }

    @Test func aHealthyEnsembleSummarisesIntoOneRow() {
        let row = FleetRow(name: "prod-a", tracker: DashboardFixtures.healthyTracker())
        #expect(row.up == 3 && row.total == 3)
        #expect(row.leader == "10.0.0.2:2181")
        #expect(row.epoch == 3)
        #expect(row.worst == nil && row.findingCount == 0)
        #expect(row.znodes == 42)
        #expect(row.sessions == 7)
        #expect(row.readsPerSecond == 300)
        #expect(row.writesPerSecond == 6)
        #expect(row.readWriteRatio == 50)
        #expect(row.cells == ["prod-a", "3/3", "10.0.0.2:2181", "3", "ok", "42", "7", "300", "6.0", "50:1"])
    }

    @Test func aDownMemberShowsAsTheWorstFindingWithItsCount() throws {
        let tracker = DashboardFixtures.trackerWithDownMember()
        let row = FleetRow(name: "prod-b", tracker: tracker)
        #expect(row.up == 2 && row.total == 3)
        let worst = try #require(row.worst)
        #expect(worst.severity == tracker.findings.map(\.severity).max())
        #expect(row.findingCount == tracker.findings.count && row.findingCount >= 1)
        #expect(tracker.findings.contains { $0.code == .memberDown })
        #expect(row.findingText == "\(worst.severity.label) \(worst.code.rawValue) (\(row.findingCount))")
        #expect(row.cellRoles[1] == .statusWarn)
    }

    @Test func aStandaloneMemberAndAnUnpolledEnsemble() {
        let standalone = FleetRow(name: "solo", tracker: Self.standaloneTracker())
        #expect(standalone.leader == "standalone")
        #expect(standalone.up == 1 && standalone.total == 1)
        #expect(standalone.readWriteRatio == .infinity)
        #expect(standalone.cells[9] == "∞")
        let empty = FleetRow(name: "new", tracker: EnsembleTracker(configuration: DashboardFixtures.configuration))
        #expect(!empty.polled)
        #expect(empty.cells == ["new", "-", "-", "-", "-", "-", "-", "-", "-", "-"])
    }

    static func fleet() -> FleetModel {
        var fleet = FleetModel(names: ["charlie", "alpha", "bravo", "delta"])
        fleet.record("charlie", tracker: DashboardFixtures.healthyTracker())
        fleet.record("alpha", tracker: Self.standaloneTracker())
        fleet.record("bravo", tracker: DashboardFixtures.trackerWithDownMember())
        return fleet
    }

    @Test func rowsKeepTheConfigurationOrderUntilSorted() {
        var model = DashboardModel(ensembles: ["charlie", "alpha", "bravo", "delta"])
        model.update(tracker: DashboardFixtures.healthyTracker(), ensemble: "charlie")
        model.update(tracker: Self.standaloneTracker(), ensemble: "alpha")
        model.update(tracker: DashboardFixtures.trackerWithDownMember(), ensemble: "bravo")
        #expect(model.fleet.visibleRows.map(\.name) == ["charlie", "alpha", "bravo", "delta"])
        _ = model.runCommand("sort name")
        #expect(model.fleet.visibleRows.map(\.name) == ["alpha", "bravo", "charlie", "delta"])
        _ = model.perform(.sortReverse)
        #expect(model.fleet.visibleRows.map(\.name) == ["delta", "charlie", "bravo", "alpha"])
        // Worst first; ensembles without findings keep their configuration order, unpolled ones last.
        _ = model.runCommand("sort findings")
        #expect(model.fleet.visibleRows.map(\.name) == ["bravo", "charlie", "alpha", "delta"])
        _ = model.runCommand("sort members")
        #expect(model.fleet.visibleRows.first?.name == "bravo")
        #expect(model.fleet.visibleRows.last?.name == "delta")
        _ = model.runCommand("sort reads")
        #expect(model.fleet.visibleRows.map(\.name) == ["charlie", "bravo", "alpha", "delta"])
        _ = model.runCommand("sort bogus")
        #expect(model.status?.isError == true)
        #expect(model.status?.text.contains("usage: :sort name|members") == true)
    }

    @Test func sortKeyStepsThroughTheColumnsAndBack() {
        var model = DashboardModel(ensembles: ["a", "b"])
        for column in FleetColumn.allCases {
            _ = model.perform(.sortNext)
            #expect(model.fleet.sortColumn == column)
        }
        _ = model.perform(.sortNext)
        #expect(model.fleet.sortColumn == nil)
        #expect(model.status?.text == "fleet sorted by configuration order")
    }

    @Test func theFilterMatchesNamesLeadersAndFindings() {
        var model = DashboardModel(ensembles: ["charlie", "alpha", "bravo", "delta"])
        model.update(tracker: DashboardFixtures.trackerWithDownMember(), ensemble: "bravo")
        model.update(tracker: Self.standaloneTracker(), ensemble: "alpha")
        _ = model.perform(.filter)
        for character in "member-down" { _ = model.handle(.key(.char(character))) }
        #expect(model.fleet.visibleRows.map(\.name) == ["bravo"])
        _ = model.handle(.key(.escape))
        #expect(model.fleet.visibleRows.count == 4)
        _ = model.perform(.filter)
        for character in "standalone" { _ = model.handle(.key(.char(character))) }
        _ = model.handle(.key(.enter))
        #expect(model.fleet.visibleRows.map(\.name) == ["alpha"])
        let screen = model.render(width: 140, height: 30).text()
        #expect(screen.contains("alpha") && !screen.contains("bravo") && !screen.contains("delta"))
    }

    @Test func ctxNamesResolveExactlyOrByAUniquePrefix() {
        let fleet = Self.fleet()
        #expect(fleet.resolve("bravo") == "bravo")
        #expect(fleet.resolve("br") == "bravo")
        #expect(fleet.resolve("") == nil)
        #expect(fleet.resolve("zulu") == nil)
        var twins = FleetModel(names: ["prod-a", "prod-b"])
        #expect(twins.resolve("prod") == nil)
        twins.record("prod-a", tracker: DashboardFixtures.healthyTracker())
        #expect(twins.rows["prod-a"]?.polled == true)
        twins.record("unknown", tracker: DashboardFixtures.healthyTracker())
        #expect(twins.rows["unknown"] == nil)
        #expect(FleetModel(names: ["a", "b", "a"]).names == ["a", "b"])
        #expect(FleetModel(names: []).names == [FleetModel.unnamed])
    }

    @Test func theFleetPaneComesFirstOnlyWithSeveralEnsembles() {
        let fleet = DashboardModel(ensembles: ["prod-a", "prod-b"])
        #expect(fleet.pane == .fleet)
        #expect(fleet.panes.first == .fleet)
        let fleetScreen = fleet.render(width: 140, height: 30).text()
        #expect(fleetScreen.contains(" Fleet "))
        #expect(fleetScreen.contains("ensemble: prod-a"))
        #expect(fleetScreen.contains("prod-b"))

        var single = DashboardModel()
        #expect(single.pane == .ensemble)
        #expect(!single.panes.contains(.fleet))
        let singleScreen = single.render(width: 140, height: 30).text()
        #expect(!singleScreen.contains(" Fleet "))
        #expect(!singleScreen.contains("ensemble:"))
        _ = single.perform(.showPane(.fleet))
        #expect(single.pane == .ensemble)
        #expect(single.status?.text.contains("no fleet pane") == true)

        let named = DashboardModel(ensembles: ["prod-a"])
        let namedScreen = named.render(width: 140, height: 30).text()
        #expect(namedScreen.contains("ensemble: prod-a"))
        #expect(!namedScreen.contains(" Fleet "))
    }

    @Test func enterOpensTheSelectedEnsembleAndItsRoundsFillThePanes() {
        var model = DashboardModel(ensembles: ["prod-a", "prod-b"])
        model.update(tracker: DashboardFixtures.healthyTracker(), ensemble: "prod-a")
        model.update(tracker: DashboardFixtures.trackerWithDownMember(), ensemble: "prod-b")
        // prod-b's round updated only its row: the shown ensemble is still prod-a.
        #expect(model.view.rows.count == 3 && model.view.findings.isEmpty)
        _ = model.perform(.down)
        let effects = model.perform(.open)
        #expect(effects == [.switchEnsemble("prod-b")])
        #expect(model.pane == .ensemble)
        #expect(model.fleet.shown == "prod-b")
        #expect(model.view.rows.isEmpty)
        #expect(model.render(width: 140, height: 30).text().contains("ensemble: prod-b"))
        model.update(tracker: DashboardFixtures.trackerWithDownMember(), ensemble: "prod-b")
        #expect(!model.view.findings.isEmpty)
        // F goes back to the fleet with the shown ensemble selected.
        _ = model.handle(.key(.char("F")))
        #expect(model.pane == .fleet)
        #expect(model.fleet.selectedName == "prod-b")
        // Tab goes round Fleet, then the shown ensemble's panes.
        _ = model.perform(.previousPane)
        #expect(model.pane == .locks)
        _ = model.perform(.nextPane)
        #expect(model.pane == .fleet)
    }

    @Test func ctxSwitchesAndAnUnknownNameListsTheNames() {
        var model = DashboardModel(ensembles: ["prod-a", "prod-b"])
        #expect(model.runCommand("ctx prod-b") == [.switchEnsemble("prod-b")])
        #expect(model.fleet.shown == "prod-b")
        #expect(model.runCommand("ctx nope").isEmpty)
        #expect(model.status == StatusMessage(text: "no ensemble \"nope\" (ensembles: prod-a, prod-b)", isError: true))
        #expect(model.fleet.shown == "prod-b")
        // The shown one again: no switch, its Ensemble pane.
        _ = model.perform(.showPane(.fleet))
        #expect(model.runCommand("ctx prod-b").isEmpty)
        #expect(model.pane == .ensemble)
    }

    @Test func switchingDropsTheOldEnsemblesTreeAndLocks() {
        var model = DashboardModel(ensembles: ["prod-a", "prod-b"])
        model.update(tracker: DashboardFixtures.healthyTracker(), ensemble: "prod-a")
        let treeEffects = model.perform(.showPane(.tree))
        #expect(treeEffects.contains(.tree(.expand(path: "/", listHuge: false))))
        _ = model.apply(.locks([], observedAt: 5))
        #expect(model.lockObservedAt == 5)
        _ = model.runCommand("ctx prod-b")
        #expect(model.lockObservedAt == 0)
        #expect(model.tracker == nil)
        // The tree pane starts over on the new ensemble: it asks for / again.
        #expect(model.perform(.showPane(.tree)).contains(.tree(.expand(path: "/", listHuge: false))))
    }

    @Test func pausedFreezesTheFleetRowsUntilResumed() {
        var model = DashboardModel(ensembles: ["prod-a", "prod-b"])
        _ = model.perform(.togglePause)
        model.update(tracker: DashboardFixtures.healthyTracker(), ensemble: "prod-b")
        #expect(model.fleet.rows["prod-b"]?.polled == false)
        _ = model.perform(.togglePause)
        #expect(model.fleet.rows["prod-b"]?.polled == true)
    }
}
