import NIOCore
import NIOPosix
import ZooKeeperJute

@testable import ZooKeeperClient

/// How the fake server misbehaves once the session is established.
enum FakeBehaviour: Sendable {
    /// Answer getData requests correctly (data = the path's bytes), pings too.
    case healthy
    /// Answer every request with a frame too short to hold a reply header.
    case garbageReply
    /// Answer every request with a 4-byte length of 0x7fffffff.
    case oversizedLength
    /// Answer every request with a negative length.
    case negativeLength
    /// Send a length of 100, ten bytes, then close.
    case closeMidFrame
    /// Never answer anything after the handshake (not even pings): a SIGSTOPped server.
    case silent
    /// Answer with the wrong xid.
    case wrongXid
    /// Answer the handshake with random bytes.
    case garbageHandshake
    /// Answer the handshake with an expired session (timeOut 0).
    case expireSession
}

/// A ZooKeeper impostor on loopback that speaks just enough of the protocol to misbehave on cue.
final class FakeServer: Sendable {
    let channel: any Channel
    let port: Int

    private init(channel: any Channel) throws {
        self.channel = channel
        guard let port = channel.localAddress?.port else { throw ZooKeeperError(.systemError, message: "no port") }
        self.port = port
    }

    static func start(_ behaviour: FakeBehaviour) async throws -> FakeServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(FakeServerHandler(behaviour: behaviour))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        return try FakeServer(channel: channel)
    }

    var connectString: String { "127.0.0.1:\(port)" }

    func stop() async {
        try? await channel.close()
    }
}

private final class FakeServerHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let behaviour: FakeBehaviour
    var pending = ByteBuffer()
    var handshakeDone = false

    init(behaviour: FakeBehaviour) { self.behaviour = behaviour }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        pending.writeBuffer(&incoming)
        while let frame = try? ZooKeeperFrameDecoder.nextFrame(from: &pending, maxFrameLength: 1 << 20) {
            handle(frame, context: context)
        }
    }

    private func send(_ context: ChannelHandlerContext, _ body: (inout ByteBuffer) -> Void) {
        var buffer = context.channel.allocator.buffer(capacity: 64)
        buffer.writeInteger(Int32(0))
        body(&buffer)
        buffer.setInteger(Int32(buffer.readableBytes - 4), at: 0)
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    }

    private func sendRaw(_ context: ChannelHandlerContext, _ bytes: [UInt8]) {
        var buffer = context.channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    }

    private func handle(_ frame: ByteBuffer, context: ChannelHandlerContext) {
        var frame = frame
        if !handshakeDone {
            handshakeDone = true
            switch behaviour {
            case .garbageHandshake:
                send(context) { $0.writeBytes([0xDE, 0xAD]) }
            case .expireSession:
                send(context) { ConnectResponse(timeOut: 0, sessionId: 0, passwd: []).encode(into: &$0) }
            default:
                send(context) {
                    ConnectResponse(timeOut: 4000, sessionId: 0x1234, passwd: Array(repeating: 1, count: 16))
                        .encode(into: &$0)
                }
            }
            return
        }
        guard let header = try? RequestHeader.decode(from: &frame) else { return }
        if behaviour == .silent { return }
        if header.type == .ping {
            send(context) { ReplyHeader(xid: SpecialXid.ping, zxid: 1, err: .ok).encode(into: &$0) }
            return
        }
        switch behaviour {
        case .healthy:
            if header.type == .getData, let request = try? GetDataRequest.decode(from: &frame) {
                send(context) {
                    ReplyHeader(xid: header.xid, zxid: 10, err: .ok).encode(into: &$0)
                    GetDataResponse(data: Array(request.path.utf8), stat: Stat(version: 1)).encode(into: &$0)
                }
            } else if header.type == .closeSession {
                send(context) { ReplyHeader(xid: header.xid, zxid: 10, err: .ok).encode(into: &$0) }
            } else {
                send(context) { ReplyHeader(xid: header.xid, zxid: 10, err: .unimplemented).encode(into: &$0) }
            }
        case .garbageReply:
            send(context) { $0.writeBytes([1, 2, 3]) }
        case .oversizedLength:
            sendRaw(context, [0x7F, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0])
        case .negativeLength:
            sendRaw(context, [0xFF, 0xFF, 0xFF, 0xF0])
        case .closeMidFrame:
            sendRaw(context, [0, 0, 0, 100] + Array(repeating: 7, count: 10))
            context.close(promise: nil)
        case .wrongXid:
            send(context) { ReplyHeader(xid: header.xid + 1000, zxid: 10, err: .ok).encode(into: &$0) }
        case .silent, .garbageHandshake, .expireSession:
            break
        }
    }
}
