import EnsembleCore
import TUIKit
import Testing
import ZKScopeApp
import ZooKeeperAdmin

/// The ensemble table's rows and the quorum line, computed from hand-made poll rounds.
@Suite struct EnsembleViewModelTests {
    @Test func rowsShowRolesLagRatesAndRatio() throws {
        let view = EnsembleViewModel(tracker: DashboardFixtures.healthyTracker())
        #expect(view.rows.map(\.state) == ["follower", "leader", "follower"])
        #expect(view.rows.map(\.stateRole) == [.follower, .leader, .follower])
        #expect(view.rows.map(\.id) == ["1", "2", "3"])
        #expect(view.rows[0].lag == "2")
        #expect(view.rows[1].lag == "-")
        #expect(view.rows[2].lag == "0")
        #expect(view.rows[0].reads == "100")
        #expect(view.rows[0].writes == "2.0")
        #expect(view.rows[0].ratio == "50:1")
        #expect(view.rows[0].ratioRole == .ratioGood)
        #expect(view.rows[0].uptime == "1h02m")
        #expect(view.rows[0].latency == "0.4/12")
        #expect(view.rows[0].readSeries.count == 4)
        #expect(view.readSeries.last == 300)
        let quorum = try #require(view.quorum)
        #expect(quorum.hasQuorum)
        #expect(quorum.voters == 3 && quorum.majority == 2 && quorum.servingVoters == 3)
        #expect(quorum.line.contains("synced followers 2/2"))
        #expect(quorum.line.contains("odd size"))
        #expect(quorum.role == .statusOK)
    }

    @Test func writeHeavyRatioIsColouredBad() {
        var tracker = EnsembleTracker(configuration: DashboardFixtures.configuration)
        for round in 0..<3 {
            let t = Double(round)
            tracker.record(
                EnsembleSnapshot(
                    time: t,
                    members: (0..<3).map {
                        DashboardFixtures.member(
                            $0, time: t, role: $0 == 0 ? .leader : .follower, reads: Int64(round * 10),
                            writes: Int64(round * 5))
                    }))
        }
        let view = EnsembleViewModel(tracker: tracker)
        #expect(view.rows[0].ratio == "2.0:1")
        #expect(view.rows[0].ratioRole == .ratioBad)
    }

    @Test func downMemberAndItsFindingAreShown() throws {
        let view = EnsembleViewModel(tracker: DashboardFixtures.trackerWithDownMember())
        #expect(view.rows[2].state == "down")
        #expect(view.rows[2].stateRole == .down)
        #expect(view.rows[2].znodes == "-")
        #expect(view.findings.contains { $0.code.rawValue == "member-down" })
        #expect(view.events.contains { $0.message.contains("down") })
        let quorum = try #require(view.quorum)
        #expect(quorum.servingVoters == 2 && quorum.hasQuorum)
        // A down member is not "missing signals"; the line says why it is down instead.
        #expect(quorum.missingSignals.isEmpty)
        #expect(quorum.signalsLine == "10.0.0.3:2181 down: connection refused: nothing listens on the port")
    }

    @Test func servingMemberThatRefusesSourcesIsListed() throws {
        var snapshot = EnsembleSnapshot(
            time: 0,
            members: (0..<3).map { DashboardFixtures.member($0, time: 0, role: $0 == 0 ? .leader : .follower) })
        snapshot.members[1].sources[.mntr] = .notWhitelisted
        let quorum = QuorumSummary(snapshot: snapshot, configuration: nil)
        #expect(quorum.missingSignals.count == 1)
        #expect(quorum.signalsLine.contains("mntr"))
    }

    @Test func evenEnsembleGetsSizeAdvice() {
        var snapshot = EnsembleSnapshot(
            time: 0,
            members: (0..<4).map { DashboardFixtures.member($0 % 3, time: 0, role: $0 == 0 ? .leader : .follower) })
        snapshot.members[3].endpoint = MemberEndpoint(host: "10.0.0.4", clientPort: 2181)
        let quorum = QuorumSummary(snapshot: snapshot, configuration: nil)
        #expect(quorum.voters == 3)  // the leader's quorum_size wins over the count polled
        var config = EnsembleConfiguration(source: "t", members: [])
        config.servers = (1...4).map {
            ServerSpec(id: $0, host: "h\($0)", quorumPort: 2888, electionPort: 3888, type: .participant)
        }
        let even = QuorumSummary(snapshot: snapshot, configuration: config)
        #expect(even.voters == 4 && even.majority == 3)
        #expect(even.sizeAdvice.contains("even size"))
        #expect(even.role == .statusWarn)
    }

    @Test func formatHelpers() {
        #expect(Format.count(nil) == "-")
        #expect(Format.count(123_456) == "123.5k")
        #expect(Format.duration(seconds: 59) == "59s")
        #expect(Format.duration(seconds: 90_000) == "1d01h")
        #expect(Format.ratio(.infinity) == "∞")
        #expect(Format.session(0x100_0000_0000_0001) == "0x100000000000001")
    }
}
