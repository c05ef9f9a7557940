import NIOCore
import NIOPosix
import NIOSSL
import ZooKeeperTLS

/// A four-letter word ZooKeeper answers on its client port.
///
/// Only read-only words are representable: `srst`, `crst` and `stmk` change server state
/// (they wipe the counters a monitor relies on, for every other tool too), so zkscope cannot send them.
public struct FourLetterWord: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The exact spelling on the wire or in output.
    public let rawValue: String

    /// Refuses anything that is not four ASCII letters, and the words that reset or change the server.
    public init?(rawValue: String) {
        guard rawValue.count == 4, rawValue.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        guard !FourLetterWord.forbidden.contains(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    private init(known: String) { self.rawValue = known }

    /// Words that change server state; never sent.
    public static let forbidden: Set<String> = ["srst", "crst", "stmk", "orst"]

    /// Server stats; the only word the default whitelist enables.
    public static let srvr = FourLetterWord(known: "srvr")
    /// `srvr` plus clients.
    public static let stat = FourLetterWord(known: "stat")
    /// All metrics.
    public static let mntr = FourLetterWord(known: "mntr")
    /// Settings and membership.
    public static let conf = FourLetterWord(known: "conf")
    /// Client connections.
    public static let cons = FourLetterWord(known: "cons")
    /// Sessions and ephemerals.
    public static let dump = FourLetterWord(known: "dump")
    /// Environment (answers while LOOKING).
    public static let envi = FourLetterWord(known: "envi")
    /// Read-only mode.
    public static let isro = FourLetterWord(known: "isro")
    /// Tree digests.
    public static let hash = FourLetterWord(known: "hash")
    /// `imok` even while LOOKING, so not a health check.
    public static let ruok = FourLetterWord(known: "ruok")
    /// Watch summary.
    public static let wchs = FourLetterWord(known: "wchs")
    /// Data and log dir sizes.
    public static let dirs = FourLetterWord(known: "dirs")

    /// The text shown to operators.
    public var description: String { rawValue }
}

/// Why a four-letter word produced no reply text.
///
/// Each case names a different cause with a different fix, so none of them is reported as another:
/// a refused port (start the server), a name that does not resolve (fix the address), a port that
/// answers but not as ZooKeeper (wrong port), and a server that says nothing in time (hung JVM).
public enum FourLetterWordError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing listens on the port (the member is down).
    case connectionRefused
    /// The host name does not resolve (DNS or `/etc/hosts`), so nothing was contacted.
    case hostNotFound(String)
    /// The member accepted or ignored the connection but did not finish answering in time
    /// (a SIGSTOPped or overloaded JVM).
    case timedOut
    /// The reply grew past the cap; a sane member never sends this much (an endless stream).
    case replyTooLarge(limit: Int)
    /// The port answered with bytes no ZooKeeper sends (binary data, or a `srvr` reply without
    /// ZooKeeper's header): the address names some other service.
    case notZooKeeper(String)
    /// The TLS layer refused the member or could not be set up (untrusted certificate, wrong name, a plaintext
    /// port, unreadable certificate files): the text names which.
    case tls(TLSFailure)
    /// Any other socket failure, with the system's words.
    case transport(String)

    /// The text shown to operators.
    public var description: String {
        switch self {
        case .connectionRefused: return "connection refused: nothing listens on the port"
        case .hostNotFound(let host): return "host \(host) does not resolve"
        case .timedOut: return "no answer within the deadline"
        case .replyTooLarge(let limit): return "endless reply, cut at \(limit) bytes: not a ZooKeeper reply"
        case .notZooKeeper(let why): return "not a ZooKeeper reply (\(why))"
        case .tls(let failure): return failure.description
        case .transport(let message): return message
        }
    }
}

extension FourLetterWordError {
    /// Sorts a socket failure into refused / unresolvable / timed out / other, the same way for every
    /// plain-TCP probe (four-letter words and AdminServer requests), so "down" means the same everywhere.
    /// `tls` is the context of a TLS exchange, so a handshake failure is named as what it is (untrusted, not TLS,
    /// client certificate required...).
    init(classifying error: any Error, tls: TLSFailure.HandshakeContext? = nil) {
        if let known = error as? FourLetterWordError {
            self = known
        } else if let tls, let failure = TLSFailure.classify(error, context: tls) {
            self = .tls(failure)
        } else if let channel = error as? ChannelError, case .connectTimeout = channel {
            self = .timedOut
        } else if let io = error as? IOError, io.errnoCode == ECONNREFUSED {
            self = .connectionRefused
        } else if let connection = error as? NIOConnectionError {
            if connection.connectionErrors.contains(where: { ($0.error as? IOError)?.errnoCode == ECONNREFUSED }) {
                self = .connectionRefused
            } else if connection.connectionErrors.isEmpty {
                // Resolution gave no address to try (NXDOMAIN, or a name unknown to /etc/hosts).
                self = .hostNotFound(connection.host)
            } else {
                self = .transport("\(error)")
            }
        } else if let unknown = error as? SocketAddressError.UnknownHost {
            self = .hostNotFound(unknown.host)
        } else if error is NIOSSLError || error is NIOSSLExtraError || error is BoringSSLError {
            self = .tls(.handshakeFailed(detail: "\(error)"))
        } else {
            self = .transport("\(error)")
        }
    }
}

/// Sends one four-letter word and reads the reply until the server closes the connection.
///
/// Reads to EOF (kazoo's helper truncates at 8 KB; `mntr` is ~18 KB), under one deadline that
/// covers connect, write and read, so a hung member never stalls a poller.
public enum FourLetterWordClient {
    /// Default cap on a reply: `dump`/`cons` on a busy member can be large, but not this large.
    public static let defaultReplyLimit = 8 * 1024 * 1024

    /// Sends `word` to `host:port` and returns the whole reply; every failure is a `FourLetterWordError`.
    ///
    /// With `tls`, the word goes over TLS (ZooKeeper answers four-letter words on its secure client port too);
    /// ``exchange(_:host:port:timeout:replyLimit:tls:group:)`` also returns the certificate the member presented.
    public static func send(
        _ word: FourLetterWord,
        host: String,
        port: Int,
        timeout: Duration = .seconds(2),
        replyLimit: Int = defaultReplyLimit,
        tls: TLSSettings? = nil,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws(FourLetterWordError) -> String {
        try await exchange(
            word, host: host, port: port, timeout: timeout, replyLimit: replyLimit, tls: tls, group: group
        ).text
    }

    /// Sends `word` and returns the reply with the certificates the member presented over TLS (none in
    /// plaintext): the monitor records them for the TLS column and the certificate findings.
    public static func exchange(
        _ word: FourLetterWord,
        host: String,
        port: Int,
        timeout: Duration = .seconds(2),
        replyLimit: Int = defaultReplyLimit,
        tls: TLSSettings? = nil,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws(FourLetterWordError) -> FourLetterWordReply {
        // The first bytes already tell a foreign service apart: it is named at once, not after the cap or the
        // deadline (an endless stream of garbage, a banner that never ends).
        let result = try await PlainExchange.run(
            request: word.rawValue, host: host, port: port, timeout: timeout, limit: replyLimit, tls: tls,
            group: group, inspect: { ReplyClassifier.earlyForeignReason($0, newFrom: $1, word: word) })
        // Bytes no ZooKeeper sends mean another service on the port, not a member that is "not serving" (every byte
        // was already scanned for NUL as it arrived).
        if let foreign = ReplyClassifier.foreignTextReason(result.bytes, word: word) { throw .notZooKeeper(foreign) }
        return FourLetterWordReply(
            text: String(decoding: result.bytes, as: UTF8.self), peerCertificates: result.peerCertificates)
    }
}

/// A four-letter word's reply and, over TLS, the certificates the member presented.
public struct FourLetterWordReply: Hashable, Sendable {
    /// The whole reply text.
    public var text: String
    /// The member's certificate (swift-nio-ssl exposes the peer's own certificate after verification, not the
    /// intermediates it sent); empty in plaintext.
    public var peerCertificates: [PeerCertificateSummary]

    /// Pairs a reply with the certificates seen.
    public init(text: String, peerCertificates: [PeerCertificateSummary] = []) {
        self.text = text
        self.peerCertificates = peerCertificates
    }
}

/// What one exchange read: the bytes up to EOF and the peer's certificates (TLS only).
struct ExchangeResult: Sendable {
    var bytes: [UInt8]
    var peerCertificates: [PeerCertificateSummary] = []
}

/// One request over a fresh TCP (or TLS) connection, read until the server closes it.
///
/// Both ZooKeeper's four-letter words and its AdminServer (`Connection: close`) answer this way;
/// one deadline covers connect, handshake, write and read, so a hung member never stalls a poller.
enum PlainExchange {
    static func run(
        request: String, host: String, port: Int, timeout: Duration, limit: Int, tls: TLSSettings? = nil,
        group: any EventLoopGroup, inspect: (@Sendable (ByteBuffer, Int) -> String?)? = nil
    ) async throws(FourLetterWordError) -> ExchangeResult {
        let sslContext: NIOSSLContext?
        do {
            sslContext = try tls.map { settings throws(TLSFailure) in
                try TLSContextFactory.sharedClientContext(settings)
            }
        } catch {
            throw .tls(error)
        }
        // The channel and the promise on one loop: the reply completes the promise without a hop to another thread.
        let eventLoop = group.next()
        let promise = eventLoop.makePromise(of: ExchangeResult.self)
        let deadline = NIODeadline.now() + TimeAmount.nanoseconds(timeout.nanosecondsClamped)
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(TimeAmount.nanoseconds(timeout.nanosecondsClamped))
            .channelOption(.allowRemoteHalfClosure, value: false)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let sslContext, let tls {
                        try channel.pipeline.syncOperations.addHandler(
                            TLSContextFactory.makeHandler(context: sslContext, settings: tls, host: host))
                    }
                    try channel.pipeline.syncOperations.addHandler(
                        ReadToEndHandler(promise: promise, limit: limit, overTLS: tls != nil, inspect: inspect))
                }
            }
        // An IP literal (how members are usually given) needs no resolver: getaddrinfo on NIO's resolver thread and
        // the happy-eyeballs state machine were a tenth of the CPU of polling a large fleet.
        let connected: EventLoopFuture<any Channel>
        if let address = try? SocketAddress(ipAddress: host, port: port) {
            connected = bootstrap.connect(to: address)
        } else {
            connected = bootstrap.connect(host: host, port: port)
        }
        connected.whenFailure { promise.fail($0) }
        connected.whenSuccess { channel in
            let timer = channel.eventLoop.scheduleTask(deadline: deadline) {
                promise.fail(FourLetterWordError.timedOut)
                channel.close(promise: nil)
            }
            promise.futureResult.whenComplete { _ in
                timer.cancel()
                channel.close(promise: nil)
            }
            var buffer = channel.allocator.buffer(capacity: request.utf8.count)
            buffer.writeString(request)
            channel.writeAndFlush(buffer).whenFailure { promise.fail($0) }
        }
        do {
            return try await promise.futureResult.get()
        } catch {
            throw FourLetterWordError(classifying: error, tls: tls.map { TLSFailure.context($0, host: host) })
        }
    }
}

/// Accumulates bytes until EOF, then completes the promise with them (and, behind a TLS handler, with the
/// certificate the server presented, read when the handshake completes).
final class ReadToEndHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    private let promise: EventLoopPromise<ExchangeResult>
    private var peerCertificates: [PeerCertificateSummary] = []
    /// Whether the certificate was looked for: only once, and only behind a TLS handler (a plaintext exchange,
    /// most of a fleet's, never searches the pipeline for one).
    private var certificateRead: Bool
    private let limit: Int
    /// Looks at the bytes so far after each read; a reason ends the exchange as not ZooKeeper's.
    private let inspect: (@Sendable (ByteBuffer, Int) -> String?)?
    private var collected = ByteBuffer()

    init(
        promise: EventLoopPromise<ExchangeResult>, limit: Int, overTLS: Bool,
        inspect: (@Sendable (ByteBuffer, Int) -> String?)? = nil
    ) {
        self.promise = promise
        self.limit = limit
        self.certificateRead = !overTLS
        self.inspect = inspect
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        notePeerCertificate(context)
        var chunk = unwrapInboundIn(data)
        guard collected.readableBytes + chunk.readableBytes <= limit else {
            promise.fail(FourLetterWordError.replyTooLarge(limit: limit))
            context.close(promise: nil)
            return
        }
        let newFrom = collected.readableBytes
        collected.writeBuffer(&chunk)
        if let inspect, let why = inspect(collected, newFrom) {
            promise.fail(FourLetterWordError.notZooKeeper(why))
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.succeed(result)
    }

    /// Reads the server's certificate from the TLS handler in front (once the first reply bytes arrive the
    /// handshake is done and the certificate verified); nothing without a TLS handler.
    private func notePeerCertificate(_ context: ChannelHandlerContext) {
        guard !certificateRead else { return }
        certificateRead = true
        if let tls = try? context.pipeline.syncOperations.handler(type: NIOSSLClientHandler.self),
            let certificate = tls.peerCertificate, let summary = try? PeerCertificateSummary(certificate)
        {
            peerCertificates = [summary]
        }
    }

    private var result: ExchangeResult {
        ExchangeResult(bytes: Array(collected.readableBytesView), peerCertificates: peerCertificates)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if let io = error as? IOError, io.errnoCode == ECONNRESET {
            // The server closing hard after its reply still ends the reply.
            promise.succeed(result)
        } else if let ssl = error as? NIOSSLError, case .uncleanShutdown = ssl, collected.readableBytes > 0 {
            // ZooKeeper closes a TLS connection after its reply without close_notify: that still ends the reply.
            promise.succeed(result)
        } else {
            promise.fail(error)
        }
        context.close(promise: nil)
    }
}
extension Duration {
    /// Nanoseconds, clamped to what `TimeAmount` holds.
    var nanosecondsClamped: Int64 {
        let (seconds, attoseconds) = components
        if seconds > Int64.max / 1_000_000_000 - 1 { return Int64.max }
        return max(0, seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
