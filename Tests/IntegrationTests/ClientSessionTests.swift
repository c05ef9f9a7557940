import Foundation
import Testing
import ZooKeeperClient
import ZooKeeperLab

/// Terminal session states reported by a real server: expiry and authentication failure.
@Suite(.serialized)
struct ClientSessionTests {
    @Test func sessionClosedElsewhereIsReportedAsExpired() async throws {
        try await LabEnsemble.with(fastLabOptions(members: 3)) { lab in
            let members = lab.members
            // The victim is pinned to member 1; the usurper resumes its session on member 2 and ends
            // it, so the victim's reconnect to member 1 is told the session is gone.
            let victim = try await ZooKeeperClient.connect(try clientConfiguration(members[0].clientAddress))
            _ = try await victim.create("/expiry")
            _ = try await victim.create("/expiry/e", mode: .ephemeral)
            let credentials = try #require(victim.sessionCredentials)
            #expect(credentials.password.count == 16)
            let states = victim.sessionEvents()
            let levels = victim.connectionStates()

            var takeover = try clientConfiguration(members[1].clientAddress)
            takeover.resumeSession = credentials
            let usurper = try await ZooKeeperClient.connect(takeover)
            #expect(usurper.sessionID == credentials.id)
            await usurper.close()

            #expect(await firstMatch(states, timeout: .seconds(10)) { $0 == .expired } == .expired)
            #expect(await firstMatch(levels, timeout: .seconds(1)) { $0 == .lost } == .lost)
            #expect(victim.sessionState == .expired)
            await #expect(throws: ZooKeeperError(.sessionExpired, path: "/expiry")) {
                try await victim.exists("/expiry")
            }
            let observer = try await ZooKeeperClient.connect(try clientConfiguration(members[2].clientAddress))
            #expect(try await observer.exists("/expiry/e") == nil)
            #expect(try await observer.exists("/expiry") != nil)
            await observer.close()
            await victim.close()
        }
    }

    @Test func rejectedCredentialsEndTheSessionWithAuthFailed() async throws {
        try await LabEnsemble.with(fastLabOptions()) { lab in
            let client = try await ZooKeeperClient.connect(try clientConfiguration(lab.connectString))
            let levels = client.connectionStates()
            // ZooKeeper answers AuthFailed for a scheme it has no provider for, then closes.
            await #expect(throws: ZooKeeperError(.authFailed)) {
                try await client.addAuth(scheme: "no-such-scheme", credentials: [1, 2, 3])
            }
            #expect(client.sessionState == .authFailed)
            #expect(await firstMatch(levels, timeout: .seconds(2)) { $0 == .lost } == .lost)
            await #expect(throws: ZooKeeperError(.authFailed, path: "/")) { try await client.exists("/") }
            await client.close()
        }
    }
}
