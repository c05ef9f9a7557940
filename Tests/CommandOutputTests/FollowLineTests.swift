import EnsembleCore
import Foundation
import Testing

@testable import CommandOutput

/// `zkscope check --follow`: one JSON object per event, keys sorted, optional keys left out when they do not
/// apply (README: `time`, `kind`, `members`, `message`, and `code`, `severity`, `from`, `to`, `evidence`).
@Suite struct FollowLineTests {
    private func json(_ kind: TimelineEvent.Kind, evidence: [String: String]? = nil) throws -> String {
        let event = TimelineEvent(
            time: 12, kind: kind, members: ["127.0.0.1:2181"], message: "what happened", evidence: evidence)
        return try FollowPrinter.json(FollowPrinter.line(event, time: "2026-12-02T07:00:00.000Z"))
    }

    @Test func everyKind() throws {
        let who = #""members":["127.0.0.1:2181"],"message":"what happened""#
        let when = #""time":"2026-12-02T07:00:00.000Z""#
        let common = who + "," + when
        #expect(
            try json(.memberStateChanged(from: .serving, to: .down))
                == #"{"from":"serving","kind":"member-state-changed",\#(common),"to":"down"}"#)
        #expect(
            try json(.roleChanged(from: .follower, to: .leader))
                == #"{"from":"follower","kind":"role-changed",\#(common),"to":"leader"}"#)
        #expect(
            try json(.leaderChanged(from: nil, to: "127.0.0.1:2181"))
                == #"{"kind":"leader-changed",\#(common),"to":"127.0.0.1:2181"}"#)
        #expect(
            try json(.election(fromEpoch: 1, toEpoch: 2)) == #"{"from":"1","kind":"election",\#(common),"to":"2"}"#)
        #expect(
            try json(.memberRestarted(.processRestart), evidence: ["uptime": "3 s"])
                == #"{"evidence":{"uptime":"3 s"},"kind":"member-restarted",\#(common),"to":"process-restart"}"#)
        #expect(
            try json(.memberPaused(seconds: 4), evidence: ["polls": "2"])
                == #"{"evidence":{"polls":"2"},"kind":"member-paused",\#(common)}"#)
        let finding = Finding(
            code: .memberDown, severity: .warning, members: ["127.0.0.1:2181"], message: "down",
            evidence: ["error": "refused"], remedy: "start it")
        #expect(
            try json(.findingRaised(finding))
                == #"{"code":"member-down","evidence":{"error":"refused"},"kind":"finding-raised",\#(who),"severity":"warning",\#(when)}"#
        )
        #expect(
            try json(.findingCleared(finding))
                == #"{"code":"member-down","kind":"finding-cleared",\#(who),"severity":"warning",\#(when)}"#)
    }

    @Test func oneLineWithTerminalEscapesAndSlashesKept() throws {
        let event = TimelineEvent(
            time: 1, kind: .leaderChanged(from: "a/b", to: nil), members: [], message: "line\nbreak \u{9B}2J")
        let line = try FollowPrinter.json(FollowPrinter.line(event, time: "t"))
        #expect(
            line == #"{"from":"a/b","kind":"leader-changed","members":[],"message":"line\nbreak \u009b2J","time":"t"}"#)
        #expect(!line.contains("\n"))
    }

    @Test func timeIsISO8601UTCWithMilliseconds() {
        #expect(FollowPrinter.timestamp(Date(timeIntervalSince1970: 1_796_000_000.25)) == "2026-11-30T00:53:20.250Z")
    }
}
