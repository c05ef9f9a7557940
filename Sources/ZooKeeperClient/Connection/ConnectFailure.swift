import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a TCP connection attempt to one server failed, in the words an operator acts on.
///
/// A client that cannot connect only ever reports "not connected within the timeout"; whether nothing
/// listens on the port, the name does not resolve or the host never answered are three different fixes,
/// so the driver keeps the last attempt's cause and adds it to that timeout.
enum ConnectFailure {
    /// One line for the failed attempt to connect to `server`.
    static func describe(_ error: any Error, server: ServerAddress) -> String {
        if let error = error as? NIOConnectionError {
            if error.connectionErrors.isEmpty {
                return "host \(server.host) does not resolve"
            }
            if let first = error.connectionErrors.first {
                return describe(first.error, server: server)
            }
        }
        if let error = error as? IOError {
            switch error.errnoCode {
            case ECONNREFUSED: return "connection refused: nothing listens on \(server)"
            case EHOSTUNREACH, ENETUNREACH: return "\(server) is unreachable (no route)"
            case ETIMEDOUT: return "no answer from \(server) to the connection attempt"
            default: return "connect to \(server) failed: \(error)"
            }
        }
        if let error = error as? ChannelError, case .connectTimeout = error {
            return "no answer from \(server) to the connection attempt"
        }
        return "connect to \(server) failed: \(error)"
    }
}
