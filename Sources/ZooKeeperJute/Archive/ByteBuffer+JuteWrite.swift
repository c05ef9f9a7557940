import NIOCore

/// Writers for jute's binary archive: big-endian integers, one byte per boolean, and a 4-byte length
/// in front of buffers, strings and vectors, where -1 stands for null (as `BinaryOutputArchive` does).
extension ByteBuffer {
    /// Writes a jute `int` (4 bytes, big-endian).
    @inlinable
    public mutating func writeJuteInt(_ value: Int32) {
        writeInteger(value, endianness: .big)
    }

    /// Writes a jute `long` (8 bytes, big-endian).
    @inlinable
    public mutating func writeJuteLong(_ value: Int64) {
        writeInteger(value, endianness: .big)
    }

    /// Writes a jute `boolean` as one byte, 1 or 0.
    @inlinable
    public mutating func writeJuteBool(_ value: Bool) {
        writeInteger(value ? UInt8(1) : UInt8(0))
    }

    /// Writes a jute `buffer`: its length then its bytes; `nil` is written as length -1.
    @inlinable
    public mutating func writeJuteBuffer(_ bytes: [UInt8]?) {
        guard let bytes else {
            writeJuteInt(-1)
            return
        }
        writeJuteInt(Int32(truncatingIfNeeded: bytes.count))
        writeBytes(bytes)
    }

    /// Writes a jute `ustring`: its UTF-8 length then its UTF-8 bytes; `nil` is written as length -1.
    @inlinable
    public mutating func writeJuteString(_ string: String?) {
        guard let string else {
            writeJuteInt(-1)
            return
        }
        let lengthIndex = writerIndex
        writeJuteInt(0)
        let written = writeString(string)
        setInteger(Int32(truncatingIfNeeded: written), at: lengthIndex, endianness: .big)
    }

    /// Writes a jute `vector`: its element count then each element; `nil` is written as count -1.
    @inlinable
    public mutating func writeJuteVector<Element>(
        _ elements: [Element]?,
        _ writeElement: (inout ByteBuffer, Element) -> Void
    ) {
        guard let elements else {
            writeJuteInt(-1)
            return
        }
        writeJuteInt(Int32(truncatingIfNeeded: elements.count))
        for element in elements {
            writeElement(&self, element)
        }
    }

    /// Writes a vector of strings, the most common vector in the protocol (paths, children).
    @inlinable
    public mutating func writeJuteStringVector(_ strings: [String]?) {
        writeJuteVector(strings) { buffer, string in buffer.writeJuteString(string) }
    }
}
