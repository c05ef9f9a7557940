import NIOCore
import NIOPosix
import ZooKeeperTLS

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a connection attempt to one server failed, in the words an operator acts on.
///
/// A client that cannot connect would otherwise only report "not connected within the timeout"; whether
/// nothing listens on the port, the name does not resolve, the host never answered or the TLS handshake
/// failed are different fixes, so the client keeps the newest attempt's cause (`ZooKeeperClient.lastConnectFailure`)
/// and attaches it to the error a failed connect throws (`ZooKeeperError.connectFailure`): callers match on
/// `cause`, never on message text.
public struct ConnectFailure: Sendable, Hashable, CustomStringConvertible {
    /// The kinds of failure.
    public enum Cause: Sendable, Hashable {
        /// Nothing listens on the port.
        case refused
        /// The host name does not resolve.
        case unresolvable
        /// No route to the host.
        case unreachable
        /// The host did not answer the TCP connect.
        case noAnswer
        /// A plaintext connection was closed by the server before it answered the session handshake: the port
        /// may require TLS, or the server is not serving (no quorum).
        case closedBeforeHandshakeReply
        /// The TLS layer failed (files, trust, names, client certificate, a plaintext port).
        case tls(TLSFailure)
        /// No attempt has finished yet (the connect or the session handshake is still under way).
        case pending
        /// Anything else, with the library's words.
        case other(String)
    }

    /// The server of the attempt.
    public var server: ServerAddress
    /// What went wrong.
    public var cause: Cause

    /// Makes a failure.
    public init(server: ServerAddress, cause: Cause) {
        self.server = server
        self.cause = cause
    }

    /// Whether retrying cannot help (TLS settings that do not fit the server): the client stops waiting for a
    /// connection once every server failed like this (it keeps retrying in the background).
    public var isPersistent: Bool {
        if case .tls(let failure) = cause { return failure.isPersistent }
        return false
    }

    /// The TLS failure, if this is one.
    public var tlsFailure: TLSFailure? {
        if case .tls(let failure) = cause { return failure }
        return nil
    }

    /// The cause in one line, without the server.
    public var reason: String {
        switch cause {
        case .refused: return "connection refused: nothing listens on \(server)"
        case .unresolvable: return "host \(server.host) does not resolve"
        case .unreachable: return "\(server) is unreachable (no route)"
        case .noAnswer: return "no answer from \(server) to the connection attempt"
        case .closedBeforeHandshakeReply:
            return "\(server) closed the connection before answering the session handshake; the port may require "
                + "TLS: add --tls (with --tls-ca FILE), or the server is not serving (no quorum)"
        case .tls(let failure): return failure.description
        case .pending: return "no answer from \(server) yet (connect or session handshake still under way)"
        case .other(let text): return "connect to \(server) failed: \(text)"
        }
    }

    /// `cannot connect to host:port: reason`.
    public var description: String {
        switch cause {
        case .tls, .closedBeforeHandshakeReply: return "cannot connect to \(server): \(reason)"
        default: return reason
        }
    }

    /// Classifies an error of the TCP connect.
    static func classify(_ error: any Error, server: ServerAddress) -> ConnectFailure {
        ConnectFailure(server: server, cause: classifyCause(error, server: server))
    }

    private static func classifyCause(_ error: any Error, server: ServerAddress) -> Cause {
        if let error = error as? NIOConnectionError {
            if error.connectionErrors.isEmpty { return .unresolvable }
            if let first = error.connectionErrors.first { return classifyCause(first.error, server: server) }
        }
        if let error = error as? IOError {
            switch error.errnoCode {
            case ECONNREFUSED: return .refused
            case EHOSTUNREACH, ENETUNREACH: return .unreachable
            case ETIMEDOUT: return .noAnswer
            default: return .other("\(error)")
            }
        }
        if let error = error as? ChannelError, case .connectTimeout = error { return .noAnswer }
        if let failure = error as? TLSFailure { return .tls(failure) }
        return .other("\(error)")
    }
}
