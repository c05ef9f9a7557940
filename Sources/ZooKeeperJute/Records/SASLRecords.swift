import NIOCore

/// One client token of a SASL exchange (opcode 102, `sasl`): `GetSASLRequest { buffer token }` in
/// `zookeeper.jute`. The first DIGEST-MD5 token is empty (the server speaks first). ZooKeeper's clients send it
/// with an ordinary xid, right after the connect response and before any other request.
public struct GetSASLRequest: JuteRecord, Hashable {
    /// The mechanism's bytes (never null on the wire: an empty token is a zero-length buffer).
    public var token: [UInt8]

    /// Makes a request.
    public init(token: [UInt8]) { self.token = token }

    /// Writes the token as a jute buffer.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeJuteBuffer(token)
    }

    /// Reads the token.
    public static func decode(from buffer: inout ByteBuffer) throws(JuteDecodingError) -> GetSASLRequest {
        GetSASLRequest(token: try buffer.readJuteBytes(field: "GetSASLRequest.token"))
    }
}

/// The server's answer to a `GetSASLRequest`: `SetSASLResponse { buffer token }`, the next challenge (or, for
/// DIGEST-MD5's last step, `rspauth`). The server sends a null token when it has nothing to say, and also with
/// an error reply (AuthFailed, or SessionClosedRequireSASLAuth when SASL is enforced) before closing the connection.
public struct SetSASLResponse: JuteRecord, Hashable {
    /// The challenge; nil when the server sent a null buffer.
    public var token: [UInt8]?

    /// Makes a response.
    public init(token: [UInt8]?) { self.token = token }

    /// Writes the token (null as length -1).
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeJuteBuffer(token)
    }

    /// Reads the token; a null buffer stays nil.
    public static func decode(from buffer: inout ByteBuffer) throws(JuteDecodingError) -> SetSASLResponse {
        SetSASLResponse(token: try buffer.readJuteBuffer(field: "SetSASLResponse.token"))
    }
}
