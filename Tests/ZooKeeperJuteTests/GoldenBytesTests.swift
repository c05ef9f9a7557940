import NIOCore
import Testing
import ZooKeeperJute

/// Expected bytes worked out by hand from `zookeeper.jute` and `BinaryOutputArchive`: big-endian
/// ints and longs, one byte per boolean, a 4-byte length before buffers, strings and vectors.
@Suite struct GoldenBytesTests {
    @Test func connectRequestForANewSession() {
        let request = ConnectRequest(
            protocolVersion: 0, lastZxidSeen: 0, timeOut: 30_000, sessionId: 0,
            passwd: [UInt8](repeating: 0, count: 16), readOnly: false)
        let expected: [UInt8] =
            [0, 0, 0, 0]  // protocolVersion
            + [0, 0, 0, 0, 0, 0, 0, 0]  // lastZxidSeen
            + [0x00, 0x00, 0x75, 0x30]  // timeOut = 30000
            + [0, 0, 0, 0, 0, 0, 0, 0]  // sessionId
            + [0, 0, 0, 0x10] + [UInt8](repeating: 0, count: 16)  // passwd: length 16 + bytes
            + [0]  // readOnly
        #expect(Array(request.encoded().readableBytesView) == expected)
        #expect(expected.count == 45)
    }

    @Test func connectRequestResumingASession() {
        let request = ConnectRequest(
            lastZxidSeen: 0x0000_0001_0000_0003, timeOut: 4000, sessionId: 0x0102_0304_0506_0708,
            passwd: [0xAA, 0xBB], readOnly: true)
        let expected: [UInt8] =
            [0, 0, 0, 0]
            + [0, 0, 0, 1, 0, 0, 0, 3]
            + [0, 0, 0x0F, 0xA0]
            + [1, 2, 3, 4, 5, 6, 7, 8]
            + [0, 0, 0, 2, 0xAA, 0xBB]
            + [1]
        #expect(Array(request.encoded().readableBytesView) == expected)
    }

    @Test func getDataRequestWithHeader() {
        var buffer = ByteBuffer()
        RequestHeader(xid: 1, type: .getData).encode(into: &buffer)
        GetDataRequest(path: "/a", watch: true).encode(into: &buffer)
        let expected: [UInt8] = [0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 0, 2, 0x2F, 0x61, 1]
        #expect(Array(buffer.readableBytesView) == expected)
    }

    @Test func statIsElevenFieldsIn68Bytes() throws {
        let stat = Stat(
            czxid: 1, mzxid: 2, ctime: 3, mtime: 4, version: 5, cversion: 6, aversion: 7, ephemeralOwner: 8,
            dataLength: 9, numChildren: 10, pzxid: 11)
        func long(_ value: UInt8) -> [UInt8] { [0, 0, 0, 0, 0, 0, 0, value] }
        func int(_ value: UInt8) -> [UInt8] { [0, 0, 0, value] }
        let expected =
            long(1) + long(2) + long(3) + long(4) + int(5) + int(6) + int(7) + long(8) + int(9) + int(10) + long(11)
        #expect(expected.count == 68)
        #expect(Array(stat.encoded().readableBytesView) == expected)
        #expect(try Stat.decode(bytes: expected) == stat)
    }

    @Test func replyHeaderWithNegativeError() throws {
        let bytes: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFE] + [0, 0, 0, 0, 0, 0, 0x01, 0x00] + [0xFF, 0xFF, 0xFF, 0x9B]
        let header = try ReplyHeader.decode(bytes: bytes)
        #expect(header.xid == SpecialXid.ping)
        #expect(header.zxid == 256)
        #expect(header.err == .noNode)
    }

    @Test func nullFieldsUseLengthMinusOne() throws {
        var buffer = ByteBuffer()
        buffer.writeJuteString(nil)
        buffer.writeJuteBuffer(nil)
        buffer.writeJuteStringVector(nil)
        #expect(Array(buffer.readableBytesView) == [UInt8](repeating: 0xFF, count: 12))
        #expect(try buffer.readJuteString() == nil)
        #expect(try buffer.readJuteBuffer() == nil)
        #expect(try buffer.readJuteVector { (b) throws(JuteDecodingError) in try b.readJuteInt() } == nil)
    }

    @Test func booleansAreOneByte() throws {
        var buffer = ByteBuffer()
        buffer.writeJuteBool(true)
        buffer.writeJuteBool(false)
        #expect(Array(buffer.readableBytesView) == [1, 0])
        #expect(try buffer.readJuteBool() == true)
        #expect(try buffer.readJuteBool() == false)
    }

    @Test func multiRequestEndsWithDoneMarker() {
        let request = MultiRequest(operations: [.delete(DeleteRequest(path: "/x", version: -1))])
        let expected: [UInt8] =
            [0, 0, 0, 2, 0, 0xFF, 0xFF, 0xFF, 0xFF]  // header: delete, not done, err -1
            + [0, 0, 0, 2, 0x2F, 0x78, 0xFF, 0xFF, 0xFF, 0xFF]  // path "/x", version -1
            + [0xFF, 0xFF, 0xFF, 0xFF, 1, 0xFF, 0xFF, 0xFF, 0xFF]  // end marker
        #expect(Array(request.encoded().readableBytesView) == expected)
    }

    @Test func utf8StringLengthCountsBytes() throws {
        var buffer = ByteBuffer()
        buffer.writeJuteString("/é")
        #expect(Array(buffer.readableBytesView) == [0, 0, 0, 3, 0x2F, 0xC3, 0xA9])
        #expect(try buffer.readJuteString() == "/é")
    }

    @Test func opcodesAndErrorCodesMatchTheSpec() {
        #expect(OpCode.setWatches2.rawValue == 105)
        #expect(OpCode.setWatches.rawValue == 101)
        #expect(OpCode.addWatch.rawValue == 106)
        #expect(OpCode.getAllChildrenNumber.rawValue == 104)
        #expect(OpCode.getEphemerals.rawValue == 103)
        #expect(OpCode.createTTL.rawValue == 21)
        #expect(OpCode.closeSession.rawValue == -11)
        #expect(ErrorCode.noNode.rawValue == -101)
        #expect(ErrorCode.nodeExists.rawValue == -110)
        #expect(ErrorCode.sessionExpired.rawValue == -112)
        #expect(ErrorCode.connectionLoss.rawValue == -4)
        #expect(ErrorCode.operationTimeout.rawValue == -7)
        #expect(ErrorCode.throttledOp.rawValue == -127)
        #expect(ErrorCode(rawValue: -999).name == "Unknown")
        #expect(ErrorCode.noNode.description == "NoNode(-101)")
    }
}
