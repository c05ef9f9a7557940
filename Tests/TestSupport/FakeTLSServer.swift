import NIOCore
import NIOPosix
import NIOSSL

/// An in-process TLS server on loopback presenting one of ``TestPKI``'s certificates (with `server.key`): what the
/// client and the probes meet when a member's certificate is expired or signed by an unknown CA, without a JVM.
/// After the handshake each connection gets the handlers `makeHandlers` returns (none: it reads and ignores).
public final class FakeTLSServer: Sendable {
    private let channel: any Channel

    /// The port it listens on.
    public let port: Int

    /// Starts the server presenting `certificate` (a file name in ``TestPKI``).
    public init(
        certificate: String,
        makeHandlers: @escaping @Sendable () -> [any ChannelHandler & Sendable] = { [] }
    ) async throws {
        let pki = TestPKI.shared
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(pki.path(certificate)).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: pki.path("server.key"), format: .pem)))
        configuration.minimumTLSVersion = .tlsv12
        let context = try NIOSSLContext(configuration: configuration)
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                    for handler in makeHandlers() { try child.pipeline.syncOperations.addHandler(handler) }
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        port = channel.localAddress?.port ?? 0
    }

    /// Stops listening.
    public func stop() async {
        try? await channel.close()
    }
}
