import NIOCore
import ZooKeeperJute

/// Splits the byte stream into frames: a 4-byte big-endian length, then that many bytes.
///
/// A pure step parser (`nextFrame`) plus the NIO `ByteToMessageDecoder` shell around it, so the
/// parsing is tested on plain buffers. A negative length, or one above the limit, is a clean
/// `marshallingError`: the connection is dropped, nothing is allocated, nothing traps.
struct ZooKeeperFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    /// The largest accepted frame body (`jute.maxbuffer` plus slack for headers).
    let maxFrameLength: Int

    /// Takes one whole frame body off the front of `buffer`, or returns nil if more bytes are needed.
    static func nextFrame(from buffer: inout ByteBuffer, maxFrameLength: Int) throws(ZooKeeperError) -> ByteBuffer? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, endianness: .big, as: Int32.self) else {
            return nil
        }
        guard length >= 0 else {
            throw ZooKeeperError(.marshallingError, message: "negative frame length \(length)")
        }
        guard Int(length) <= maxFrameLength else {
            throw ZooKeeperError(
                .marshallingError, message: "frame length \(length) exceeds the limit of \(maxFrameLength) bytes")
        }
        guard buffer.readableBytes >= 4 + Int(length) else { return nil }
        buffer.moveReaderIndex(forwardBy: 4)
        return buffer.readSlice(length: Int(length))
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let frame = try ZooKeeperFrameDecoder.nextFrame(from: &buffer, maxFrameLength: maxFrameLength) else {
            return .needMoreData
        }
        context.fireChannelRead(wrapInboundOut(frame))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws
        -> DecodingState
    {
        while try decode(context: context, buffer: &buffer) == .continue {}
        // Bytes left over at EOF are a frame cut short by the peer; drop them, the connection is
        // closing anyway and the in-flight requests fail with connectionLoss.
        buffer.moveReaderIndex(to: buffer.writerIndex)
        return .needMoreData
    }
}
