import NIOCore
import TestSupport
import Testing
import ZooKeeperJute

/// Every record round-trips, every truncation is a clean error, and random or corrupted input
/// never crashes a decoder.
@Suite struct RecordDecodingTests {
    @Test(arguments: allSamples)
    func roundTrip(_ sample: RecordSample) throws {
        #expect(try sample.roundTrips())
    }

    @Test(arguments: allSamples)
    func everyTruncationIsACleanError(_ sample: RecordSample) {
        for length in 0..<sample.bytes.count {
            var buffer = ByteBuffer(bytes: sample.bytes[0..<length])
            let mayDecode = length >= sample.bytes.count - sample.optionalTail
            do {
                try sample.decode(&buffer)
                #expect(mayDecode, "\(sample.name) decoded from \(length) of \(sample.bytes.count) bytes")
            } catch {
                #expect(error is JuteDecodingError, "\(sample.name): unexpected error \(error)")
            }
        }
    }

    @Test(arguments: allSamples)
    func randomAndCorruptedInputNeverCrashes(_ sample: RecordSample) {
        var rng = SeededGenerator(seed: 0x5EED_0000 &+ UInt64(sample.bytes.count))
        var cleanErrors = 0
        for round in 0..<400 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                let length = Int.random(in: 0...96, using: &rng)
                bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            } else {
                bytes = sample.bytes
                for _ in 0..<Int.random(in: 1...4, using: &rng) where !bytes.isEmpty {
                    bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                }
                bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &rng)))
            }
            var buffer = ByteBuffer(bytes: bytes)
            do {
                try sample.decode(&buffer)
            } catch {
                #expect(error is JuteDecodingError)
                cleanErrors += 1
            }
        }
        #expect(cleanErrors > 0)
    }

    @Test func hugeLengthsAreRejectedBeforeAllocating() {
        var buffer = ByteBuffer(bytes: [0x7F, 0xFF, 0xFF, 0xFF, 0x61])
        #expect(throws: JuteDecodingError(.lengthTooLarge, field: "ustring")) { try buffer.readJuteString() }
        var vector = ByteBuffer(bytes: [0x7F, 0xFF, 0xFF, 0xFF])
        #expect(throws: JuteDecodingError.self) { try vector.readJuteStringVector() }
        var negative = ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xFE])
        #expect(throws: JuteDecodingError(.negativeLength, field: "buffer")) { try negative.readJuteBuffer() }
    }

    @Test func invalidUTF8IsRepairedLikeJava() throws {
        var buffer = ByteBuffer(bytes: [0, 0, 0, 2, 0xC3, 0x28])
        #expect(try buffer.readJuteString() == "\u{FFFD}(")
        #expect(buffer.readableBytes == 0)
    }

    @Test func unknownMultiResultTypeIsACleanError() {
        var buffer = ByteBuffer()
        MultiHeader(type: OpCode(rawValue: 77), done: false, err: .ok).encode(into: &buffer)
        #expect(throws: JuteDecodingError.self) { try MultiResponse.decode(from: &buffer) }
    }
}
