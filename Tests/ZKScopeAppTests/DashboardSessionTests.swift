import EnsembleMonitor
import TUIKit
import Testing
import ZKScopeApp

/// A ``DashboardSession`` driven end to end with a headless terminal, scripted poll rounds and scripted znodes:
/// the whole loop (event in, model, effects out, frame drawn) in milliseconds, without a terminal or a cluster.
@Suite struct DashboardSessionTests {
    @Test func firstFrameThenAPollRoundShowsTheMembers() async throws {
        let rig = SessionRig()
        #expect(await rig.frame(showing: "waiting for the first poll round", "connecting") != nil)
        rig.rounds.deliver(SessionFixtures.tracker(rounds: 3))
        let frame = try #require(await rig.frame(showing: "10.0.0.2:2181", "leader"))
        #expect(frame.contains("3/3 up"))
        await rig.quit()
    }

    @Test func aKeyPressLeadsToAFrameAndTheReadsItNeeds() async throws {
        let rig = SessionRig()
        rig.rounds.deliver(SessionFixtures.tracker(rounds: 3))
        _ = await rig.frame(showing: "3/3 up")
        rig.terminal.press(.char("3"))
        #expect(await rig.frame(showing: "Tree as") != nil)
        #expect(rig.nodes.treeRequests.contains(.expand(path: "/", listHuge: false)))
        // The answer comes back through the session and is drawn.
        rig.nodes.answer(
            .children(
                path: "/", names: ["app", "zookeeper"], stat: SessionFixtures.stat(children: 2),
                childStats: ["/app": SessionFixtures.stat(), "/zookeeper": SessionFixtures.stat(children: 1)]))
        #expect(await rig.frame(showing: "app", "zookeeper", "3 rows") != nil)
        rig.terminal.press(.char("5"))
        #expect(await rig.frame(showing: "locks and latches") != nil)
        #expect(rig.nodes.treeRequests.contains(.scanLocks(rediscover: true)))
        await rig.quit()
    }

    @Test func aResizeRedrawsAtTheNewSize() async throws {
        let rig = SessionRig(width: 120, height: 40)
        let first = try #require(await rig.terminal.frame { _ in true })
        #expect(first.width == 120 && first.height == 40)
        rig.terminal.resize(width: 80, height: 24)
        let resized = try #require(await rig.terminal.frame { $0.width == 80 })
        #expect(resized.height == 24)
        #expect(await rig.session.size == (80, 24))
        await rig.quit()
    }

    @Test func quitEndsTheSessionClosesTheReadsAndStopsPolling() async {
        let rig = SessionRig()
        _ = await rig.terminal.frame { _ in true }
        rig.terminal.press(.char("q"))
        await rig.task.value
        #expect(rig.nodes.closed)
        #expect(await rig.until { rig.rounds.ended })
        // Nothing is drawn once the session ended.
        let frames = rig.terminal.frameCount
        await rig.session.receive(.input(.key(.char("3"))))
        #expect(rig.terminal.frameCount == frames)
    }

    @Test func aClosedTerminalEndsTheSession() async {
        let rig = SessionRig()
        rig.terminal.close()
        await rig.task.value
        #expect(rig.nodes.closed)
    }

    @Test func intervalKeysAndTheCommandReachThePollSource() async {
        let rig = SessionRig()
        rig.terminal.press(.char("+"))
        #expect(await rig.frame(showing: "refresh every 0.5s", "every 0.5s") != nil)
        #expect(rig.rounds.intervals == [.milliseconds(500)])
        rig.terminal.press(.char("-"))
        rig.terminal.press(.char("-"))
        #expect(await rig.frame(showing: "refresh every 2.0s") != nil)
        #expect(rig.rounds.intervals == [.milliseconds(500), .seconds(1), .seconds(2)])
        rig.terminal.press(.char(":"))
        rig.type("interval 5")
        rig.terminal.press(.enter)
        #expect(await rig.frame(showing: "every 5.0s") != nil)
        #expect(rig.rounds.intervals.last == .seconds(5))
        // Out of range: refused with the range, and the source is not touched.
        rig.terminal.press(.char(":"))
        rig.type("interval 0.01")
        rig.terminal.press(.enter)
        #expect(await rig.frame(showing: "usage: :interval SECONDS (0.2 to 300 seconds)") != nil)
        #expect(rig.rounds.intervals.count == 4)
        await rig.quit()
    }

    @Test func pauseFreezesTheDisplayAndResumeShowsTheNewestRound() async {
        let rig = SessionRig()
        rig.rounds.deliver(SessionFixtures.tracker(rounds: 3))
        _ = await rig.frame(showing: "3/3 up")
        rig.terminal.press(.char("p"))
        let pausedAt = rig.terminal.frameCount
        #expect(await rig.frame(showing: "PAUSED") != nil)
        rig.rounds.deliver(SessionFixtures.tracker(rounds: 8, downFrom: 4))
        // The round is taken (a frame follows it) but the display stays as it was.
        let afterRound = await rig.frame(after: pausedAt + 1, showing: "PAUSED")
        #expect(afterRound?.contains("3/3 up") == true)
        rig.terminal.press(.char("p"))
        #expect(await rig.frame(showing: "2/3 up", "resumed") != nil)
        await rig.quit()
    }

    @Test func writeKeysInReadOnlyModeSayWhyAndSendNothing() async {
        let rig = SessionRig(writes: false)
        rig.terminal.press(.char("3"))
        rig.nodes.answer(
            .children(
                path: "/", names: ["app"], stat: SessionFixtures.stat(children: 1),
                childStats: ["/app": SessionFixtures.stat()]))
        _ = await rig.frame(showing: "app")
        for key in ["c", "e", "d"] {
            let before = rig.terminal.frameCount
            rig.terminal.press(.char(Character(key)))
            #expect(await rig.frame(after: before, showing: "writes are off (read-only)", "--allow-writes") != nil)
        }
        #expect(rig.nodes.writes.isEmpty)
        await rig.quit()
    }

    @Test func aConfirmedWriteGoesToTheClusterAndItsOutcomeToTheStatusLine() async {
        let rig = SessionRig(writes: true)
        rig.terminal.press(.char("3"))
        rig.nodes.answer(
            .children(
                path: "/", names: ["app"], stat: SessionFixtures.stat(children: 1),
                childStats: ["/app": SessionFixtures.stat()]))
        _ = await rig.frame(showing: "app")
        rig.terminal.press(.down)
        rig.terminal.press(.char("d"))
        #expect(await rig.frame(showing: "Delete /app?") != nil)
        rig.terminal.press(.char("y"))
        #expect(await rig.frame(showing: "wrote delete") != nil)
        #expect(rig.nodes.writes == [.delete(path: "/app", recursive: false)])
        await rig.quit()
    }

    @Test func demoKeysRunTheFaultAndAskForARoundAtOnce() async {
        let injected = Shared<[DemoFault]>([])
        let rig = SessionRig { fault in
            injected.update { $0.append(fault) }
            return "killed the leader (member 2)"
        }
        rig.terminal.press(.char("K"))
        #expect(await rig.frame(showing: "killed the leader (member 2)") != nil)
        #expect(injected.value == [.killLeader])
        #expect(await rig.until { rig.rounds.pollRequests == 1 })
        await rig.quit()
    }

    @Test func redrawAndAnUnknownThemeAreHandled() async {
        let rig = SessionRig()
        rig.terminal.press(.ctrl("l"))
        #expect(await rig.until { rig.terminal.repaints == 1 })
        rig.terminal.press(.char(":"))
        rig.type("theme no-such-theme-here")
        rig.terminal.press(.enter)
        #expect(await rig.frame(showing: "theme no-such-theme-here:") != nil)
        #expect(rig.terminal.themeName == nil)
        await rig.quit()
    }

    @Test func aLogThatCannotBeWrittenIsShown() async {
        let rig = SessionRig()
        rig.session.send(.logProblem("log not written: /x is a symbolic link"))
        #expect(await rig.frame(showing: "log not written: /x is a symbolic link") != nil)
        await rig.quit()
    }

    /// A fleet view would host one session per ensemble in one process: nothing is shared between them.
    @Test func twoSessionsInOneProcessAreIndependent() async {
        let first = SessionRig()
        let second = SessionRig()
        first.rounds.deliver(SessionFixtures.tracker(rounds: 3))
        second.rounds.deliver(SessionFixtures.tracker(rounds: 6, downFrom: 2))
        first.terminal.press(.char("+"))
        second.terminal.press(.char("2"))
        #expect(await first.frame(showing: "3/3 up", "every 0.5s", "Ensemble") != nil)
        #expect(await second.frame(showing: "2/3 up", "every 1.0s", "by severity") != nil)
        #expect(second.rounds.intervals.isEmpty)
        await first.quit()
        #expect(first.nodes.closed && !second.nodes.closed)
        second.terminal.press(.char("3"))
        #expect(await second.frame(showing: "Tree as") != nil)
        await second.quit()
    }
}
