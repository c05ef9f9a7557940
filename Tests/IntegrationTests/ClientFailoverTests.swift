import Foundation
import Testing
import ZooKeeperClient
import ZooKeeperLab

/// The session outlives the server it is connected to: killed or frozen members make the client
/// move on, keeping the session, its ephemeral nodes and its watches.
@Suite(.serialized)
struct ClientFailoverTests {
    /// The lab member whose client port the client is connected to.
    private func connectedMember(_ client: ZooKeeperClient, _ lab: LabEnsemble) -> LabMember? {
        guard let server = client.connectedServer else { return nil }
        return lab.members.first { $0.clientPort == server.port }
    }

    private func waitForState(
        _ stream: AsyncStream<ConnectionState>, _ wanted: ConnectionState, timeout: Duration
    ) async -> Bool {
        await firstMatch(stream, timeout: timeout) { $0 == wanted } != nil
    }

    @Test func killedMemberSessionMovesKeepingEphemeralsAndWatches() async throws {
        try await LabEnsemble.with(fastLabOptions(members: 3)) { lab in
            let sessionTimeout = Duration.seconds(6)
            let client = try await ZooKeeperClient.connect(
                try clientConfiguration(lab.connectString, sessionTimeout: sessionTimeout))
            let sessionID = client.sessionID
            let victim = try #require(connectedMember(client, lab))
            let survivors = lab.members.filter { $0.id != victim.id }
            let writer = try await ZooKeeperClient.connect(
                try clientConfiguration(survivors.map(\.clientAddress).joined(separator: ",")))

            _ = try await client.create("/fo")
            _ = try await client.create("/fo/w", data: [0])
            _ = try await client.create("/fo/e", mode: .ephemeral)
            let events = client.watchEvents()
            _ = try await client.getData("/fo/w", watch: true)  // one-shot data watch
            _ = try await client.getChildren("/fo", watch: true)  // one-shot child watch
            try await client.addWatch("/fo/p", mode: .persistent)  // persistent watch
            let states = client.connectionStates()

            let clock = ContinuousClock()
            let killedAt = clock.now
            try await lab.kill(victim.id)
            #expect(await waitForState(states, .suspended, timeout: sessionTimeout))
            #expect(await waitForState(states, .connected, timeout: sessionTimeout))
            let moved = clock.now - killedAt
            print("client failover: reconnected \(moved) after killing member \(victim.id)")
            #expect(moved < sessionTimeout)
            #expect(client.sessionID == sessionID)
            let now = try #require(connectedMember(client, lab))
            #expect(now.id != victim.id)

            // The session kept its ephemeral node, seen by another session too.
            #expect(try await client.exists("/fo/e") != nil)
            let ephemeral = try #require(try await writer.exists("/fo/e"))
            #expect(ephemeral.ephemeralOwner == sessionID)

            // The watches were re-registered on the new server and still fire.
            _ = try await writer.setData("/fo/w", data: [1])
            _ = try await writer.create("/fo/child")
            _ = try await writer.create("/fo/p")
            _ = try await writer.setData("/fo/p", data: [2])
            let expected: Set<WatchEvent> = [
                WatchEvent(type: .nodeDataChanged, state: .syncConnected, path: "/fo/w"),
                WatchEvent(type: .nodeChildrenChanged, state: .syncConnected, path: "/fo"),
                WatchEvent(type: .nodeCreated, state: .syncConnected, path: "/fo/p"),
                WatchEvent(type: .nodeDataChanged, state: .syncConnected, path: "/fo/p"),
            ]
            let seen = await collectEvents(events, timeout: .seconds(10)) { expected.isSubset(of: $0) }
            #expect(expected.isSubset(of: Set(seen)), "events seen: \(seen)")
            await client.close()
            await writer.close()
        }
    }

    @Test func pausedMemberMakesRequestsTimeOutThenTheClientMovesOn() async throws {
        try await LabEnsemble.with(fastLabOptions(members: 3)) { lab in
            var configuration = try clientConfiguration(lab.connectString, sessionTimeout: .seconds(6))
            configuration.requestTimeout = .seconds(2)
            let client = try await ZooKeeperClient.connect(configuration)
            _ = try await client.create("/frozen", data: [1])
            let victim = try #require(connectedMember(client, lab))
            let states = client.connectionStates()
            try lab.pause(victim.id)
            do {
                let clock = ContinuousClock()
                let start = clock.now
                await #expect(throws: ZooKeeperError(.operationTimeout, path: "/frozen")) {
                    try await client.getData("/frozen")
                }
                let elapsed = clock.now - start
                print("client SIGSTOP: request failed after \(elapsed)")
                #expect(elapsed >= .milliseconds(1900))
                #expect(elapsed < .seconds(10))
                // The read timeout (2/3 of 6 s) drops the connection and the client moves on.
                #expect(await waitForState(states, .suspended, timeout: .seconds(8)))
                #expect(await waitForState(states, .connected, timeout: .seconds(10)))
                #expect(connectedMember(client, lab)?.id != victim.id)
                #expect(try await client.getData("/frozen").data == [1])
            } catch {
                Issue.record("unexpected \(error)")
            }
            try lab.resume(victim.id)
            await client.close()
        }
    }
}
