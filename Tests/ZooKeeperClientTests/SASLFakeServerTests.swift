import TestSupport
import Testing
import ZooKeeperJute
import ZooKeeperTLS

@testable import ZooKeeperClient

extension CyrusSASLTests {
    /// The real client, with Cyrus SASL, against a fake server on loopback: a server that demands SASL and one that
    /// cannot do it both end the session at once with a typed error; neither makes the client loop or hang.
    @Suite struct SASLFakeServerTests {
        private func configuration(_ server: FakeZooKeeperServer, sasl: SASLCredentials?) throws
            -> ZooKeeperConfiguration
        {
            var configuration = try ZooKeeperConfiguration(connectString: server.connectString)
            configuration.sessionTimeout = .seconds(4)
            configuration.requestTimeout = .seconds(10)
            configuration.reconnectBackoffMax = .milliseconds(200)
            configuration.sasl = sasl
            return configuration
        }

        @Test func aServerThatRequiresSASLEndsTheSessionWithMinus124() async throws {
            let server = try await FakeZooKeeperServer.start(.requireSASL)
            let client = try await ZooKeeperClient.connect(try configuration(server, sasl: nil), timeout: .seconds(20))
            let clock = ContinuousClock()
            let started = clock.now
            do {
                _ = try await client.getData("/x")
                Issue.record("the read was answered")
            } catch {
                #expect(error.code == .sessionClosedRequireSASLAuth)
                #expect(error.message.contains("requires SASL"))
            }
            #expect(clock.now - started < .seconds(5))
            #expect(client.sessionState == .authFailed)
            // Terminal: the client does not reconnect to be refused again.
            try await Task.sleep(for: .milliseconds(500))
            #expect(server.connections.withLockedValue { $0 } == 1)
            await client.close()
            await server.stop()
        }

        @Test func aServerWithoutSASLFailsTheExchangeAtOnce() async throws {
            // The healthy fake answers opcode 102 with Unimplemented, as a server that does not know it would.
            let server = try await FakeZooKeeperServer.start(.healthy)
            let credentials = SASLCredentials(user: "bob", password: Secret("bobsecret"))
            var configuration = try configuration(server, sasl: credentials)
            let log = CapturedLog()
            configuration.logger = log.logger()
            let clock = ContinuousClock()
            let started = clock.now
            do {
                _ = try await ZooKeeperClient.connect(configuration, timeout: .seconds(20))
                Issue.record("connected without a SASL exchange")
            } catch {
                #expect(error.code == .saslFailed)
                #expect(error.message.contains("Unimplemented"))
                #expect(error.message.contains("\"bob\""))
                #expect(!error.message.contains("bobsecret"))
            }
            #expect(clock.now - started < .seconds(10))
            // Logged at trace level and up: the failure is there, the password never is.
            #expect(await log.wait { $0.level == .error && $0.message.contains("SASL") } != nil)
            #expect(!log.all.contains { "\($0.message) \($0.metadata)".contains("bobsecret") })
            await server.stop()
        }
    }
}
