import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Picks loopback ports that are free right now, so several labs (several test processes) can run at once.
///
/// Ports come in consecutive blocks from a random base below Linux's ephemeral range (32768+), so the
/// kernel's outgoing connections do not steal them. A port that passes the bind test can still be taken
/// before the JVM binds it; `LabEnsemble.start` detects "Address already in use" and retries with new ports.
enum PortAllocator {
    /// The range blocks are drawn from.
    static let range = 15_000..<32_000

    /// `count` distinct ports, each free at the time of the call, or nil after `attempts` random tries.
    static func allocate(count: Int, attempts: Int = 200) -> [Int]? {
        guard count > 0, count < 1_000 else { return nil }
        for _ in 0..<attempts {
            let base = Int.random(in: range.lowerBound..<(range.upperBound - count))
            let block = Array(base..<(base + count))
            if block.allSatisfy(isFree) { return block }
        }
        return nil
    }

    /// Whether a TCP listener could bind 127.0.0.1:port now. No SO_REUSEADDR: a port in TIME_WAIT
    /// counts as busy, which is the conservative answer.
    static func isFree(_ port: Int) -> Bool {
        guard port > 0, port < 65_536 else { return false }
        #if canImport(Glibc)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return bound == 0
    }
}
