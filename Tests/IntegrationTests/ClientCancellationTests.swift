import Foundation
import Testing
import ZooKeeperClient
import ZooKeeperLab

/// Cancelling a caller against a real, frozen server: the caller is back at once with `cancelled`,
/// an uncancelled caller still waits for its deadline, and once the server thaws the dropped
/// replies are consumed and the client works normally on the same session.
@Suite(.serialized)
struct ClientCancellationTests {
    @Test func cancelledCallOnAFrozenServerReturnsAtOnce() async throws {
        var options = fastLabOptions(members: 1)
        // A 2 s tick allows a 30 s session, so the read timeout (20 s) stays out of the way.
        options.tickTimeMilliseconds = 2000
        try await LabEnsemble.with(options) { lab in
            var configuration = try clientConfiguration(lab.connectString, sessionTimeout: .seconds(30))
            configuration.requestTimeout = .seconds(4)
            let client = try await ZooKeeperClient.connect(configuration)
            _ = try await client.create("/cancel", data: [7])
            let sessionID = client.sessionID
            let member = try #require(lab.members.first)
            try lab.pause(member.id)
            do {
                let clock = ContinuousClock()
                let cancelled = Task { () throws(ZooKeeperError) -> [UInt8] in
                    try await client.getData("/cancel").data
                }
                // Not a wait for a condition: time for the request to be written to the frozen server,
                // so the cancellation meets it in flight (the assertions hold either way).
                try await Task.sleep(for: .milliseconds(300))
                let cancelledAt = clock.now
                cancelled.cancel()
                let result = await cancelled.result
                let cancelTime = clock.now - cancelledAt
                print("client cancel on a SIGSTOPped server: returned after \(cancelTime)")
                #expect(cancelTime < .seconds(3), "waited for the request timeout instead")
                #expect(throws: ZooKeeperError(.cancelled, path: "/cancel")) { _ = try result.get() }

                let start = clock.now
                await #expect(throws: ZooKeeperError(.operationTimeout, path: "/cancel")) {
                    try await client.getData("/cancel")
                }
                let timeoutTime = clock.now - start
                print("client uncancelled call on a SIGSTOPped server: failed after \(timeoutTime)")
                #expect(timeoutTime >= .milliseconds(3900))
                #expect(timeoutTime < .seconds(10))
            } catch {
                Issue.record("unexpected \(error)")
            }
            try lab.resume(member.id)
            // The two dropped replies arrive first; the next calls still get their own replies.
            #expect(try await client.getData("/cancel").data == [7])
            _ = try await client.setData("/cancel", data: [8])
            #expect(try await client.getData("/cancel").data == [8])
            #expect(client.sessionID == sessionID)
            #expect(client.sessionState == .connected(readOnly: false))
            await client.close()
        }
    }
}
