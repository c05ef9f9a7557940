import NIOCore

/// Readers for jute's binary archive. Each one either consumes a whole field or throws a
/// `JuteDecodingError`; none of them traps on bad input, and lengths are checked against the bytes
/// actually present before anything is allocated.
extension ByteBuffer {
    /// Reads a jute `int`.
    @inlinable
    public mutating func readJuteInt(field: @autoclosure () -> String = "int") throws(JuteDecodingError) -> Int32 {
        guard let value = readInteger(endianness: .big, as: Int32.self) else {
            throw JuteDecodingError(.truncated, field: field())
        }
        return value
    }

    /// Reads a jute `long`.
    @inlinable
    public mutating func readJuteLong(field: @autoclosure () -> String = "long") throws(JuteDecodingError) -> Int64 {
        guard let value = readInteger(endianness: .big, as: Int64.self) else {
            throw JuteDecodingError(.truncated, field: field())
        }
        return value
    }

    /// Reads a jute `boolean` (any non-zero byte is true, as Java's `readBoolean` does).
    @inlinable
    public mutating func readJuteBool(field: @autoclosure () -> String = "boolean") throws(JuteDecodingError) -> Bool {
        guard let value = readInteger(as: UInt8.self) else {
            throw JuteDecodingError(.truncated, field: field())
        }
        return value != 0
    }

    /// Reads a length prefix and checks it: -1 means null, other negatives are errors, and a length
    /// larger than the remaining bytes is an error before any allocation happens.
    @inlinable
    mutating func readJuteLength(field: () -> String, minimumElementSize: Int) throws(JuteDecodingError) -> Int? {
        let length = try readJuteInt(field: field())
        if length == -1 { return nil }
        guard length >= 0 else { throw JuteDecodingError(.negativeLength, field: field()) }
        guard Int(length) <= readableBytes / max(minimumElementSize, 1) else {
            throw JuteDecodingError(.lengthTooLarge, field: field())
        }
        return Int(length)
    }

    /// Reads a jute `buffer`; null (length -1) is returned as `nil`.
    @inlinable
    public mutating func readJuteBuffer(field: @autoclosure () -> String = "buffer") throws(JuteDecodingError)
        -> [UInt8]?
    {
        guard let length = try readJuteLength(field: field, minimumElementSize: 1) else { return nil }
        guard let bytes = readBytes(length: length) else { throw JuteDecodingError(.truncated, field: field()) }
        return bytes
    }

    /// Reads a jute `buffer`, mapping null to an empty array: the public data type for znode contents
    /// is `[UInt8]`, and ZooKeeper treats null and empty data alike.
    @inlinable
    public mutating func readJuteBytes(field: @autoclosure () -> String = "buffer") throws(JuteDecodingError)
        -> [UInt8]
    {
        try readJuteBuffer(field: field()) ?? []
    }

    /// Reads a jute `ustring`; null (length -1) is returned as `nil`. Invalid UTF-8 is repaired
    /// with U+FFFD, as Java's `new String(bytes, UTF_8)` does on the server side.
    @inlinable
    public mutating func readJuteString(field: @autoclosure () -> String = "ustring") throws(JuteDecodingError)
        -> String?
    {
        guard let length = try readJuteLength(field: field, minimumElementSize: 1) else { return nil }
        guard let string = readString(length: length) else { throw JuteDecodingError(.truncated, field: field()) }
        return string
    }

    /// Reads a jute `ustring`, mapping null to the empty string (paths and schemes are never null
    /// in practice, and callers should not have to unwrap them).
    @inlinable
    public mutating func readJuteNonNullString(field: @autoclosure () -> String = "ustring") throws(JuteDecodingError)
        -> String
    {
        try readJuteString(field: field()) ?? ""
    }

    /// Reads a jute `vector`; null (count -1) is returned as `nil`. `minimumElementSize` bounds the
    /// count by the remaining bytes so a bogus count cannot make us reserve gigabytes.
    @inlinable
    public mutating func readJuteVector<Element>(
        field: @autoclosure () -> String = "vector",
        minimumElementSize: Int = 1,
        _ readElement: (inout ByteBuffer) throws(JuteDecodingError) -> Element
    ) throws(JuteDecodingError) -> [Element]? {
        guard let count = try readJuteLength(field: field, minimumElementSize: minimumElementSize) else {
            return nil
        }
        var elements: [Element] = []
        elements.reserveCapacity(count)
        for _ in 0..<count {
            elements.append(try readElement(&self))
        }
        return elements
    }

    /// Reads a vector of strings, mapping a null vector to an empty array.
    @inlinable
    public mutating func readJuteStringVector(field: @autoclosure () -> String = "vector<ustring>")
        throws(JuteDecodingError) -> [String]
    {
        try readJuteVector(field: field(), minimumElementSize: 4) { (buffer) throws(JuteDecodingError) in
            try buffer.readJuteNonNullString(field: "vector element")
        } ?? []
    }
}
