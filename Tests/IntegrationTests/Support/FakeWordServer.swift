import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A tiny loopback TCP server that answers each connection once, for tests that feed zkscope hostile
/// replies: a four-letter word (the first four bytes) or an HTTP request (an AdminServer command) gets
/// whatever `reply` returns for it, then the connection is closed.
final class FakeWordServer: @unchecked Sendable {
    /// The port it listens on (127.0.0.1).
    let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var requests: [String] = []

    /// Starts listening; `reply` gets the word (`srvr`) or the HTTP request line (`GET /commands/… HTTP/1.1`).
    init(reply: @escaping @Sendable (String) -> [UInt8]) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.EMFILE) }
        var yes: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(descriptor, 64) == 0 else {
            close(descriptor)
            throw POSIXError(.EADDRINUSE)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        listener = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in serve(reply) }
        thread.start()
    }

    /// The words and request lines received so far.
    var received: [String] { lock.withLock { requests } }

    /// Stops accepting (shutdown wakes the blocked `accept`).
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func serve(_ reply: @Sendable (String) -> [UInt8]) {
        // Bounded: ends when `stop()` makes accept fail.
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                return
            }
            var timeout = timeval(tv_sec: 2, tv_usec: 0)
            setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let request = readRequest(connection)
            lock.withLock { requests.append(request) }
            let bytes = reply(request)
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { send(connection, $0.baseAddress, $0.count, 0) }
                if written <= 0 { break }
                offset += written
            }
            close(connection)
        }
    }

    /// The four-letter word, or an HTTP request's first line once its header is complete (at most 8 KiB).
    private func readRequest(_ connection: Int32) -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1024)
        while bytes.count < 8192 {
            let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            bytes += chunk[..<count]
            let text = String(decoding: bytes, as: UTF8.self)
            if bytes.count >= 4, !text.hasPrefix("GET "), !text.hasPrefix("POST") { break }
            if text.contains("\r\n\r\n") { break }
        }
        let text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("GET ") || text.hasPrefix("POST") {
            return String(text.prefix { $0 != "\r" && $0 != "\n" })
        }
        return String(text.prefix(4))
    }
}
