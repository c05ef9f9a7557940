#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

#if canImport(Glibc)
    private let systemWrite = Glibc.write
#else
    private let systemWrite = Darwin.write
#endif

/// A buffered writer to a file descriptor: a tree of 100,000 lines costs a few dozen `write` calls
/// instead of one locked `print` per line.
final class OutputWriter {
    private var buffer: [UInt8] = []
    private let descriptor: Int32
    private let limit: Int

    /// Writes to `descriptor` (stdout by default), flushing every `limit` bytes.
    init(descriptor: Int32 = 1, limit: Int = 64 * 1024) {
        self.descriptor = descriptor
        self.limit = limit
        buffer.reserveCapacity(limit + 1024)
    }

    /// Appends text.
    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= limit { flush() }
    }

    /// Appends raw bytes.
    func write(bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= limit { flush() }
    }

    /// Writes out everything buffered.
    func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            // Bounded: each round writes at least one byte or stops on an error other than EINTR.
            while offset < raw.count {
                let written = systemWrite(descriptor, base + offset, raw.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
