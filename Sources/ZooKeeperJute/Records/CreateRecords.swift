import NIOCore

/// Creates a node (opcodes `create`, `create2`, `createContainer`).
public struct CreateRequest: JuteRecord {
    /// The node to create (for sequential modes, the prefix of the name).
    public var path: String
    /// The initial data.
    public var data: [UInt8]
    /// The ACL; must not be empty.
    public var acl: [ACL]
    /// The create mode flags.
    public var flags: CreateMode

    /// Makes a request.
    public init(path: String, data: [UInt8], acl: [ACL], flags: CreateMode) {
        self.path = path
        self.data = data
        self.acl = acl
        self.flags = flags
    }

    /// Writes path, data, acl, flags.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeJuteString(path)
        buffer.writeJuteBuffer(data)
        buffer.writeJuteACLs(acl)
        buffer.writeJuteInt(flags.rawValue)
    }

    /// Reads path, data, acl, flags.
    public static func decode(from buffer: inout ByteBuffer) throws(JuteDecodingError) -> CreateRequest {
        CreateRequest(
            path: try buffer.readJuteNonNullString(field: "CreateRequest.path"),
            data: try buffer.readJuteBytes(field: "CreateRequest.data"),
            acl: try buffer.readJuteACLs(field: "CreateRequest.acl"),
            flags: CreateMode(rawValue: try buffer.readJuteInt(field: "CreateRequest.flags"))
        )
    }
}

/// Creates a node with a time-to-live (opcode `createTTL`; the server must enable TTL nodes).
public struct CreateTTLRequest: JuteRecord {
    /// The node to create.
    public var path: String
    /// The initial data.
    public var data: [UInt8]
    /// The ACL.
    public var acl: [ACL]
    /// A TTL create mode.
    public var flags: CreateMode
    /// The TTL in milliseconds.
    public var ttl: Int64

    /// Makes a request.
    public init(path: String, data: [UInt8], acl: [ACL], flags: CreateMode, ttl: Int64) {
        self.path = path
        self.data = data
        self.acl = acl
        self.flags = flags
        self.ttl = ttl
    }

    /// Writes path, data, acl, flags, ttl.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeJuteString(path)
        buffer.writeJuteBuffer(data)
        buffer.writeJuteACLs(acl)
        buffer.writeJuteInt(flags.rawValue)
        buffer.writeJuteLong(ttl)
    }

    /// Reads path, data, acl, flags, ttl.
    public static func decode(from buffer: inout ByteBuffer) throws(JuteDecodingError) -> CreateTTLRequest {
        CreateTTLRequest(
            path: try buffer.readJuteNonNullString(field: "CreateTTLRequest.path"),
            data: try buffer.readJuteBytes(field: "CreateTTLRequest.data"),
            acl: try buffer.readJuteACLs(field: "CreateTTLRequest.acl"),
            flags: CreateMode(rawValue: try buffer.readJuteInt(field: "CreateTTLRequest.flags")),
            ttl: try buffer.readJuteLong(field: "CreateTTLRequest.ttl")
        )
    }
}

/// A response that is a single path: `CreateResponse` and `SyncResponse`.
public struct PathResponse: JuteRecord {
    /// The path (for creates, the actual name including any sequence suffix).
    public var path: String

    /// Makes a response.
    public init(path: String) { self.path = path }

    /// Writes the path.
    public func encode(into buffer: inout ByteBuffer) { buffer.writeJuteString(path) }

    /// Reads the path.
    public static func decode(from buffer: inout ByteBuffer) throws(JuteDecodingError) -> PathResponse {
        PathResponse(path: try buffer.readJuteNonNullString(field: "PathResponse.path"))
    }
}

/// The answer to `create`.
public typealias CreateResponse = PathResponse

/// The answer to `create2`, `createContainer` and `createTTL`: the path and the new node's stat.
public struct Create2Response: JuteRecord {
    /// The created path.
    public var path: String
    /// The new node's stat.
    public var stat: Stat

    /// Makes a response.
    public init(path: String, stat: Stat) {
        self.path = path
        self.stat = stat
    }

    /// Writes path, stat.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeJuteString(path)
        stat.encode(into: &buffer)
    }

    /// Reads path, stat.
    public static func decode(from buffer: inout ByteBuffer) throws(JuteDecodingError) -> Create2Response {
        Create2Response(
            path: try buffer.readJuteNonNullString(field: "Create2Response.path"),
            stat: try Stat.decode(from: &buffer)
        )
    }
}

/// A request that is a path and a version: `DeleteRequest` and `CheckVersionRequest`.
public struct PathVersionRequest: JuteRecord {
    /// The node.
    public var path: String
    /// The expected version, or -1 for any.
    public var version: Int32

    /// Makes a request.
    public init(path: String, version: Int32) {
        self.path = path
        self.version = version
    }

    /// Writes path, version.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeJuteString(path)
        buffer.writeJuteInt(version)
    }

    /// Reads path, version.
    public static func decode(from buffer: inout ByteBuffer) throws(JuteDecodingError) -> PathVersionRequest {
        PathVersionRequest(
            path: try buffer.readJuteNonNullString(field: "PathVersionRequest.path"),
            version: try buffer.readJuteInt(field: "PathVersionRequest.version")
        )
    }
}

/// Deletes a node if its version matches.
public typealias DeleteRequest = PathVersionRequest
/// Checks a node's version inside a multi.
public typealias CheckVersionRequest = PathVersionRequest
