import EnsembleMonitor
import Foundation
import Testing
import ZooKeeperAdmin
import ZooKeeperClient

@testable import EnsembleCore
@testable import ZooKeeperLab

/// The production alert signals against a real 3.8 ensemble: each fault is made on purpose and must raise its
/// finding from the servers' own counters, while a healthy ensemble raises none of them.
@Suite(.serialized)
struct LiveAlertSignalTests {
    static let alertCodes: Set<FindingCode> = [
        .fsyncSlow, .jvmPausing, .dataSizeHigh, .leaderElections, .electionSlow, .authFailures,
        .digestMismatchReported, .unrecoverableErrors, .requestsThrottled, .largeRequestsRejected, .sessionsExpiring,
    ]

    @Test("JVM pause, throttling, large requests, expiring sessions and an election each raise their finding")
    func faultsRaiseTheirAlerts() async throws {
        var options = LabOptions(members: 3, tickTimeMilliseconds: 500)
        // A 10 s syncLimit, so the paused follower stays in the quorum; every signal ZooKeeper leaves off.
        options.syncLimit = 20
        options.extraConfigLines = [
            "jvm.pause.monitor=true", "request_throttle_max_requests=2", "largeRequestThreshold=1024",
            "largeRequestMaxBytes=2048",
        ]
        try await LabEnsemble.with(options) { lab in
            try await lab.waitUntilServing(timeout: .seconds(60))
            var tracker = EnsembleTracker(configuration: nil)
            let clock = ContinuousClock()
            let start = clock.now
            func round() async {
                let time = (clock.now - start) / .seconds(1)
                var members: [MemberSnapshot] = []
                for member in lab.members {
                    members.append(
                        await AdminParsersLiveTests.poll(
                            member, time: time, previous: tracker.latestSnapshot(of: member.clientAddress)))
                }
                tracker.record(EnsembleSnapshot(time: time, members: members))
            }
            /// Polls until a finding with `code` is present (at most `rounds` rounds), and returns it.
            func awaitFinding(_ code: FindingCode, rounds: Int = 40) async -> Finding? {
                for _ in 0..<rounds {
                    await round()
                    if let finding = tracker.findings.first(where: { $0.code == code }) { return finding }
                    try? await Task.sleep(for: .milliseconds(500))
                }
                return nil
            }
            func alerts() -> Set<FindingCode> { Set(tracker.findings.map(\.code)).intersection(Self.alertCodes) }

            // Healthy: a few rounds with reads and writes raise none of the alerts.
            let client = try await ZooKeeperClient.connect(
                ZooKeeperConfiguration(connectString: try #require(lab.member(1)).clientAddress))
            _ = try await client.create("/alerts")
            for index in 0..<20 { _ = try await client.create("/alerts/n\(index)", data: Array("v".utf8)) }
            for _ in 0..<3 { await round() }
            #expect(alerts().isEmpty, "healthy: \(tracker.findings.map(\.code))")

            // 1. A follower's JVM stands still for 2 s (SIGSTOP): the server's pause monitor measures it.
            let leader = try #require(await lab.leaderID())
            let follower = try #require(lab.ids.first { $0 != leader && $0 != 1 })
            let followerAddress = try #require(lab.member(follower)).clientAddress
            try lab.pause(follower)
            try await Task.sleep(for: .seconds(2))
            try lab.resume(follower)
            let pause = await awaitFinding(.jvmPausing)
            #expect(pause?.members == [followerAddress])
            #expect(pause?.severity == .warning)
            #expect(Double(pause?.evidence["paused_ms"] ?? "") ?? 0 >= 1500)

            // 2. 2,000 pipelined reads on member 1 pass the throttler's limit of 2 requests in flight.
            let reads = (0..<2000).map { ReadRequest.getData("/alerts/n\($0 % 20)") }
            let results = await client.readBatch(reads)
            #expect(results.allSatisfy { (try? $0.get()) != nil })
            let throttled = await awaitFinding(.requestsThrottled)
            #expect(throttled?.members == [try #require(lab.member(1)).clientAddress])

            // 3. A 4 KiB write over largeRequestMaxBytes (2 KiB) is rejected and the connection closed.
            await #expect(throws: ZooKeeperError.self) {
                _ = try await client.setData("/alerts/n0", data: Array(repeating: 7, count: 4096), version: -1)
            }
            let large = await awaitFinding(.largeRequestsRejected)
            #expect(large?.members == [try #require(lab.member(1)).clientAddress])
            await client.close()

            // 4. Twelve kazoo sessions (1 s timeout) die without closing: the leader expires them.
            let sessions = try Kazoo.start(
                """
                import sys, time
                from kazoo.client import KazooClient
                clients = [KazooClient(hosts=sys.argv[1], timeout=1.0) for _ in range(12)]
                for c in clients: c.start(timeout=30)
                print("READY", flush=True)
                time.sleep(120)
                """, arguments: [lab.connectString])
            try await sessions.waitForOutput("READY", timeout: .seconds(60))
            _ = await sessions.kill()
            var expiring = await awaitFinding(.sessionsExpiring)
            // The leader expires sessions bucket by bucket (one per tick): twelve sessions opened across a tick
            // boundary expire in two batches, and the finding (raised from 10) may count the second a round later.
            let counted = { (finding: Finding?) in Int(finding?.message.split(separator: " ").first ?? "") ?? 0 }
            for _ in 0..<20 where counted(expiring) < 12 {
                try? await Task.sleep(for: .milliseconds(500))
                await round()
                expiring = tracker.findings.first { $0.code == .sessionsExpiring }
            }
            #expect(expiring?.severity == .warning)
            #expect(Int(expiring?.message.split(separator: " ").first ?? "") ?? 0 >= 12)

            // 5. The leader is killed: one election among the survivors, short on loopback.
            try await lab.kill(leader)
            var election = await awaitFinding(.leaderElections)
            // Each survivor's election counter is read on its own poll: the second may rise a round later.
            for _ in 0..<20 where (election?.members.count ?? 0) < 2 {
                try? await Task.sleep(for: .milliseconds(500))
                await round()
                election = tracker.findings.first { $0.code == .leaderElections }
            }
            #expect(election?.severity == .info)
            #expect(election?.members.count == 2)
            #expect(!tracker.findings.contains { $0.code == .electionSlow })

            // None of the other alerts came up along the way.
            let unexpected = alerts().subtracting([
                .jvmPausing, .requestsThrottled, .largeRequestsRejected, .sessionsExpiring, .leaderElections,
            ])
            #expect(unexpected.isEmpty, "unexpected: \(unexpected)")
        }
    }

    @Test(
        "the poller reads wchs and server_stats on its slow cadence; fsyncs the server counts as slow raise fsync-slow")
    func pollerReadsWatchesAndSlowFsyncs() async throws {
        var options = LabOptions(members: 3)
        // Every fsync that takes a millisecond or more counts as over the server's threshold.
        options.extraConfigLines = ["fsync.warningthresholdms=0"]
        try await LabEnsemble.with(options) { lab in
            try await lab.waitUntilServing(timeout: .seconds(60))
            var settings = PollSettings(interval: .seconds(1))
            settings.probeTimeout = .seconds(5)
            settings.slowInterval = .seconds(1)
            let monitor = EnsembleMonitor(
                configuration: MonitorHarness.configuration(lab), settings: settings, thresholds: .defaults)
            let client = try await ZooKeeperClient.connect(ZooKeeperConfiguration(connectString: lab.connectString))
            _ = try await client.create("/watched")
            for index in 0..<5 { _ = try await client.create("/watched/n\(index)") }
            for index in 0..<5 { _ = try await client.getData("/watched/n\(index)", watch: true) }
            var update = await monitor.poll()
            #expect(!update.findings.contains { $0.code == .fsyncSlow }, "\(update.findings)")
            // The watches, as wchs counts them (data watches), on whichever member holds the session.
            let watched = update.members.compactMap(\.watchSummary)
            #expect(watched.count == 3, "\(update.members.map(\.sources))")
            #expect(watched.map(\.totalWatches).reduce(0, +) == 5)
            #expect(
                update.members.allSatisfy {
                    $0.sources[.wchs] == .answered && $0.sources[.adminServerStats] == .answered
                })
            #expect(update.members.allSatisfy { $0.counter("fsync_threshold_exceed_count") != nil })

            // 300 writes, each fsynced on every member.
            for index in 0..<300 { _ = try await client.setData("/watched/n\(index % 5)", data: [1], version: -1) }
            var finding: Finding?
            for _ in 0..<30 where finding == nil {
                try await Task.sleep(for: .milliseconds(500))
                update = await monitor.poll()
                finding = update.findings.first { $0.code == .fsyncSlow }
            }
            let slow = try #require(
                finding, "no fsync-slow; counters: \(update.members.map { $0.counter("fsync_threshold_exceed_count") })"
            )
            #expect(slow.severity == .warning)
            #expect(slow.evidence["fsync_threshold_exceed_count"]?.hasPrefix("+") == true)
            #expect(slow.message.contains("fsync.warningthresholdms"))
            await client.close()
        }
    }
}
