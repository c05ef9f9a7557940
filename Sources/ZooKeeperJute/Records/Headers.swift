import NIOCore

/// Precedes every request after the handshake: the xid to match the reply, and the opcode.
public struct RequestHeader: JuteRecord {
    /// The request's id; positive for ordinary requests, special negative values otherwise.
    public var xid: Int32
    /// The opcode.
    public var type: OpCode

    /// Makes a header.
    public init(xid: Int32, type: OpCode) {
        self.xid = xid
        self.type = type
    }

    /// Writes xid then type.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeJuteInt(xid)
        buffer.writeJuteInt(type.rawValue)
    }

    /// Reads xid then type.
    public static func decode(from buffer: inout ByteBuffer) throws(JuteDecodingError) -> RequestHeader {
        RequestHeader(
            xid: try buffer.readJuteInt(field: "RequestHeader.xid"),
            type: OpCode(rawValue: try buffer.readJuteInt(field: "RequestHeader.type"))
        )
    }
}

/// Precedes every reply: which request it answers, the server's zxid, and the result code.
/// The reply body follows only when `err` is 0 (it does not say its own type: the request decides).
public struct ReplyHeader: JuteRecord, Hashable {
    /// The xid of the request answered, or a special xid.
    public var xid: Int32
    /// The zxid the server had reached; the client remembers the largest to resume sessions safely.
    public var zxid: Int64
    /// The result code.
    public var err: ErrorCode

    /// The encoded size.
    public static let encodedSize = 16

    /// Makes a header.
    public init(xid: Int32, zxid: Int64, err: ErrorCode) {
        self.xid = xid
        self.zxid = zxid
        self.err = err
    }

    /// Writes xid, zxid, err.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeJuteInt(xid)
        buffer.writeJuteLong(zxid)
        buffer.writeJuteInt(err.rawValue)
    }

    /// Reads xid, zxid, err.
    public static func decode(from buffer: inout ByteBuffer) throws(JuteDecodingError) -> ReplyHeader {
        ReplyHeader(
            xid: try buffer.readJuteInt(field: "ReplyHeader.xid"),
            zxid: try buffer.readJuteLong(field: "ReplyHeader.zxid"),
            err: ErrorCode(rawValue: try buffer.readJuteInt(field: "ReplyHeader.err"))
        )
    }
}

/// Precedes each operation of a multi request and each result of a multi response; `done` ends
/// the list.
public struct MultiHeader: JuteRecord {
    /// The operation's opcode, or -1 for an error result / the end marker.
    public var type: OpCode
    /// True only on the end marker.
    public var done: Bool
    /// The result code (responses), -1 in requests.
    public var err: ErrorCode

    /// Makes a header.
    public init(type: OpCode, done: Bool, err: ErrorCode) {
        self.type = type
        self.done = done
        self.err = err
    }

    /// Writes type, done, err.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeJuteInt(type.rawValue)
        buffer.writeJuteBool(done)
        buffer.writeJuteInt(err.rawValue)
    }

    /// Reads type, done, err.
    public static func decode(from buffer: inout ByteBuffer) throws(JuteDecodingError) -> MultiHeader {
        MultiHeader(
            type: OpCode(rawValue: try buffer.readJuteInt(field: "MultiHeader.type")),
            done: try buffer.readJuteBool(field: "MultiHeader.done"),
            err: ErrorCode(rawValue: try buffer.readJuteInt(field: "MultiHeader.err"))
        )
    }
}

/// The body of an error result in a multi response.
public struct ErrorResponse: JuteRecord {
    /// The error.
    public var err: ErrorCode

    /// Makes a response.
    public init(err: ErrorCode) { self.err = err }

    /// Writes err.
    public func encode(into buffer: inout ByteBuffer) { buffer.writeJuteInt(err.rawValue) }

    /// Reads err.
    public static func decode(from buffer: inout ByteBuffer) throws(JuteDecodingError) -> ErrorResponse {
        ErrorResponse(err: ErrorCode(rawValue: try buffer.readJuteInt(field: "ErrorResponse.err")))
    }
}
