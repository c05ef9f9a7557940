import EnsembleCore
import EnsembleMonitor
import Foundation
import Testing

@testable import CommandOutput

/// `zkscope check`'s text and `--json` output, pinned: README calls both a contract (scripts parse the JSON,
/// Nagios reads the first line), so any change to them must be a deliberate change to these tests.
@Suite struct CheckOutputTests {
    /// A leader and a member that is down, with one warning; built from the JSON form (the only public way
    /// to make a `MemberSummary` without a poll), which also pins that the form reads back.
    static func report() throws -> CheckReport {
        let members = """
            [{"address":"127.0.0.1:2181","id":1,"state":"serving","role":"leader","zxid":"0x100000002","epoch":1,
              "znodes":10,"ephemerals":2,"sessions":3,"connections":4,"readsPerSecond":12.34,"writesPerSecond":0.05,
              "signals":["srvr","mntr"],"version":"3.8.4","restarts":0,"pauses":0,"reason":null},
             {"address":"127.0.0.1:2182","id":2,"state":"down","role":null,"zxid":null,"epoch":null,"znodes":null,
              "ephemerals":null,"sessions":null,"connections":null,"readsPerSecond":null,"writesPerSecond":null,
              "signals":[],"version":null,"restarts":1,"pauses":0,
              "reason":"connection refused: nothing listens on 127.0.0.1:2182"}]
            """
        let decoded = try JSONDecoder().decode([MemberSummary].self, from: Data(members.utf8))
        let finding = Finding(
            code: .memberDown, severity: .warning, members: ["127.0.0.1:2182"],
            message: "127.0.0.1:2182 is down", evidence: ["since": "3 polls", "error": "refused"],
            remedy: "Start ZooKeeper on 127.0.0.1:2182")
        return CheckReport(members: decoded, findings: [finding])
    }

    static let configuration = EnsembleConfiguration(
        source: "--servers",
        members: [
            MemberEndpoint(host: "127.0.0.1", clientPort: 2181), MemberEndpoint(host: "127.0.0.1", clientPort: 2182),
        ])

    static let sources = [
        "127.0.0.1:2181": SourceReport(
            answered: ["srvr", "mntr"], blocked: ["wchs": "not in the whitelist"], adminServer: "ok on 8080"),
        "127.0.0.1:2182": SourceReport(answered: [], blocked: [:], adminServer: "off"),
    ]

    @Test func text() throws {
        let text = CheckText.render(report: try Self.report(), configuration: Self.configuration, sources: Self.sources)
        let expected = """
            ZOOKEEPER WARNING - 1/2 members serving, leader 127.0.0.1:2181; member-down
            Members (2, from --servers):
              MEMBER          ID  STATE    ROLE    ZXID         EPOCH  ZNODES  EPHEM  SESS  CONN  READ/S  WRITE/S  SIGNALS
              127.0.0.1:2181  1   serving  leader  0x100000002  1      10      2      3     4     12.3    0.1      srvr,mntr
              127.0.0.1:2182  2   down     -       -            -      -       -      -     -     -       -        -
              127.0.0.1:2181: blocked: wchs (4lw.commands.whitelist); AdminServer ok on 8080
              127.0.0.1:2182: down: connection refused: nothing listens on 127.0.0.1:2182; AdminServer off

            Findings (1):
              WARNING member-down [127.0.0.1:2182]
                127.0.0.1:2182 is down
                evidence: error=refused, since=3 polls
                remedy: Start ZooKeeper on 127.0.0.1:2182
            """
        #expect(text == expected)
    }

    @Test func statusLineForEachExitCode() throws {
        var report = try Self.report()
        #expect(CheckText.statusLine(report).hasPrefix("ZOOKEEPER WARNING - "))
        report.findings = []
        #expect(CheckText.statusLine(report) == "ZOOKEEPER OK - 1/2 members serving, leader 127.0.0.1:2181")
        report.findings = [
            Finding(code: .memberDown, severity: .critical, members: [], message: "m", remedy: "r"),
            Finding(code: .memberDown, severity: .warning, members: ["x"], message: "m", remedy: "r"),
        ]
        // One code named once, however many findings carry it.
        #expect(
            CheckText.statusLine(report)
                == "ZOOKEEPER CRITICAL - 1/2 members serving, leader 127.0.0.1:2181; member-down")
        #expect(
            CheckText.statusLine(CheckReport(members: [], findings: [])) == "ZOOKEEPER UNKNOWN - 0/0 members serving")
    }

    @Test func textHasNoFindingsLineAndSanitizesServerWords() throws {
        var report = try Self.report()
        report.findings = []
        report.members[0].role = "lead\u{1B}[2Jer"
        let text = CheckText.render(report: report, configuration: Self.configuration, sources: [:])
        #expect(text.hasSuffix("\n\nNo findings."))
        #expect(!text.contains("\u{1B}"))
        #expect(text.contains("lead^[[2Jer"))
    }

    @Test func tableAlignsByTerminalColumns() {
        #expect(CheckText.table([["a", "bb", "c"], ["例え", "x", "y"]]) == ["a     bb  c", "例え  x   y"])
    }

    @Test func json() throws {
        let json = try CheckJSON.render(try Self.report())
        let expected = """
            {
              "findings" : [
                {
                  "code" : "member-down",
                  "evidence" : {
                    "error" : "refused",
                    "since" : "3 polls"
                  },
                  "members" : [
                    "127.0.0.1:2182"
                  ],
                  "message" : "127.0.0.1:2182 is down",
                  "remedy" : "Start ZooKeeper on 127.0.0.1:2182",
                  "severity" : "warning"
                }
              ],
              "members" : [
                {
                  "address" : "127.0.0.1:2181",
                  "connections" : 4,
                  "ephemerals" : 2,
                  "epoch" : 1,
                  "id" : 1,
                  "pauses" : 0,
                  "readsPerSecond" : 12.34,
                  "reason" : null,
                  "restarts" : 0,
                  "role" : "leader",
                  "sessions" : 3,
                  "signals" : [
                    "srvr",
                    "mntr"
                  ],
                  "state" : "serving",
                  "tls" : null,
                  "version" : "3.8.4",
                  "writesPerSecond" : 0.05,
                  "znodes" : 10,
                  "zxid" : "0x100000002"
                },
                {
                  "address" : "127.0.0.1:2182",
                  "connections" : null,
                  "ephemerals" : null,
                  "epoch" : null,
                  "id" : 2,
                  "pauses" : 0,
                  "readsPerSecond" : null,
                  "reason" : "connection refused: nothing listens on 127.0.0.1:2182",
                  "restarts" : 1,
                  "role" : null,
                  "sessions" : null,
                  "signals" : [

                  ],
                  "state" : "down",
                  "tls" : null,
                  "version" : null,
                  "writesPerSecond" : null,
                  "znodes" : null,
                  "zxid" : null
                }
              ]
            }
            """
        #expect(json == expected)
    }

    @Test func jsonEscapesWhatATerminalWouldObey() throws {
        var report = try Self.report()
        report.findings[0].message = "quoted reply: \u{9B}31m \u{202E}evil \u{1B}[0m"
        let json = try CheckJSON.render(report)
        #expect(json.contains(#""message" : "quoted reply: \u009b31m \u202eevil \u001b[0m""#))
        // Still JSON that means the same.
        let decoded = try JSONDecoder().decode(CheckReport.self, from: Data(json.utf8))
        #expect(decoded.findings[0].message == report.findings[0].message)
    }
}
