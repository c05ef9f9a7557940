import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// How a fake server answers one connection.
public enum FakeAnswer: Sendable {
    /// Writes these bytes, then closes (how ZooKeeper answers a four-letter word, and the AdminServer a
    /// `Connection: close` request).
    case reply([UInt8])
    /// Writes `chunk` again and again until the client hangs up (at most `limit` bytes, so the fake itself is
    /// bounded): a port that streams and never ends.
    case endless(chunk: [UInt8], limit: Int)
    /// Reads the request and never answers, nor closes (a SIGSTOPped JVM keeps its sockets open).
    case silent
}

/// A loopback TCP server whose answer to each connection is decided from the request text: the core of the
/// fake four-letter-word and AdminServer servers.
///
/// Every connection it accepts is closed by ``stop()``, so a silent fake never outlives its test.
public final class FakeTCPServer: Sendable {
    private let channel: any Channel
    private let sink: Sink
    /// The port it listens on.
    public let port: Int

    /// Starts listening on 127.0.0.1 (a free port); `answer` sees the bytes received so far and returns nil to
    /// wait for more.
    public init(answer: @escaping @Sendable (String) -> FakeAnswer?) async throws {
        let sink = Sink()
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                sink.children.withLock { $0.append(child) }
                return child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(FakeTCPHandler(answer: answer, sink: sink))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        self.sink = sink
        port = channel.localAddress?.port ?? 0
    }

    /// The complete requests received so far, one per answered connection.
    public var received: [String] { sink.requests.withLock { $0 } }

    /// Closes the listener and every connection still open.
    public func stop() async {
        try? await channel.close()
        for child in sink.children.withLock({ $0 }) { try? await child.close() }
    }
}

/// A port on 127.0.0.1 that nothing listens on, for "connection refused": a socket is bound to it but never
/// listens, so a connect gets a reset-on-SYN (ECONNREFUSED) and no other test can be handed the same port
/// while it is held (a bound-then-closed port could be, and then answer).
public final class RefusingPort: Sendable {
    private let descriptor: Int32
    /// The port.
    public let port: Int

    /// Binds the port (never listens).
    public init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(descriptor, generic, length) == 0 && getsockname(descriptor, generic, &length) == 0
            }
        }
        guard descriptor >= 0, bound else {
            if descriptor >= 0 { close(descriptor) }
            throw RefusingPortError()
        }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(descriptor) }

    /// The port could not be bound.
    public struct RefusingPortError: Error {}
}

/// What the connections share with the server: the requests answered and the connections to close on stop.
private final class Sink: Sendable {
    let requests = Mutex<[String]>([])
    let children = Mutex<[any Channel]>([])
}

/// Collects a request and answers it as told.
private final class FakeTCPHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let answer: @Sendable (String) -> FakeAnswer?
    let sink: Sink
    var request = ""
    var answered = false

    public init(answer: @escaping @Sendable (String) -> FakeAnswer?, sink: Sink) {
        self.answer = answer
        self.sink = sink
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        request += String(decoding: unwrapInboundIn(data).readableBytesView, as: UTF8.self)
        guard !answered, let decision = answer(request) else { return }
        answered = true
        sink.requests.withLock { $0.append(request) }
        switch decision {
        case .reply(let bytes):
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(channel.allocator.buffer(bytes: bytes))).whenComplete { _ in
                channel.close(promise: nil)
            }
        case .endless(let chunk, let limit):
            Self.stream(chunk, remaining: limit, on: context.channel)
        case .silent:
            break
        }
    }

    /// Writes `chunk` after each write completes, until the peer is gone or `remaining` bytes went out.
    private static func stream(_ chunk: [UInt8], remaining: Int, on channel: any Channel) {
        guard channel.isActive, remaining > 0 else {
            channel.close(promise: nil)
            return
        }
        channel.writeAndFlush(channel.allocator.buffer(bytes: chunk)).whenComplete { result in
            // A write can complete at once; going through the loop keeps the stack flat however long it streams.
            guard case .success = result else { return }
            channel.eventLoop.execute { stream(chunk, remaining: remaining - chunk.count, on: channel) }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
