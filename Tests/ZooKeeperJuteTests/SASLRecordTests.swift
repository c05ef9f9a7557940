import NIOCore
import Testing
import ZooKeeperJute

/// The opcode-102 records, byte for byte as `zookeeper.jute` and `BinaryOutputArchive` define them (and as
/// kazoo's `SASL` record and the C client's `serialize_GetSASLRequest` write them).
@Suite struct SASLRecordTests {
    @Test func emptyFirstTokenWithItsHeader() {
        var buffer = ByteBuffer()
        RequestHeader(xid: 1, type: .sasl).encode(into: &buffer)
        GetSASLRequest(token: []).encode(into: &buffer)
        let expected: [UInt8] =
            [0, 0, 0, 1]  // xid 1: an ordinary xid, as the Java, C and kazoo clients use
            + [0, 0, 0, 0x66]  // opcode 102
            + [0, 0, 0, 0]  // token: an empty buffer, never null
        #expect(Array(buffer.readableBytesView) == expected)
        #expect(OpCode.sasl.rawValue == 102)
        #expect(OpCode.sasl.description == "sasl")
    }

    @Test func tokenBytesFollowTheirLength() throws {
        let request = GetSASLRequest(token: Array("user=\"bob\"".utf8))
        let bytes = Array(request.encoded().readableBytesView)
        #expect(bytes == [0, 0, 0, 10] + Array("user=\"bob\"".utf8))
        #expect(try GetSASLRequest.decode(bytes: bytes) == request)
    }

    @Test func responseWithAChallenge() throws {
        let challenge = Array("realm=\"zk-sasl-md5\",nonce=\"x\"".utf8)
        let bytes: [UInt8] = [0, 0, 0, UInt8(challenge.count)] + challenge
        #expect(try SetSASLResponse.decode(bytes: bytes) == SetSASLResponse(token: challenge))
        #expect(Array(SetSASLResponse(token: challenge).encoded().readableBytesView) == bytes)
    }

    @Test func nullTokenAsTheServerSendsItWithAFailure() throws {
        // ZooKeeperServer.processSasl answers a failed exchange with `new SetSASLResponse(null)`.
        let bytes: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF]
        #expect(try SetSASLResponse.decode(bytes: bytes) == SetSASLResponse(token: nil))
        #expect(Array(SetSASLResponse(token: nil).encoded().readableBytesView) == bytes)
    }

    @Test func truncatedTokenIsAnError() {
        #expect(throws: JuteDecodingError.self) { try SetSASLResponse.decode(bytes: [0, 0, 0, 5, 1, 2]) }
    }

    @Test func sessionClosedRequireSASLAuthIsNamed() {
        #expect(ErrorCode.sessionClosedRequireSASLAuth.rawValue == -124)
        #expect(ErrorCode.sessionClosedRequireSASLAuth.description == "SessionClosedRequireSASLAuth(-124)")
    }
}
