import Foundation
import Testing
import ZooKeeperAdmin

@testable import EnsembleCore
@testable import ZooKeeperLab

/// The parsers and the snapshot assembly against the real ZooKeeper installed on this machine
/// (the captures they were written from came from a machine like this one; this proves the
/// live replies still parse, over the real transports).
@Suite(.serialized)
struct AdminParsersLiveTests {
    /// Polls every source of the ``SignalTable`` on one member once (one row per source: the words and the
    /// AdminServer's own endpoints), through the rows' own parsers and slots, the way a poller would.
    static func poll(_ member: LabMember, time: Double, previous: MemberSnapshot?) async -> MemberSnapshot {
        var replies = MemberReplies()
        for row in SignalTable.bySource {
            let exchange: SignalExchange
            switch row.request {
            case .word(let word):
                do {
                    // Generous deadlines: a JVM that just started (Jetty loading its classes) answers slowly on
                    // a loaded 2-core machine; the monitor's own deadlines are not what is tested here.
                    exchange = .word(
                        .success(
                            try await FourLetterWordClient.send(
                                word, host: member.host, port: member.clientPort, timeout: .seconds(5))))
                } catch {
                    exchange = .word(.failure(error))
                }
            case .admin(let command):
                do {
                    exchange = .admin(
                        .success(
                            try await AdminServerClient.get(
                                command, host: member.host, port: member.adminPort, timeout: .seconds(10))))
                } catch {
                    exchange = .admin(.failure(error))
                }
            }
            row.reply(to: exchange).store(into: &replies)
        }
        let endpoint = MemberEndpoint(
            host: member.host, clientPort: member.clientPort, adminPort: member.adminPort, expectedID: member.id)
        return MemberSnapshot.assemble(endpoint: endpoint, time: time, replies: replies, previous: previous)
    }

    @Test func healthyEnsembleParsesEverywhereAndRaisesNothingAboveInfo() async throws {
        try await LabEnsemble.with(LabOptions(members: 3)) { lab in
            try await lab.waitUntilServing(timeout: .seconds(60))
            var tracker = EnsembleTracker(
                configuration: try EnsembleConfiguration.parse(
                    zooCfg: try String(contentsOfFile: try #require(lab.member(1)).configPath, encoding: .utf8),
                    file: "zk1/zoo.cfg"))
            for round in 0..<3 {
                var members: [MemberSnapshot] = []
                for member in lab.members {
                    members.append(
                        await Self.poll(
                            member, time: Double(round),
                            previous: tracker.latestSnapshot(of: "\(member.host):\(member.clientPort)")))
                }
                tracker.record(EnsembleSnapshot(time: Double(round), members: members))
            }
            let latest = try #require(tracker.history.latest)
            for member in latest.members {
                #expect(member.reachability == .serving)
                for source in [SignalSource.srvr, .mntr, .conf, .isro, .envi, .cons, .dump, .wchs] {
                    #expect(
                        member.sources[source] == .answered,
                        "\(member.address) \(source): \(String(describing: member.sources[source]))")
                }
                for source in [
                    SignalSource.adminMonitor, .adminVotingView, .adminZabState, .adminLeader, .adminServerStats,
                ] {
                    #expect(
                        member.sources[source] == .answered,
                        "\(member.address) \(source): \(String(describing: member.sources[source]))")
                }
                #expect(member.serverID == member.endpoint.expectedID)
                #expect(member.membership?.count == 3)
                #expect(member.version?.major == 3)
                #expect(member.znodes != nil && member.counters["cnt_updatelatency"] != nil)
            }
            #expect(latest.leaders.count == 1)
            #expect(codes(tracker.findings, atLeast: .warning).isEmpty, "\(tracker.findings)")
            let report = try JSONSerialization.jsonObject(with: try tracker.report.jsonData()) as? [String: Any]
            #expect((report?["members"] as? [Any])?.count == 3)
        }
    }

    @Test func defaultWhitelistFallsBackToSrvrAndTheAdminServer() async throws {
        var options = LabOptions(members: 1)
        options.whitelist = .serverDefault
        try await LabEnsemble.with(options) { lab in
            let member = try #require(lab.member(1))
            let snapshot = await Self.poll(member, time: 0, previous: nil)
            #expect(snapshot.reachability == .serving)
            #expect(snapshot.role == .standalone)
            #expect(snapshot.sources[.srvr] == .answered)
            #expect(snapshot.sources[.mntr] == .notWhitelisted)
            #expect(snapshot.sources[.adminMonitor] == .answered)
            #expect(snapshot.ephemerals != nil)  // from the AdminServer's monitor
            var history = SnapshotHistory()
            history.append(EnsembleSnapshot(time: 0, members: [snapshot]))
            let findings = detectSignalsMissing(history, nil, .defaults)
            #expect(findings.first?.severity == .info)
            #expect(findings.first?.remedy.contains("4lw.commands.whitelist=") == true)
        }
    }
}

/// Codes of findings at or above a severity.
private func codes(_ findings: [Finding], atLeast severity: Severity) -> Set<String> {
    Set(findings.filter { $0.severity >= severity }.map(\.code.rawValue))
}
