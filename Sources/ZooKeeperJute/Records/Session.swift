import NIOCore

/// The first message of a connection (no request header): asks for a new session, or to resume one.
///
/// The trailing `readOnly` byte is not in `zookeeper.jute`; servers since 3.4 read it if present.
public struct ConnectRequest: JuteRecord {
    /// Always 0.
    public var protocolVersion: Int32
    /// The last zxid this client saw, so a server that is behind refuses the session instead of
    /// serving older data.
    public var lastZxidSeen: Int64
    /// The requested session timeout in milliseconds (the server clamps it to its min/max).
    public var timeOut: Int32
    /// 0 for a new session, or the id of the session to resume.
    public var sessionId: Int64
    /// The session password (16 zero bytes for a new session).
    public var passwd: [UInt8]
    /// Whether a read-only server may accept the session.
    public var readOnly: Bool

    /// Makes a request.
    public init(
        protocolVersion: Int32 = 0, lastZxidSeen: Int64 = 0, timeOut: Int32, sessionId: Int64 = 0,
        passwd: [UInt8] = [UInt8](repeating: 0, count: 16), readOnly: Bool = false
    ) {
        self.protocolVersion = protocolVersion
        self.lastZxidSeen = lastZxidSeen
        self.timeOut = timeOut
        self.sessionId = sessionId
        self.passwd = passwd
        self.readOnly = readOnly
    }

    /// Writes the fields and the trailing read-only byte.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeJuteInt(protocolVersion)
        buffer.writeJuteLong(lastZxidSeen)
        buffer.writeJuteInt(timeOut)
        buffer.writeJuteLong(sessionId)
        buffer.writeJuteBuffer(passwd)
        buffer.writeJuteBool(readOnly)
    }

    /// Reads the fields; the read-only byte is optional (old clients omit it).
    public static func decode(from buffer: inout ByteBuffer) throws(JuteDecodingError) -> ConnectRequest {
        let protocolVersion = try buffer.readJuteInt(field: "ConnectRequest.protocolVersion")
        let lastZxidSeen = try buffer.readJuteLong(field: "ConnectRequest.lastZxidSeen")
        let timeOut = try buffer.readJuteInt(field: "ConnectRequest.timeOut")
        let sessionId = try buffer.readJuteLong(field: "ConnectRequest.sessionId")
        let passwd = try buffer.readJuteBytes(field: "ConnectRequest.passwd")
        let readOnly = buffer.readableBytes > 0 ? try buffer.readJuteBool(field: "ConnectRequest.readOnly") : false
        return ConnectRequest(
            protocolVersion: protocolVersion, lastZxidSeen: lastZxidSeen, timeOut: timeOut, sessionId: sessionId,
            passwd: passwd, readOnly: readOnly
        )
    }
}

/// The server's answer to `ConnectRequest`. A `timeOut` of 0 or less means the session expired.
public struct ConnectResponse: JuteRecord {
    /// Always 0.
    public var protocolVersion: Int32
    /// The negotiated session timeout in milliseconds; `<= 0` means the session is expired.
    public var timeOut: Int32
    /// The session id (0 if expired).
    public var sessionId: Int64
    /// The session password, needed to resume the session on another server.
    public var passwd: [UInt8]
    /// Whether the server is in read-only mode (optional trailing byte).
    public var readOnly: Bool

    /// Makes a response.
    public init(protocolVersion: Int32 = 0, timeOut: Int32, sessionId: Int64, passwd: [UInt8], readOnly: Bool = false) {
        self.protocolVersion = protocolVersion
        self.timeOut = timeOut
        self.sessionId = sessionId
        self.passwd = passwd
        self.readOnly = readOnly
    }

    /// Writes the fields and the read-only byte.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeJuteInt(protocolVersion)
        buffer.writeJuteInt(timeOut)
        buffer.writeJuteLong(sessionId)
        buffer.writeJuteBuffer(passwd)
        buffer.writeJuteBool(readOnly)
    }

    /// Reads the fields; the read-only byte is optional (old servers omit it).
    public static func decode(from buffer: inout ByteBuffer) throws(JuteDecodingError) -> ConnectResponse {
        let protocolVersion = try buffer.readJuteInt(field: "ConnectResponse.protocolVersion")
        let timeOut = try buffer.readJuteInt(field: "ConnectResponse.timeOut")
        let sessionId = try buffer.readJuteLong(field: "ConnectResponse.sessionId")
        let passwd = try buffer.readJuteBytes(field: "ConnectResponse.passwd")
        let readOnly = buffer.readableBytes > 0 ? try buffer.readJuteBool(field: "ConnectResponse.readOnly") : false
        return ConnectResponse(
            protocolVersion: protocolVersion, timeOut: timeOut, sessionId: sessionId, passwd: passwd,
            readOnly: readOnly
        )
    }
}

/// Adds credentials to the session (sent with xid -4, opcode `auth`).
public struct AuthPacket: JuteRecord {
    /// Always 0.
    public var type: Int32
    /// The scheme, e.g. `digest`.
    public var scheme: String
    /// The credentials, e.g. `user:password` in UTF-8 for `digest`.
    public var auth: [UInt8]

    /// Makes a packet.
    public init(type: Int32 = 0, scheme: String, auth: [UInt8]) {
        self.type = type
        self.scheme = scheme
        self.auth = auth
    }

    /// Writes type, scheme, auth.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeJuteInt(type)
        buffer.writeJuteString(scheme)
        buffer.writeJuteBuffer(auth)
    }

    /// Reads type, scheme, auth.
    public static func decode(from buffer: inout ByteBuffer) throws(JuteDecodingError) -> AuthPacket {
        AuthPacket(
            type: try buffer.readJuteInt(field: "AuthPacket.type"),
            scheme: try buffer.readJuteNonNullString(field: "AuthPacket.scheme"),
            auth: try buffer.readJuteBytes(field: "AuthPacket.auth")
        )
    }
}
