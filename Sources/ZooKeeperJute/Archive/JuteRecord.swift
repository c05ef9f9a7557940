import NIOCore

/// A record from `zookeeper.jute`: something that can be written to and read from the binary archive.
///
/// Every request and response type conforms, so tests can treat them uniformly (golden bytes,
/// round trips, fuzzing) and the client can encode any request with one generic path.
public protocol JuteRecord: Sendable, Equatable {
    /// Appends the record's binary form to `buffer`.
    func encode(into buffer: inout ByteBuffer)
    /// Reads one record from the front of `buffer`. Throws on truncated or malformed input; on error
    /// the reader index is left somewhere inside the record.
    static func decode(from buffer: inout ByteBuffer) throws(JuteDecodingError) -> Self
}

extension JuteRecord {
    /// Encodes the record into a fresh buffer, mainly for tests and one-off messages.
    public func encoded(allocator: ByteBufferAllocator = ByteBufferAllocator()) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 64)
        encode(into: &buffer)
        return buffer
    }

    /// Decodes a record from a byte array; convenient for tests and fixtures.
    public static func decode(bytes: [UInt8]) throws(JuteDecodingError) -> Self {
        var buffer = ByteBuffer(bytes: bytes)
        return try decode(from: &buffer)
    }
}
