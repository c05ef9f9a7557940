import EnsembleCore
import TUIKit
import Testing
import ZKScopeApp

/// The dashboard's reducer and screens, driven by key events and read back from an in-memory screen.
@Suite struct DashboardModelTests {
    @Test func keyTableHasNoConflictsAndHelpListsEveryBinding() {
        #expect(AppKeys.table.conflicts().isEmpty)
        let help = HelpScreen(table: AppKeys.table)
        for binding in AppKeys.table.bindings {
            #expect(help.lines.contains { $0.contains(binding.description) }, "\(binding.description) missing")
        }
        #expect(help.lines.contains("Demo (zkscope demo only)"))
    }

    @Test func ensemblePaneShowsRolesQuorumAndFindingsAt80x24() throws {
        let model = DashboardFixtures.model(DashboardFixtures.trackerWithDownMember())
        let screen = model.render(width: 80, height: 24)
        let lines = screen.text().components(separatedBy: "\n")
        #expect(lines.count == 24)
        #expect(lines[0].contains("Ensemble") && lines[0].contains("Locks"))
        let follower = try #require(lines.first { $0.contains("10.0.0.1:2181") })
        #expect(follower.contains("follower"))
        #expect(lines.contains { $0.contains("10.0.0.2:2181") && $0.contains("leader") })
        #expect(lines.contains { $0.contains("10.0.0.3:2181") && $0.contains("down") })
        #expect(lines.contains { $0.hasPrefix("quorum ok · voters 3 · majority 2") })
        #expect(lines.contains { $0.contains("member-down") })
        #expect(lines[23].hasPrefix("F1Help"))
        for line in lines { #expect(TextSanitizer.displayWidth(line) <= 80) }
        // The state cell is coloured by role.
        let row = try #require(lines.firstIndex { $0.contains("10.0.0.3:2181") })
        #expect(screen.roles(row: row).contains(.down))
    }

    @Test func helpOpensAndClosesAndQuitIsAnEffect() {
        var model = DashboardFixtures.model(DashboardFixtures.healthyTracker())
        #expect(model.handle(.key(.char("?"))).isEmpty)
        #expect(model.help != nil)
        #expect(model.render(width: 100, height: 40).text().contains("Help - Esc or ? to close"))
        _ = model.handle(.key(.escape))
        #expect(model.help == nil)
        #expect(model.handle(.key(.char("q"))) == [.quit])
    }

    @Test func panesCycleWithTabAndNumbers() {
        var model = DashboardFixtures.model(DashboardFixtures.trackerWithDownMember())
        _ = model.handle(.key(.tab))
        #expect(model.pane == .findings)
        let screen = model.render(width: 100, height: 30).text()
        #expect(screen.contains("Findings (") && screen.contains("Timeline ("))
        #expect(screen.contains("remedy:"))
        _ = model.handle(.key(.char("1")))
        #expect(model.pane == .ensemble)
        _ = model.handle(.key(.backTab))
        #expect(model.pane == .locks)
    }

    @Test func commandLineRunsCommands() {
        var model = DashboardFixtures.model(DashboardFixtures.healthyTracker())
        _ = model.handle(.key(.char(":")))
        #expect(model.editor?.prompt == ":")
        var effects: [AppEffect] = []
        for c in "theme light" { effects += model.handle(.key(.char(c))) }
        effects += model.handle(.key(.enter))
        #expect(effects == [.setTheme("light")])
        #expect(model.editor == nil)
        #expect(model.runCommand(":interval 5") == [.setInterval(5)])
        #expect(model.interval == 5)
        _ = model.runCommand("member 3")
        #expect(model.render(width: 120, height: 30).text().contains("10.0.0.3"))
        _ = model.runCommand("bogus")
        #expect(model.status?.isError == true)
        #expect(model.runCommand(":q") == [.quit])
    }

    @Test func pauseFreezesTheDisplayAndResumeCatchesUp() {
        var model = DashboardFixtures.model(DashboardFixtures.healthyTracker())
        _ = model.handle(.key(.char("p")))
        #expect(model.paused)
        model.update(tracker: DashboardFixtures.trackerWithDownMember())
        #expect(!model.render(width: 100, height: 30).text().contains("down"))
        _ = model.handle(.key(.char("p")))
        #expect(model.render(width: 100, height: 30).text().contains("down"))
    }

    @Test func refreshRateStepsWithPlusAndMinus() {
        var model = DashboardFixtures.model(DashboardFixtures.healthyTracker())
        #expect(model.handle(.key(.char("+"))) == [.setInterval(1)])
        #expect(model.handle(.key(.char("-"))) == [.setInterval(2)])
        #expect(model.handle(.key(.char("-"))) == [.setInterval(5)])
    }

    @Test func filterNarrowsTheMemberTable() {
        var model = DashboardFixtures.model(DashboardFixtures.healthyTracker())
        _ = model.handle(.key(.char("/")))
        for c in "leader" { _ = model.handle(.key(.char(c))) }
        _ = model.handle(.key(.enter))
        #expect(model.visibleMembers.map(\.address) == ["10.0.0.2:2181"])
        _ = model.handle(.key(.escape))
        #expect(model.visibleMembers.count == 3)
    }

    @Test func demoKeysOnlyWorkInDemoMode() {
        var plain = DashboardFixtures.model(DashboardFixtures.healthyTracker())
        #expect(plain.handle(.key(.char("K"))).isEmpty)
        var demo = DashboardFixtures.model(DashboardFixtures.healthyTracker(), demo: true)
        #expect(demo.handle(.key(.char("K"))) == [.demo(.killLeader)])
        #expect(demo.render(width: 120, height: 30).text().contains("KKillLdr"))
    }

    @Test func mouseClickOnATabSwitchesPane() {
        var model = DashboardFixtures.model(DashboardFixtures.healthyTracker())
        let frame = model.frame(width: 100, height: 30)
        model.remember(frame)
        let screen = frame.screen
        let column = screen.rowText(0).distance(
            from: screen.rowText(0).startIndex, to: screen.rowText(0).range(of: "Findings")!.lowerBound)
        _ = model.handle(.mouse(MouseEvent(x: column, y: 0, button: .left)))
        #expect(model.pane == .findings)
    }

    @Test func escapeSequencesInFindingsNeverReachTheScreenRaw() {
        var tracker = DashboardFixtures.healthyTracker()
        var snapshot = tracker.history.latest!
        snapshot.time = 10
        snapshot.members[2].reachability = .down
        snapshot.members[2].endpoint = MemberEndpoint(host: "evil\u{1B}[2J\u{07}", clientPort: 2181)
        tracker.record(snapshot)
        let model = DashboardFixtures.model(tracker)
        let screen = model.render(width: 120, height: 30)
        for cell in screen.cells { #expect(!cell.text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }) }
        #expect(screen.text().contains("evil^[[2J"))
    }
}
