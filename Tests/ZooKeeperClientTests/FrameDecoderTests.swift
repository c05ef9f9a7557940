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

    @Test func embeddedChannelDeliversFramesAndRejectsOversized() throws {
        let channel = EmbeddedChannel(
            handler: ByteToMessageHandler(ZooKeeperFrameDecoder(maxFrameLength: Self.limit)))
        var input = channel.allocator.buffer(capacity: 64)
        input.writeBytes(Self.stream([[1, 2], [3]]))
        try channel.writeInbound(input)
        #expect(try channel.readInbound(as: ByteBuffer.self).map { Array($0.readableBytesView) } == [1, 2])
        #expect(try channel.readInbound(as: ByteBuffer.self).map { Array($0.readableBytesView) } == [3])
        var oversized = channel.allocator.buffer(capacity: 8)
        oversized.writeInteger(Int32(Self.limit + 1))
        #expect(throws: ZooKeeperError.self) { try channel.writeInbound(oversized) }
        _ = try? channel.finish()
    }
}
