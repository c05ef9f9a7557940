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
            let expiring = await awaitFinding(.sessionsExpiring)
            #expect(expiring?.severity == .warning)
            #expect(Int(expiring?.message.split(separator: " ").first ?? "") ?? 0 >= 12)

            // 5. The leader is killed: one election among the survivors, short on loopback.
            try await lab.kill(leader)
            let election = await awaitFinding(.leaderElections)
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
}
