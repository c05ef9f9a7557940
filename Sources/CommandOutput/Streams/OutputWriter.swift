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

/// A buffered, checked writer to a file descriptor: a tree of 100,000 lines costs a few dozen `write`
/// calls instead of one locked `print` per line, and a failed write is reported instead of lost.
///
/// Every command's standard output goes through one of these (`StandardOutput` for whole texts): `print`
/// drops write errors silently and `FileHandle.write` traps on them (SwiftNIO ignores SIGPIPE, so a
/// closed pipe is an `EPIPE` error, not a signal).
public final class OutputWriter {
    private var buffer: [UInt8] = []
    private let descriptor: Int32
    private let limit: Int

    /// Writes to `descriptor` (stdout by default), flushing every `limit` bytes.
    public init(descriptor: Int32 = 1, limit: Int = 64 * 1024) {
        self.descriptor = descriptor
        self.limit = limit
        buffer.reserveCapacity(limit + 1024)
    }

    /// Appends text; flushes once `limit` bytes are buffered.
    public func write(_ text: String) throws(OutputError) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= limit { try flush() }
    }

    /// Appends raw bytes; flushes once `limit` bytes are buffered.
    public func write(bytes: some Sequence<UInt8>) throws(OutputError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= limit { try flush() }
    }

    /// Writes out everything buffered. On an error the buffer is dropped: the output is broken anyway,
    /// and the caller ends the command (`OutputFailure`).
    public func flush() throws(OutputError) {
        guard !buffer.isEmpty else { return }
        defer { buffer.removeAll(keepingCapacity: true) }
        let failure: Int32? = buffer.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return nil }
            var offset = 0
            // Bounded: each round writes at least one byte or stops on an error other than EINTR.
            while offset < raw.count {
                let written = systemWrite(descriptor, base + offset, raw.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return written < 0 ? errno : EIO
                }
            }
            return nil
        }
        if let failure { throw OutputError(errno: failure) }
    }
}
