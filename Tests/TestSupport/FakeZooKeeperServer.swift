import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import ZooKeeperJute

@testable import ZooKeeperClient

/// How the fake server misbehaves once the session is established.
public enum FakeBehaviour: Sendable {
    /// Answer getData requests correctly (data = the path's bytes; for `/size/<n>`, n bytes), pings too.
    case healthy
    /// Answer every request with a frame too short to hold a reply header.
    case garbageReply
    /// Answer every request with a length of 0x7fffffff and the request's reply header, then nothing.
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
    /// Like `healthy`, but a getData of `/slow/<n>` is answered after n milliseconds; every later
    /// reply waits behind it, as a real server answers in request order.
    case delayed
    /// Describe a tree no real server can hold, to check that walks stop on their limits: `children(path)`
    /// answers every child list (getChildren, getChildren2), every node exists with empty data and as many
    /// children as `children` gives; sync and closeSession are answered, anything else is `Unimplemented`.
    case tree(children: @Sendable (String) -> [String])
    /// Like an ensemble that enforces SASL for a client that did not authenticate: every request (pings too) is
    /// answered with SessionClosedRequireSASLAuth (-124), then the connection is closed.
    case requireSASL

    /// Whether the fault is in the handshake (no session is ever established).
    public var breaksTheHandshake: Bool {
        switch self {
        case .garbageHandshake, .expireSession: true
        default: false
        }
    }
}

/// A ZooKeeper impostor on loopback that speaks just enough of the protocol to misbehave on cue.
public final class FakeZooKeeperServer: Sendable {
    let channel: any Channel
    public let port: Int
    /// The paths of the getData requests received, in order (every connection).
    public let received: NIOLockedValueBox<[String]>
    /// How many getData replies were written.
    public let answered: NIOLockedValueBox<Int>
    /// How many connections clients opened.
    public let connections: NIOLockedValueBox<Int>
    /// `.tree`: how many child lists were asked for (all connections).
    public let listings: NIOLockedValueBox<Int>

    private init(
        channel: any Channel, received: NIOLockedValueBox<[String]>, answered: NIOLockedValueBox<Int>,
        connections: NIOLockedValueBox<Int>, listings: NIOLockedValueBox<Int>
    ) throws {
        self.channel = channel
        self.received = received
        self.answered = answered
        self.connections = connections
        self.listings = listings
        guard let port = channel.localAddress?.port else { throw ZooKeeperError(.systemError, message: "no port") }
        self.port = port
    }

    /// Starts the fake on a free loopback port.
    public static func start(_ behaviour: FakeBehaviour) async throws -> FakeZooKeeperServer {
        let received = NIOLockedValueBox<[String]>([])
        let answered = NIOLockedValueBox(0)
        let connections = NIOLockedValueBox(0)
        let listings = NIOLockedValueBox(0)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                connections.withLockedValue { $0 += 1 }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        FakeServerHandler(
                            behaviour: behaviour, received: received, answered: answered, listings: listings))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        return try FakeZooKeeperServer(
            channel: channel, received: received, answered: answered, connections: connections, listings: listings)
    }

    /// Waits (polling, bounded by `timeout`) until `condition` holds; whether it did.
    public func wait(
        upTo timeout: Duration = .seconds(10), until condition: @Sendable (FakeZooKeeperServer) -> Bool
    ) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(self) { return true }
            try? await Task.sleep(for: .milliseconds(2))
        }
        return condition(self)
    }

    /// `127.0.0.1:<port>`, for a client configuration.
    public var connectString: String { "127.0.0.1:\(port)" }

    /// Closes the listener.
    public func stop() async {
        try? await channel.close()
    }
}

private final class FakeServerHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let behaviour: FakeBehaviour
    let received: NIOLockedValueBox<[String]>
    let answered: NIOLockedValueBox<Int>
    let listings: NIOLockedValueBox<Int>
    var pending = ByteBuffer()
    var handshakeDone = false
    /// `.delayed`: replies not yet written, in request order, each with the time it may go.
    var held: [(notBefore: NIODeadline, frame: ByteBuffer, isGetData: Bool)] = []
    var releaseScheduled = false

    init(
        behaviour: FakeBehaviour, received: NIOLockedValueBox<[String]>, answered: NIOLockedValueBox<Int>,
        listings: NIOLockedValueBox<Int>
    ) {
        self.behaviour = behaviour
        self.received = received
        self.answered = answered
        self.listings = listings
    }

    /// `.delayed`: queues a reply behind the ones held, to be written at `notBefore` at the earliest.
    private func hold(
        _ context: ChannelHandlerContext, delay: TimeAmount, isGetData: Bool, _ body: (inout ByteBuffer) -> Void
    ) {
        var buffer = context.channel.allocator.buffer(capacity: 64)
        buffer.writeInteger(Int32(0))
        body(&buffer)
        buffer.setInteger(Int32(buffer.readableBytes - 4), at: 0)
        held.append((NIODeadline.now() + delay, buffer, isGetData))
        release(context)
    }

    /// Writes the held replies that are due, in order, and schedules the next release.
    private func release(_ context: ChannelHandlerContext) {
        var wrote = false
        while let first = held.first, first.notBefore <= NIODeadline.now() {
            held.removeFirst()
            context.write(wrapOutboundOut(first.frame), promise: nil)
            if first.isGetData { answered.withLockedValue { $0 += 1 } }
            wrote = true
        }
        if wrote { context.flush() }
        guard let next = held.first, !releaseScheduled else { return }
        releaseScheduled = true
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        context.eventLoop.scheduleTask(deadline: next.notBefore) {
            let (handler, context) = loopBound.value
            handler.releaseScheduled = false
            guard context.channel.isActive else { return }
            handler.release(context)
        }
    }

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
                // Like a server with tickTime 2000: the requested timeout, held to 4 s…40 s.
                let requested = (try? ConnectRequest.decode(from: &frame))?.timeOut ?? 4000
                let granted = min(max(requested, 4000), 40000)
                send(context) {
                    ConnectResponse(timeOut: granted, sessionId: 0x1234, passwd: Array(repeating: 1, count: 16))
                        .encode(into: &$0)
                }
            }
            return
        }
        guard let header = try? RequestHeader.decode(from: &frame) else { return }
        switch behaviour {
        case .silent: return
        case .requireSASL:
            send(context) {
                ReplyHeader(xid: header.xid, zxid: 0, err: .sessionClosedRequireSASLAuth).encode(into: &$0)
            }
            context.close(promise: nil)
            return
        case .delayed:
            handleDelayed(header, &frame, context: context)
            return
        case .tree(let children):
            handleTree(header, &frame, children: children, context: context)
            return
        default: break
        }
        if header.type == .ping {
            send(context) { ReplyHeader(xid: SpecialXid.ping, zxid: 1, err: .ok).encode(into: &$0) }
            return
        }
        switch behaviour {
        case .healthy:
            if header.type == .getData, let request = try? GetDataRequest.decode(from: &frame) {
                var data = Array(request.path.utf8)
                if request.path.hasPrefix("/size/"), let size = Int(request.path.dropFirst(6)) {
                    data = Array(repeating: 0x61, count: size)
                }
                send(context) {
                    ReplyHeader(xid: header.xid, zxid: 10, err: .ok).encode(into: &$0)
                    GetDataResponse(data: data, stat: Stat(version: 1)).encode(into: &$0)
                }
            } else if header.type == .closeSession {
                send(context) { ReplyHeader(xid: header.xid, zxid: 10, err: .ok).encode(into: &$0) }
            } else {
                send(context) { ReplyHeader(xid: header.xid, zxid: 10, err: .unimplemented).encode(into: &$0) }
            }
        case .garbageReply:
            send(context) { $0.writeBytes([1, 2, 3]) }
        case .oversizedLength:
            var bytes: [UInt8] = [0x7F, 0xFF, 0xFF, 0xFF]
            withUnsafeBytes(of: header.xid.bigEndian) { bytes += $0 }
            bytes += Array(repeating: 0, count: 12)
            sendRaw(context, bytes)
        case .negativeLength:
            sendRaw(context, [0xFF, 0xFF, 0xFF, 0xF0])
        case .closeMidFrame:
            sendRaw(context, [0, 0, 0, 100] + Array(repeating: 7, count: 10))
            context.close(promise: nil)
        case .wrongXid:
            send(context) { ReplyHeader(xid: header.xid + 1000, zxid: 10, err: .ok).encode(into: &$0) }
        case .silent, .garbageHandshake, .expireSession, .delayed, .tree, .requireSASL:
            break
        }
    }

    private func handleDelayed(_ header: RequestHeader, _ frame: inout ByteBuffer, context: ChannelHandlerContext) {
        guard header.type == .getData, let request = try? GetDataRequest.decode(from: &frame) else {
            let err: ErrorCode = header.type == .ping || header.type == .closeSession ? .ok : .unimplemented
            hold(context, delay: .zero, isGetData: false) {
                ReplyHeader(xid: header.xid, zxid: 10, err: err).encode(into: &$0)
            }
            return
        }
        received.withLockedValue { $0.append(request.path) }
        var delay = TimeAmount.zero
        if request.path.hasPrefix("/slow/"), let milliseconds = Int64(request.path.dropFirst(6)) {
            delay = .milliseconds(milliseconds)
        }
        hold(context, delay: delay, isGetData: true) {
            ReplyHeader(xid: header.xid, zxid: 10, err: .ok).encode(into: &$0)
            GetDataResponse(data: Array(request.path.utf8), stat: Stat(version: 1)).encode(into: &$0)
        }
    }

    private func handleTree(
        _ header: RequestHeader, _ frame: inout ByteBuffer, children: @Sendable (String) -> [String],
        context: ChannelHandlerContext
    ) {
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
