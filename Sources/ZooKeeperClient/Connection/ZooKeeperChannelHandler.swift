import NIOCore
import NIOSSL
import NIOTLS

/// The thin NIO handler of one connection: forwards frames and channel events to the driver,
/// tagged with the connection's generation so late events of an abandoned channel are ignored.
final class ZooKeeperChannelHandler: ChannelInboundHandler {
    typealias InboundIn = InboundFrame
    typealias OutboundOut = ByteBuffer

    private let driver: ConnectionDriver
    private let generation: UInt64

    init(driver: ConnectionDriver, generation: UInt64) {
        self.driver = driver
        self.generation = generation
    }

    func channelActive(context: ChannelHandlerContext) {
        // Over TLS the session handshake waits for the TLS handshake (and the name check): nothing, not even a
        // session id and password to resume, goes to a server before it is verified.
        if !driver.usesTLS { driver.channelActive(generation: generation, context: context) }
        context.fireChannelActive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event {
            driver.tlsHandshakeCompleted(
                generation: generation, context: context, peerCertificate: Self.peerCertificate(context))
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .frame(let frame): driver.frameReceived(generation: generation, frame: frame)
        case .oversized(let reply): driver.oversizedReplyReceived(generation: generation, reply: reply)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        driver.readComplete(generation: generation)
    }

    func channelInactive(context: ChannelHandlerContext) {
        driver.channelInactive(generation: generation)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        driver.errorCaught(generation: generation, error: error, peerCertificate: Self.peerCertificate(context))
        context.close(promise: nil)
    }

    /// The certificate the server presented, from the TLS handler in front of this one (nil without TLS).
    static func peerCertificate(_ context: ChannelHandlerContext) -> NIOSSLCertificate? {
        (try? context.pipeline.syncOperations.handler(type: NIOSSLClientHandler.self))?.peerCertificate
    }
}
