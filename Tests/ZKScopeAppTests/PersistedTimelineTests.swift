import EnsembleCore
import Foundation
import Testing
import ZKScopeApp

/// The Findings pane's timeline shows what `serve` persisted for the shown ensemble, marked as earlier and never
/// twice when this dashboard saw the same happening.
@Suite struct PersistedTimelineTests {
    /// Unix time at which the fake dashboard started (tracker time 0).
    static let start = 1_764_655_200.0  // 2025-12-02T06:00:00Z

    static func restart(_ member: String, at time: Double) -> TimelineEvent {
        TimelineEvent(
            time: time, kind: .memberRestarted(.processRestart), members: [member],
            message: "\(member) restarted: uptime and per-process counters started over")
    }

    @Test func persistedOnlyEventsJoinNewestFirstOnTheTrackersClock() {
        let live = [Self.restart("a:1", at: 20), Self.restart("a:1", at: 10)]
        let persisted = [Self.restart("b:1", at: Self.start - 3600), Self.restart("b:1", at: Self.start + 15)]
        let merged = PersistedTimelineMerge.entries(live: live, persisted: persisted, clockOffset: Self.start)
        #expect(merged.map(\.event.time) == [20, 15, 10, -3600])
        #expect(merged.map(\.persisted) == [false, true, false, true])
    }

    @Test func theSameHappeningSeenByBothIsShownOnceAsLive() {
        let live = [Self.restart("a:1", at: 100)]
        // serve saw it 4 s earlier on its own clock; a restart of another member, and the same one an hour
        // earlier, are different happenings.
        let persisted = [
            Self.restart("a:1", at: Self.start + 96), Self.restart("c:1", at: Self.start + 96),
            Self.restart("a:1", at: Self.start + 100 - 3600), Self.restart("a:1", at: Self.start + 100 - 3600),
        ]
        let merged = PersistedTimelineMerge.entries(live: live, persisted: persisted, clockOffset: Self.start)
        #expect(merged.map(\.persisted) == [false, true, true])
        #expect(merged.map(\.event.members) == [["a:1"], ["c:1"], ["a:1"]])
    }

    @Test func findingsMatchByCodeAndSeverityNotTheirNumbers() {
        func raised(_ message: String, at time: Double) -> TimelineEvent {
            let finding = Finding(
                code: .memberDown, severity: .warning, members: ["a:1"], message: message,
                evidence: ["refused_polls": message], remedy: "start it")
            return TimelineEvent(time: time, kind: .findingRaised(finding), members: ["a:1"], message: message)
        }
        let merged = PersistedTimelineMerge.entries(
            live: [raised("3", at: 50)], persisted: [raised("2", at: Self.start + 48)], clockOffset: Self.start)
        #expect(merged.count == 1)
        #expect(merged.first?.persisted == false)
    }

    @Test func sessionReadsTheNamedEnsembleAndDrawsEarlierEvents() async throws {
        let earlier = Self.restart("10.0.0.3:2181", at: Self.start - 7200)
        let source = FakePersistedTimeline(["prod": [earlier], "other": [Self.restart("x:1", at: Self.start - 60)]])
        let rig = SessionRig(
            width: 140, height: 40, ensembleName: "prod", clockOffset: Self.start, persisted: source,
            persistedRefresh: .milliseconds(50))
        rig.rounds.deliver(SessionFixtures.tracker(rounds: 3))
        rig.terminal.press(.char("2"))
        let frame = try #require(await rig.frame(showing: "1 earlier from serve", "10.0.0.3:2181 restarted"))
        #expect(frame.contains("earlier 10.0.0.3:2181 restarted"))
        #expect(!frame.contains("x:1"))
        // Read again on its own: a new stored event appears without a key or a round.
        source.set("prod", [earlier, Self.restart("10.0.0.1:2181", at: Self.start - 30)])
        #expect(await rig.frame(showing: "2 earlier from serve", "10.0.0.1:2181 restarted") != nil)
        #expect(Set(source.reads) == ["prod"])
        // A failing read says why once; the events already shown stay.
        source.fail("timeline database /x/timeline.sqlite is unreadable: move it aside")
        #expect(await rig.frame(showing: "move it aside", "2 earlier from serve") != nil)
        await rig.quit()
    }

    @Test func withoutAnEnsembleNameNothingIsRead() async throws {
        let source = FakePersistedTimeline(["prod": [Self.restart("10.0.0.3:2181", at: Self.start - 7200)]])
        let rig = SessionRig(clockOffset: Self.start, persisted: source, persistedRefresh: .milliseconds(10))
        rig.rounds.deliver(SessionFixtures.tracker(rounds: 3, downFrom: 2))
        rig.terminal.press(.char("2"))
        let frame = try #require(await rig.frame(showing: "Timeline ("))
        #expect(!frame.contains("earlier"))
        await rig.quit()
        #expect(source.reads.isEmpty)
    }
}
