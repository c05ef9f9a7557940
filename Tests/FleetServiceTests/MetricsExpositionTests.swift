import EnsembleCore
import Testing

@testable import FleetService

@Suite struct MetricsExpositionTests {
    /// One ensemble, `prod`, with a serving leader and a down member, and a member-down finding.
    static func state(findings: [FindingCode: Severity] = [.memberDown: .warning]) -> FleetState {
        var leader = MemberReading(address: "zk1:2181", state: .serving, role: "leader", version: "3.8.0")
        leader.zxid = 0x1_0000_0005
        leader.epoch = 1
        leader.lagTransactions = 0
        leader.latencyAverageSeconds = 0.002
        leader.latencyMaximumSeconds = 0.5
        leader.outstandingRequests = 0
        leader.connections = 3
        leader.ephemerals = 2
        leader.znodes = 10
        leader.watches = 4
        leader.readsPerSecond = 1.5
        leader.writesPerSecond = 0
        leader.restarts = 1
        let down = MemberReading(address: "zk2:2181", state: .down)
        var state = FleetState(ensembles: [
            .init(name: "prod", members: ["zk1:2181", "zk2:2181"]), .init(name: "later", members: ["zk9:2181"]),
        ])
        state.record(
            EnsembleReading(
                name: "prod", members: [leader, down], findings: findings, checkStatus: 1, quorumOK: true, leaders: 1,
                sessions: 7, znodes: 10, roundDuration: 0.25))
        return state
    }

    /// The lines of one family: its HELP, TYPE and samples.
    static func family(_ name: String, in text: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter {
            $0.hasPrefix("# HELP \(name) ") || $0.hasPrefix("# TYPE \(name) ") || $0.hasPrefix("\(name){")
                || $0.hasPrefix("\(name) ")
        }
    }

    @Test func memberUpAndInfoSayStateRoleAndVersion() {
        let text = MetricsExposition.render(Self.state())
        #expect(
            Self.family("zkscope_member_up", in: text) == [
                "# HELP zkscope_member_up 1 when the member serves requests, 0 otherwise.",
                "# TYPE zkscope_member_up gauge",
                #"zkscope_member_up{ensemble="prod",member="zk1:2181"} 1"#,
                #"zkscope_member_up{ensemble="prod",member="zk2:2181"} 0"#,
            ])
        #expect(
            Self.family("zkscope_member_info", in: text).dropFirst(2) == [
                #"zkscope_member_info{ensemble="prod",member="zk1:2181",state="serving",role="leader",version="3.8.0"} 1"#,
                #"zkscope_member_info{ensemble="prod",member="zk2:2181",state="down",role="unknown",version="unknown"} 1"#,
            ])
    }

    @Test func aMemberThatDidNotAnswerHasNoValueForWhatItCouldNotReport() {
        let text = MetricsExposition.render(Self.state())
        #expect(
            Self.family("zkscope_member_latency_avg_seconds", in: text).dropFirst(2) == [
                #"zkscope_member_latency_avg_seconds{ensemble="prod",member="zk1:2181"} 0.002"#
            ])
        #expect(
            Self.family("zkscope_member_zxid", in: text).dropFirst(2) == [
                #"zkscope_member_zxid{ensemble="prod",member="zk1:2181"} 4294967301"#
            ])
        // Counters are always there: restarts 0 for the down member, its poll error counted.
        #expect(
            Self.family("zkscope_member_restarts_total", in: text) == [
                "# HELP zkscope_member_restarts_total Process restarts seen since serve started watching (a new JVM; "
                    + "never an election).",
                "# TYPE zkscope_member_restarts_total counter",
                #"zkscope_member_restarts_total{ensemble="prod",member="zk1:2181"} 1"#,
                #"zkscope_member_restarts_total{ensemble="prod",member="zk2:2181"} 0"#,
            ])
        #expect(
            Self.family("zkscope_member_poll_errors_total", in: text).dropFirst(2) == [
                #"zkscope_member_poll_errors_total{ensemble="prod",member="zk1:2181"} 0"#,
                #"zkscope_member_poll_errors_total{ensemble="prod",member="zk2:2181"} 1"#,
            ])
        #expect(
            Self.family("zkscope_member_poll_duration_seconds", in: text).dropFirst(2) == [
                #"zkscope_member_poll_duration_seconds{ensemble="prod",member="zk1:2181"} 0.25"#,
                #"zkscope_member_poll_duration_seconds{ensemble="prod",member="zk2:2181"} 0.25"#,
            ])
    }

    @Test func ensembleSeriesAndCheckStatusIncludingNotYetPolled() {
        let text = MetricsExposition.render(Self.state())
        #expect(
            Self.family("zkscope_ensemble_quorum_ok", in: text).dropFirst(2) == [
                #"zkscope_ensemble_quorum_ok{ensemble="prod"} 1"#
            ])
        #expect(
            Self.family("zkscope_ensemble_members_up", in: text).dropFirst(2) == [
                #"zkscope_ensemble_members_up{ensemble="prod"} 1"#
            ])
        // `later` has not finished a round: unknown, as `check` says before it knows.
        #expect(
            Self.family("zkscope_check_status", in: text).dropFirst(2) == [
                #"zkscope_check_status{ensemble="prod"} 1"#, #"zkscope_check_status{ensemble="later"} 3"#,
            ])
        #expect(Self.family("zkscope_serve_ensembles", in: text).last == "zkscope_serve_ensembles 2")
        #expect(Self.family("zkscope_serve_up", in: text).last == "zkscope_serve_up 1")
    }

    @Test func aFindingSeriesExistsOnlyWhileRaised() {
        var state = Self.state(findings: [.memberDown: .warning, .quorumLost: .critical])
        var text = MetricsExposition.render(state)
        #expect(
            Self.family("zkscope_finding", in: text).dropFirst(2) == [
                #"zkscope_finding{ensemble="prod",code="member-down",severity="warning"} 1"#,
                #"zkscope_finding{ensemble="prod",code="quorum-lost",severity="critical"} 1"#,
            ])
        // The next round has no findings: the series are gone, the family header stays.
        state.record(
            EnsembleReading(
                name: "prod", members: [MemberReading(address: "zk1:2181", state: .serving)], findings: [:],
                checkStatus: 0, quorumOK: true, leaders: 1))
        text = MetricsExposition.render(state)
        #expect(
            Self.family("zkscope_finding", in: text) == [
                "# HELP zkscope_finding 1 while a finding with this code is raised in the ensemble (absent once it "
                    + "clears); severity is the worst among that code's findings.",
                "# TYPE zkscope_finding gauge",
            ])
    }

    @Test func everyFamilyHasOneHelpAndOneTypeLineBeforeItsSamples() {
        let text = MetricsExposition.render(Self.state())
        let lines = text.split(separator: "\n").map(String.init)
        var typed: [String] = []
        var current: String?
        for line in lines {
            if line.hasPrefix("# HELP ") {
                let name = String(line.dropFirst(7).prefix { $0 != " " })
                #expect(!typed.contains(name), "\(name) twice")
                typed.append(name)
                current = name
            } else if line.hasPrefix("# TYPE ") {
                #expect(line.dropFirst(7).prefix { $0 != " " } == current ?? "")
            } else {
                let name = String(line.prefix { $0 != "{" && $0 != " " })
                #expect(name == current, "\(line) outside its family")
            }
        }
        #expect(typed.count == 28)
        #expect(text.hasSuffix("\n"))
    }

    @Test func hostileLabelValuesAreEscaped() {
        var state = FleetState(ensembles: [.init(name: "we\"ird\\name\nx", members: ["h\"1:2181"])])
        state.record(
            EnsembleReading(
                name: "we\"ird\\name\nx", members: [MemberReading(address: "h\"1:2181", state: .serving)],
                findings: [:], checkStatus: 0, quorumOK: true, leaders: 0))
        let text = MetricsExposition.render(state)
        #expect(text.contains(#"zkscope_member_up{ensemble="we\"ird\\name\nx",member="h\"1:2181"} 1"#))
        // No sample line is broken by the newline in the name.
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            #expect(line.hasPrefix("zkscope_"), "\(line)")
        }
    }

    @Test func anEmptyFleetStillSaysServeIsUp() {
        let text = MetricsExposition.render(FleetState(ensembles: []))
        let samples = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(samples == ["zkscope_serve_ensembles 0", "zkscope_serve_up 1"])
    }
}

@Suite struct MetricsExpositionSizeTests {
    /// 100 ensembles of 3 members: the body has every member's series and is rendered in one pass (the time is
    /// printed for the README; the bound only catches a pathological renderer, even in a debug build).
    @Test func aHundredEnsemblesRenderInOnePass() {
        let names = (0..<100).map { "fleet-\($0)" }
        var state = FleetState(
            ensembles: names.map { name in .init(name: name, members: (0..<3).map { "10.0.0.\($0):2181" }) })
        for name in names {
            let members = (0..<3).map { index -> MemberReading in
                var member = MemberReading(address: "10.0.0.\(index):2181", state: .serving, role: "follower")
                member.zxid = 1
                member.epoch = 1
                member.lagTransactions = 0
                member.latencyAverageSeconds = 0.001
                member.latencyMaximumSeconds = 0.01
                member.outstandingRequests = 0
                member.connections = 1
                member.ephemerals = 1
                member.znodes = 1
                member.watches = 1
                member.readsPerSecond = 1
                member.writesPerSecond = 1
                return member
            }
            state.record(
                EnsembleReading(
                    name: name, members: members, findings: [.memberDown: .warning], checkStatus: 1, quorumOK: true,
                    leaders: 1, sessions: 1, znodes: 1))
        }
        let clock = ContinuousClock()
        var text = ""
        let elapsed = clock.measure { text = MetricsExposition.render(state) }
        print("render 100x3: \(elapsed), \(text.utf8.count) bytes")
        #expect(text.split(separator: "\n").count > 100 * 3 * 17)
        #expect(elapsed < .seconds(5))
    }
}
