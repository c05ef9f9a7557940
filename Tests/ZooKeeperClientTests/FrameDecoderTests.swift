import NIOCore
import NIOEmbedded
import Testing
import ZooKeeperJute

@testable import ZooKeeperClient

/// The length-prefixed framing: any split of the byte stream gives the same frames, and bad
/// lengths are clean errors.
@Suite struct FrameDecoderTests {
    private static let limit = 1024

    private static func stream(_ bodies: [[UInt8]]) -> [UInt8] {
        var bytes: [UInt8] = []
        for body in bodies {
            var length = ByteBuffer()
            length.writeInteger(Int32(body.count))
            bytes += Array(length.readableBytesView) + body
        }
        return bytes
    }

    private static let bodies: [[UInt8]] = [[1, 2, 3], [], Array(repeating: 9, count: 300), [4]]

    /// Feeds `chunks` one after another into one accumulating buffer, as NIO does.
    private static func decode(_ chunks: [ArraySlice<UInt8>]) throws -> [[UInt8]] {
        var buffer = ByteBuffer()
        var frames: [[UInt8]] = []
        for chunk in chunks {
            buffer.writeBytes(chunk)
            while let frame = try ZooKeeperFrameDecoder.nextFrame(from: &buffer, maxFrameLength: limit) {
                frames.append(Array(frame.readableBytesView))
            }
        }
        #expect(buffer.readableBytes == 0)
        return frames
    }

    @Test func allAtOnce() throws {
        let bytes = Self.stream(Self.bodies)
        #expect(try Self.decode([bytes[...]]) == Self.bodies)
    }

    @Test func byteAtATime() throws {
        let bytes = Self.stream(Self.bodies)
        #expect(try Self.decode(bytes.indices.map { bytes[$0...$0] }) == Self.bodies)
    }

    @Test func splitAtEveryOffset() throws {
        let bytes = Self.stream(Self.bodies)
        for offset in 0...bytes.count {
            #expect(try Self.decode([bytes[..<offset], bytes[offset...]]) == Self.bodies, "split at \(offset)")
        }
    }

    @Test func oversizedAndNegativeLengthsAreCleanErrors() {
        for prefix: [UInt8] in [
            [0x7F, 0xFF, 0xFF, 0xFF], [0, 0, 0x04, 0x01], [0xFF, 0xFF, 0xFF, 0xFF], [0x80, 0, 0, 0],
        ] {
            var buffer = ByteBuffer(bytes: prefix)
            #expect(throws: ZooKeeperError.self) {
                _ = try ZooKeeperFrameDecoder.nextFrame(from: &buffer, maxFrameLength: Self.limit)
            }
            do {
                _ = try ZooKeeperFrameDecoder.nextFrame(from: &buffer, maxFrameLength: Self.limit)
            } catch {
                #expect(error.code == .marshallingError)
            }
        }
    }

    @Test func embeddedChannelDeliversFramesAndSkipsOversized() throws {
        let channel = EmbeddedChannel(
            handler: ByteToMessageHandler(ZooKeeperFrameDecoder(maxFrameLength: Self.limit)))
        var input = channel.allocator.buffer(capacity: 64)
        input.writeBytes(Self.stream([[1, 2], [3]]))
        try channel.writeInbound(input)
        #expect(try Self.body(channel.readInbound(as: InboundFrame.self)) == [1, 2])
        #expect(try Self.body(channel.readInbound(as: InboundFrame.self)) == [3])
        var oversized = channel.allocator.buffer(capacity: 64)
        oversized.writeBytes(Self.stream([Self.reply(xid: 7, bodyBytes: Self.limit), [5]]))
        try channel.writeInbound(oversized)
        guard case .oversized(let reply) = try channel.readInbound(as: InboundFrame.self) else {
            Issue.record("no oversized reply")
            return
        }
        #expect(reply.header.xid == 7 && reply.length == Self.limit + 16 && reply.limit == Self.limit)
        #expect(try Self.body(channel.readInbound(as: InboundFrame.self)) == [5])
        var negative = channel.allocator.buffer(capacity: 8)
        negative.writeInteger(Int32(-5))
        #expect(throws: ZooKeeperError.self) { try channel.writeInbound(negative) }
        _ = try? channel.finish()
    }

    /// An oversized reply is skipped wherever the stream is split, keeping nothing of its body: the
    /// frames after it come out intact.
    @Test func oversizedFrameIsSkippedAtEverySplit() throws {
        let bodies = [[1, 2, 3], Self.reply(xid: 42, bodyBytes: 3 * Self.limit), [4, 5]]
        let bytes = Self.stream(bodies)
        for offset in stride(from: 0, through: bytes.count, by: 7) {
            var decoder = ZooKeeperFrameDecoder(maxFrameLength: Self.limit)
            var buffer = ByteBuffer()
            var seen: [String] = []
            var largestHeld = 0
            for chunk in [bytes[..<offset], bytes[offset...]] {
                for piece in stride(from: chunk.startIndex, to: chunk.endIndex, by: 512) {
                    buffer.writeBytes(chunk[piece..<min(piece + 512, chunk.endIndex)])
                    largestHeld = max(largestHeld, buffer.readableBytes)
                    while let frame = try decoder.next(from: &buffer) {
                        switch frame {
                        case .frame(let body): seen.append("\(Array(body.readableBytesView))")
                        case .oversized(let reply): seen.append("oversized \(reply.header.xid) \(reply.length)")
                        }
                    }
                    buffer.discardReadBytes()
                }
            }
            #expect(seen == ["[1, 2, 3]", "oversized 42 \(3 * Self.limit + 16)", "[4, 5]"], "split at \(offset)")
            #expect(buffer.readableBytes == 0 && decoder.skipping == 0)
            #expect(largestHeld <= Self.limit + 520, "the skipped body is never held")
        }
    }

    /// A reply header (xid, zxid 9, ok) followed by `bodyBytes` bytes.
    private static func reply(xid: Int32, bodyBytes: Int) -> [UInt8] {
        var buffer = ByteBuffer()
        ReplyHeader(xid: xid, zxid: 9, err: .ok).encode(into: &buffer)
        return Array(buffer.readableBytesView) + Array(repeating: 0xAB, count: bodyBytes)
    }

    private static func body(_ frame: InboundFrame?) -> [UInt8]? {
        guard case .frame(let body) = frame else { return nil }
        return Array(body.readableBytesView)
    }
}
