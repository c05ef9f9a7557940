import EnsembleCore
import Foundation
import Testing

@testable import TimelineStore

/// Only events not recorded before reach the store, at Unix time.
@Suite struct TimelineRecorderTests {
    @Test func recordsOnlyNewEventsShiftedToUnixTime() async throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        let store = try EventStore.open(directory: temp.state)
        let recorder = TimelineRecorder(store: store, ensemble: "prod", timeOffset: 1_700_000_000)
        let first = [Events.restart("a:1", at: 10), Events.raised("a:1", at: 10)]
        #expect(try await recorder.record(first) == 2)
        // The tracker's whole list: the old ones again plus one new.
        let second = first + [Events.leader("a:1", "b:1", at: 12)]
        #expect(try await recorder.record(second) == 1)
        #expect(try await recorder.record(second) == 0)
        #expect(try await recorder.record([]) == 0)
        let stored = try store.events()
        #expect(stored.map(\.time) == [1_700_000_010, 1_700_000_010, 1_700_000_012])
        #expect(stored.map(\.kind) == ["member-restarted", "finding-raised", "leader-changed"])
    }

    @Test func sameTimeDifferentEventIsNew() {
        var filter = NewEventFilter()
        #expect(filter.admit([Events.restart("a:1", at: 5)]).count == 1)
        #expect(filter.admit([Events.restart("a:1", at: 5), Events.restart("b:1", at: 5)]).count == 1)
        #expect(filter.admit([Events.restart("c:1", at: 4)]).isEmpty)
    }

    @Test func kindCodesMatchFollowsWords() {
        let finding = Finding(code: .memberDown, severity: .warning, members: ["a:1"], message: "m", remedy: "r")
        let kinds: [TimelineEvent.Kind] = [
            .memberStateChanged(from: .serving, to: .down), .roleChanged(from: .follower, to: .leader),
            .leaderChanged(from: nil, to: "a:1"), .election(fromEpoch: 1, toEpoch: 2),
            .memberRestarted(.processRestart), .memberPaused(seconds: 3), .findingRaised(finding),
            .findingCleared(finding),
        ]
        let codes = kinds.map { TimelineEventCode.kind(of: TimelineEvent(time: 0, kind: $0, members: [], message: "")) }
        #expect(
            codes == [
                "member-state-changed", "role-changed", "leader-changed", "election", "member-restarted",
                "member-paused", "finding-raised", "finding-cleared",
            ])
    }
}
