import Foundation
import TestSupport
import Testing

@testable import ZooKeeperAdmin

@Suite("AdminServer client over loopback")
struct AdminServerClientTests {
    @Test func getsAndParsesACapturedResponse() async throws {
        let server = try await FakeAdminServer(.raw(Array(try Fixture.data("admin/leader-leader.http"))))
        let response = try await AdminServerClient.get(
            .leader, host: "127.0.0.1", port: server.port, timeout: .seconds(5))
        await server.stop()
        #expect(response.status == 200)
        #expect(try LeaderReply.parse(try response.successBody()).leaderID == 3)
        let request = try #require(server.requests.first)
        #expect(request.hasPrefix("GET /commands/leader HTTP/1.1\r\n"))
        #expect(request.contains("Connection: close"))
    }

    @Test func monitorWhileLookingIsHTTP500() async throws {
        let server = try await FakeAdminServer(.raw(Array(try Fixture.data("admin/looking-monitor.http"))))
        let response = try await AdminServerClient.get(
            .monitor, host: "127.0.0.1", port: server.port, timeout: .seconds(5))
        await server.stop()
        #expect(response.status == 500)
        #expect(throws: ReplyFailure.httpStatus(500)) { try MonitorReply.parseAdmin(try response.successBody()) }
    }

    @Test func silentServerTimesOut() async throws {
        let server = try await FakeAdminServer(.silent)
        let started = ContinuousClock.now
        await #expect(throws: AdminServerError.timedOut) {
            _ = try await AdminServerClient.get(
                .monitor, host: "127.0.0.1", port: server.port, timeout: .seconds(1))
        }
        // Without the deadline the call would wait for ever; the margin is for a loaded machine.
        #expect(ContinuousClock.now - started < .seconds(10))
        await server.stop()
    }

    @Test func oversizedResponseIsCut() async throws {
        let big = Array("HTTP/1.1 200 OK\r\n\r\n".utf8) + [UInt8](repeating: 0x41, count: 64 * 1024)
        let server = try await FakeAdminServer(.raw(big))
        await #expect(throws: AdminServerError.responseTooLarge(limit: 1024)) {
            _ = try await AdminServerClient.get(
                .monitor, host: "127.0.0.1", port: server.port, timeout: .seconds(5), responseLimit: 1024)
        }
        await server.stop()
    }
}
