import EnsembleCore
import Foundation
import Testing
import TimelineStore

@testable import CommandOutput

/// `zkscope history`: exact text and JSON for stored events, the empty-store lines, and `--since`.
@Suite struct HistoryOutputTests {
    static let restart = StoredEvent(
        id: 1, ensemble: "prod", time: 1_764_655_200.25, kind: "member-restarted", members: ["127.0.0.1:2181"],
        message: "127.0.0.1:2181 restarted: uptime and per-process counters started over",
        evidence: ["uptime_after_ms": "1200"])
    static let raised = StoredEvent(
        id: 2, ensemble: "staging", time: 1_764_655_261, kind: "finding-raised", code: "quorum-lost",
        severity: "critical", members: [], message: "critical quorum-lost: 1 of 3 serving\u{1B}[2J")

    @Test func textIsOneUTCLinePerEventOldestFirst() {
        let lines = HistoryText.render([Self.restart, Self.raised], emptyLine: "unused")
        #expect(
            lines == [
                "2025-12-02T06:00:00Z  prod  member-restarted  127.0.0.1:2181  "
                    + "127.0.0.1:2181 restarted: uptime and per-process counters started over",
                "2025-12-02T06:01:01Z  staging  finding-raised quorum-lost  -  critical quorum-lost: 1 of 3 serving^[[2J",
            ])
    }

    @Test func emptyLinesSayWhereItLookedAndWhoWritesIt() {
        #expect(
            HistoryText.render(
                [],
                emptyLine: HistoryText.emptyLine(
                    database: "/s/timeline.sqlite", exists: false, ensemble: nil, since: 0))
                == [
                    "no timeline yet: /s/timeline.sqlite does not exist (zkscope serve writes it; "
                        + "--state-dir picks another directory)"
                ])
        #expect(
            HistoryText.emptyLine(database: "/s/timeline.sqlite", exists: true, ensemble: "prod", since: 1_764_655_200)
                == "no events of ensemble prod since 2025-12-02T06:00:00Z in /s/timeline.sqlite (zkscope serve writes it)"
        )
    }

    @Test func jsonIsAStableDocument() throws {
        let document = HistoryJSON.document(
            [Self.restart, Self.raised], database: "/s/timeline.sqlite", exists: true, ensemble: nil,
            since: 1_764_568_800)
        let text = try HistoryJSON.render(document)
        #expect(
            text == """
                {
                  "count" : 2,
                  "database" : "/s/timeline.sqlite",
                  "database_exists" : true,
                  "ensemble" : null,
                  "events" : [
                    {
                      "ensemble" : "prod",
                      "evidence" : {
                        "uptime_after_ms" : "1200"
                      },
                      "kind" : "member-restarted",
                      "members" : [
                        "127.0.0.1:2181"
                      ],
                      "message" : "127.0.0.1:2181 restarted: uptime and per-process counters started over",
                      "time" : "2025-12-02T06:00:00.250Z"
                    },
                    {
                      "code" : "quorum-lost",
                      "ensemble" : "staging",
                      "kind" : "finding-raised",
                      "members" : [

                      ],
                      "message" : "critical quorum-lost: 1 of 3 serving\\u001b[2J",
                      "severity" : "critical",
                      "time" : "2025-12-02T06:01:01.000Z"
                    }
                  ],
                  "since" : "2025-12-01T06:00:00.000Z"
                }
                """)
    }

    @Test func sinceTakesDurationsAndTimes() throws {
        let now = Date(timeIntervalSince1970: 1_764_655_200)
        #expect(try HistoryWindow.since("24h", now: now).get() == 1_764_655_200 - 86_400)
        #expect(try HistoryWindow.since("7d", now: now).get() == 1_764_655_200 - 7 * 86_400)
        #expect(try HistoryWindow.since("30m", now: now).get() == 1_764_655_200 - 1800)
        #expect(try HistoryWindow.since("2025-12-01T22:00:00Z", now: now).get() == 1_764_626_400)
        #expect(try HistoryWindow.since("2025-12-01T22:00:00.500Z", now: now).get() == 1_764_626_400.5)
        #expect(try HistoryWindow.since("2025-12-01", now: now).get() == 1_764_547_200)
        for bad in ["", "yesterday", "24x", "-3h", "h"] {
            #expect(throws: HistoryWindowError.self) { try HistoryWindow.since(bad, now: now).get() }
        }
        #expect(
            HistoryWindowError(text: "soon").description
                == "--since soon: not a duration or a time; use 30m, 24h, 7d or an ISO 8601 time such as 2026-12-01T22:00:00Z"
        )
    }
}
