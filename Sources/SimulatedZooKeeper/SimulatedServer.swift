import NIOCore
import NIOPosix

/// The loopback listeners of one simulated member: its client port answers four-letter words the way ZooKeeper
/// does (read four bytes, write the whole reply, close), its AdminServer port answers `GET /commands/<name>`
/// with Jetty's framing (`Content-Length`, then close).
final class SimulatedServer: Sendable {
    /// Which protocol a listener speaks.
    enum Kind: Sendable {
        case fourLetterWords
        case adminServer
    }

    let channel: any Channel
    let port: Int

    private init(channel: any Channel) {
        self.channel = channel
        self.port = channel.localAddress?.port ?? 0
    }

    /// Listens on 127.0.0.1 (`port` 0: any free port) for `member`.
    static func start(
        _ kind: Kind, member: @escaping @Sendable () -> SimulatedMember?, port: Int, group: any EventLoopGroup
    )
        async throws -> SimulatedServer
    {
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.backlog, value: 256)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(SimulatedRequestHandler(kind: kind, member: member))
                }
            }
            .bind(host: "127.0.0.1", port: port).get()
        return SimulatedServer(channel: channel)
    }

    /// Stops listening (connections being answered finish on their own: each closes after its reply).
    func stop() async { try? await channel.close() }
}

/// Collects one request and answers it from the member's captured replies.
private final class SimulatedRequestHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let kind: SimulatedServer.Kind
    let member: @Sendable () -> SimulatedMember?
    var request: [UInt8] = []
    var answered = false

    init(kind: SimulatedServer.Kind, member: @escaping @Sendable () -> SimulatedMember?) {
        self.kind = kind
        self.member = member
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !answered else { return }
        request.append(contentsOf: unwrapInboundIn(data).readableBytesView)
        guard let reply = answer() else {
            if request.count > 64 * 1024 { context.close(promise: nil) }
            return
        }
        answered = true
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(channel.allocator.buffer(string: reply))).whenComplete { _ in
            channel.close(promise: nil)
        }
    }

    /// The reply once the request is complete, nil while more bytes are needed.
    private func answer() -> String? {
        switch kind {
        case .fourLetterWords:
            guard request.count >= 4 else { return nil }
            let word = String(decoding: request.prefix(4), as: UTF8.self)
            return member()?.reply(toWord: word) ?? ""
        case .adminServer:
            guard let end = request.firstRange(of: [13, 10, 13, 10]) else { return nil }
            let head = String(decoding: request[..<end.lowerBound], as: UTF8.self)
            let path = head.split(separator: " ").dropFirst().first.map(String.init) ?? "/"
            guard path.hasPrefix("/commands/") else {
                return Self.http(404, "Not Found", type: "text/html;charset=iso-8859-1", body: "")
            }
            let command = String(path.dropFirst("/commands/".count).prefix { $0 != "?" })
            let body =
                member()?.adminBody(command: command)
                ?? "{\n  \"command\" : \"\(command.filter { $0.isLetter || $0 == "_" })\",\n  \"error\" : \"Unknown command: \(command.filter { $0.isLetter || $0 == "_" })\"\n}"
            return Self.http(200, "OK", type: "application/json", body: body)
        }
    }

    /// An HTTP/1.1 response framed as Jetty frames the AdminServer's.
    static func http(_ status: Int, _ reason: String, type: String, body: String) -> String {
        "HTTP/1.1 \(status) \(reason)\r\nContent-Type: \(type)\r\nContent-Length: \(body.utf8.count)\r\n"
            + "Server: Jetty(9.4.57.v20241219)\r\n\r\n" + body
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
