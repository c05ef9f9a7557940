import NIOCore
import ZooKeeperJute

/// What the frame decoder hands the connection: a whole frame, or the header of a reply that was
/// larger than the client accepts (its body is read past and dropped, never buffered).
enum InboundFrame {
    /// One whole frame body (the 4-byte length stripped).
    case frame(ByteBuffer)
    /// A reply over the limit: its header (so the pending request it answers is known and the
    /// connection stays in step) and its full body length.
    case oversized(OversizedReply)
}

/// The header of a reply too large to accept, and how large it was.
struct OversizedReply: Equatable {
    /// The reply header (xid, zxid, err), read from the front of the body.
    var header: ReplyHeader
    /// The body length the server announced.
    var length: Int
    /// The limit it exceeded.
    var limit: Int
}

/// Splits the byte stream into frames: a 4-byte big-endian length, then that many bytes.
///
/// A pure step parser (`next(from:)`) plus the NIO `ByteToMessageDecoder` shell around it, so the
/// parsing is tested on plain buffers. A frame above `maxFrameLength` is not an attack on its own:
/// a real server sends any size its data needs (a `getChildren` of 300,000 children is several MB,
/// and the server's `jute.maxbuffer` bounds only the requests it accepts). So such a frame is
/// skipped: its 16-byte reply header is read and handed on as `.oversized` (the request it answers
/// fails with `replyTooLarge`), the rest is consumed as it arrives and dropped, and the connection
/// goes on with the next frame; memory stays at the limit whatever the server sends. Only a
/// negative length is a `marshallingError` that drops the connection: no server sends one.
struct ZooKeeperFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = InboundFrame

    /// The largest accepted frame body (`ZooKeeperConfiguration.maxReplySize`).
    let maxFrameLength: Int
    /// Bytes of an oversized frame still to drop.
    private(set) var skipping = 0

    init(maxFrameLength: Int) {
        self.maxFrameLength = maxFrameLength
    }

    /// The size of the reply header read from the front of an oversized frame.
    static let replyHeaderLength = ReplyHeader.encodedSize

    /// Takes one frame (or one oversized reply's header) off the front of `buffer`, drops bytes of
    /// an oversized frame being skipped, or returns nil if more bytes are needed.
    mutating func next(from buffer: inout ByteBuffer) throws(ZooKeeperError) -> InboundFrame? {
        while skipping > 0 {
            let count = min(skipping, buffer.readableBytes)
            guard count > 0 else { return nil }
            buffer.moveReaderIndex(forwardBy: count)
            skipping -= count
        }
        guard let length = buffer.getInteger(at: buffer.readerIndex, endianness: .big, as: Int32.self) else {
            return nil
        }
        guard length >= 0 else {
            throw ZooKeeperError(.marshallingError, message: "negative frame length \(length)")
        }
        guard Int(length) > maxFrameLength else {
            return try Self.nextFrame(from: &buffer, maxFrameLength: maxFrameLength).map(InboundFrame.frame)
        }
        guard Int(length) >= Self.replyHeaderLength else {
            throw ZooKeeperError(
                .marshallingError, message: "frame length \(length) exceeds the limit of \(maxFrameLength) bytes")
        }
        guard buffer.readableBytes >= 4 + Self.replyHeaderLength else { return nil }
        buffer.moveReaderIndex(forwardBy: 4)
        let xid = buffer.readInteger(endianness: .big, as: Int32.self)!
        let zxid = buffer.readInteger(endianness: .big, as: Int64.self)!
        let err = buffer.readInteger(endianness: .big, as: Int32.self)!
        let header = ReplyHeader(xid: xid, zxid: zxid, err: ErrorCode(rawValue: err))
        skipping = Int(length) - Self.replyHeaderLength
        return .oversized(OversizedReply(header: header, length: Int(length), limit: maxFrameLength))
    }

    /// Takes one whole frame body off the front of `buffer`, or returns nil if more bytes are needed;
    /// a length above the limit throws (the stateless form, for tests and the fake server).
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
        guard let frame = try next(from: &buffer) else { return .needMoreData }
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
