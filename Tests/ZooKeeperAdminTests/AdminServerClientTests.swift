import Foundation
import NIOCore
import NIOPosix
import Testing

@testable import ZooKeeperAdmin

/// Collects what the server received, across event-loop threads.
private final class Recorder: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""

    func add(_ more: String) {
        lock.lock()
        text += more
        lock.unlock()
    }

    var value: String {
        lock.lock()
        defer { lock.unlock() }
        return text
    }
}

/// A loopback TCP server that records the request and answers with canned bytes (or never answers).
private struct CannedServer {
    let channel: any Channel
    let recorder = Recorder()

    init(reply: [UInt8]?) async throws {
        let recorder = self.recorder
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(Responder(reply: reply, recorder: recorder))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    var port: Int { channel.localAddress?.port ?? 0 }
    var request: String { recorder.value }

    func stop() async { try? await channel.close() }

    private final class Responder: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        let reply: [UInt8]?
        let recorder: Recorder
        var answered = false

        init(reply: [UInt8]?, recorder: Recorder) {
            self.reply = reply
            self.recorder = recorder
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            recorder.add(String(decoding: buffer.readableBytesView, as: UTF8.self))
            guard let reply, !answered else { return }
            answered = true
            var out = context.channel.allocator.buffer(capacity: reply.count)
            out.writeBytes(reply)
            let channel = context.channel
            context.writeAndFlush(NIOAny(out)).whenComplete { _ in channel.close(promise: nil) }
        }
    }
}

@Suite("AdminServer client over loopback")
struct AdminServerClientTests {
    @Test func getsAndParsesACapturedResponse() async throws {
        let server = try await CannedServer(reply: Array(try Fixture.data("admin/leader-leader.http")))
        let response = try await AdminServerClient.get(
            .leader, host: "127.0.0.1", port: server.port, timeout: .seconds(5))
        await server.stop()
        #expect(response.status == 200)
        #expect(try LeaderReply.parse(try response.successBody()).leaderID == 3)
        #expect(server.request.hasPrefix("GET /commands/leader HTTP/1.1\r\n"))
        #expect(server.request.contains("Connection: close"))
    }

    @Test func monitorWhileLookingIsHTTP500() async throws {
        let server = try await CannedServer(reply: Array(try Fixture.data("admin/looking-monitor.http")))
        let response = try await AdminServerClient.get(
            .monitor, host: "127.0.0.1", port: server.port, timeout: .seconds(5))
        await server.stop()
        #expect(response.status == 500)
        #expect(throws: ReplyFailure.httpStatus(500)) { try MonitorReply.parseAdmin(try response.successBody()) }
    }

    @Test func silentServerTimesOut() async throws {
        let server = try await CannedServer(reply: nil)
        let started = ContinuousClock.now
        await #expect(throws: AdminServerError.timedOut) {
            _ = try await AdminServerClient.get(
                .monitor, host: "127.0.0.1", port: server.port, timeout: .milliseconds(300))
        }
        // Without the deadline the call would wait for ever; the margin is for a loaded machine.
        #expect(ContinuousClock.now - started < .seconds(10))
        await server.stop()
    }

    @Test func oversizedResponseIsCut() async throws {
        let big = Array("HTTP/1.1 200 OK\r\n\r\n".utf8) + [UInt8](repeating: 0x41, count: 64 * 1024)
        let server = try await CannedServer(reply: big)
        await #expect(throws: AdminServerError.responseTooLarge(limit: 1024)) {
            _ = try await AdminServerClient.get(
                .monitor, host: "127.0.0.1", port: server.port, timeout: .seconds(5), responseLimit: 1024)
        }
        await server.stop()
    }
}
