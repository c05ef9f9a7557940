import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import ZooKeeperJute

/// A ZooKeeper impostor on loopback that describes a tree no real server can hold, to check that walks
/// stop on their limits: `children(path)` answers every child list (getChildren, getChildren2), every
/// node exists with empty data and the number of children `children` gives. Handshakes, pings and
/// sync and closeSession are answered like a server does; anything else gets `Unimplemented`.
final class HostileServer: Sendable {
    let channel: any Channel
    let port: Int
    /// Child-list requests answered (all connections).
    let listings: NIOLockedValueBox<Int>

    private init(channel: any Channel, listings: NIOLockedValueBox<Int>) throws {
        self.channel = channel
        self.listings = listings
        guard let port = channel.localAddress?.port else { throw HostileServerError() }
        self.port = port
    }

    struct HostileServerError: Error {}

    /// Starts the server on an ephemeral loopback port.
    static func start(children: @escaping @Sendable (String) -> [String]) async throws -> HostileServer {
        let listings = NIOLockedValueBox(0)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        HostileHandler(children: children, listings: listings))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        return try HostileServer(channel: channel, listings: listings)
    }

    var connectString: String { "127.0.0.1:\(port)" }

    func stop() async {
        try? await channel.close()
    }
}

private final class HostileHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let children: @Sendable (String) -> [String]
    let listings: NIOLockedValueBox<Int>
    var pending = ByteBuffer()
    var handshakeDone = false

    init(children: @escaping @Sendable (String) -> [String], listings: NIOLockedValueBox<Int>) {
        self.children = children
        self.listings = listings
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        pending.writeBuffer(&incoming)
        while let length = pending.getInteger(at: pending.readerIndex, as: Int32.self), length >= 0,
            pending.readableBytes >= 4 + Int(length)
        {
            pending.moveReaderIndex(forwardBy: 4)
            let frame = pending.readSlice(length: Int(length))!
            handle(frame, context: context)
        }
        pending.discardReadBytes()
        context.flush()
    }

    private func send(_ context: ChannelHandlerContext, _ body: (inout ByteBuffer) -> Void) {
        var buffer = context.channel.allocator.buffer(capacity: 64)
        buffer.writeInteger(Int32(0))
        body(&buffer)
        buffer.setInteger(Int32(buffer.readableBytes - 4), at: 0)
        context.write(wrapOutboundOut(buffer), promise: nil)
    }

    private func handle(_ frame: ByteBuffer, context: ChannelHandlerContext) {
        var frame = frame
        if !handshakeDone {
            handshakeDone = true
            send(context) {
                ConnectResponse(timeOut: 10_000, sessionId: 0x4242, passwd: Array(repeating: 7, count: 16))
                    .encode(into: &$0)
            }
            return
        }
        guard let header = try? RequestHeader.decode(from: &frame) else { return }
        if header.type == .ping {
            send(context) { ReplyHeader(xid: SpecialXid.ping, zxid: 1, err: .ok).encode(into: &$0) }
            return
        }
        // getData, exists, getChildren and getChildren2 requests all start with the path.
        let path = (try? GetDataRequest.decode(from: &frame))?.path ?? ""
        switch header.type {
        case .getChildren, .getChildren2:
            listings.withLockedValue { $0 += 1 }
            let names = children(path)
            let stat = Stat(czxid: 2, mzxid: 2, numChildren: Int32(names.count))
            send(context) {
                ReplyHeader(xid: header.xid, zxid: 2, err: .ok).encode(into: &$0)
                if header.type == .getChildren2 {
                    GetChildren2Response(children: names, stat: stat).encode(into: &$0)
                } else {
                    StringListResponse(strings: names).encode(into: &$0)
                }
            }
        case .getData:
            let stat = Stat(czxid: 2, mzxid: 2, numChildren: Int32(children(path).count))
            send(context) {
                ReplyHeader(xid: header.xid, zxid: 2, err: .ok).encode(into: &$0)
                GetDataResponse(data: [], stat: stat).encode(into: &$0)
            }
        case .exists:
            let stat = Stat(czxid: 2, mzxid: 2, numChildren: Int32(children(path).count))
            send(context) {
                ReplyHeader(xid: header.xid, zxid: 2, err: .ok).encode(into: &$0)
                StatResponse(stat: stat).encode(into: &$0)
            }
        case .sync:
            send(context) {
                ReplyHeader(xid: header.xid, zxid: 2, err: .ok).encode(into: &$0)
                PathRequest(path: path).encode(into: &$0)
            }
        case .closeSession:
            send(context) { ReplyHeader(xid: header.xid, zxid: 2, err: .ok).encode(into: &$0) }
        default:
            send(context) { ReplyHeader(xid: header.xid, zxid: 2, err: .unimplemented).encode(into: &$0) }
        }
    }
}
