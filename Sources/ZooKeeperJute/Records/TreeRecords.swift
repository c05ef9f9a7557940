import NIOCore

/// A request that is just a path: `SyncRequest`, `GetACLRequest`, `GetAllChildrenNumberRequest`
/// and `GetEphemeralsRequest` (whose field is called `prefixPath`) share this shape.
public struct PathRequest: JuteRecord {
    /// The node (or prefix).
    public var path: String

    /// Makes a request.
    public init(path: String) { self.path = path }

    /// Writes the path.
    public func encode(into buffer: inout ByteBuffer) { buffer.writeJuteString(path) }

    /// Reads the path.
    public static func decode(from buffer: inout ByteBuffer) throws(JuteDecodingError) -> PathRequest {
        PathRequest(path: try buffer.readJuteNonNullString(field: "PathRequest.path"))
    }
}

/// Makes the connected server catch up with the leader for `path`.
public typealias SyncRequest = PathRequest
/// The answer to `SyncRequest`.
public typealias SyncResponse = PathResponse
/// Reads a node's ACL.
public typealias GetACLRequest = PathRequest
/// Counts all descendants of a node.
public typealias GetAllChildrenNumberRequest = PathRequest
/// Lists the session's ephemeral nodes under a path prefix.
public typealias GetEphemeralsRequest = PathRequest

/// A response that is a list of strings: `GetChildrenResponse` and `GetEphemeralsResponse`.
public struct StringListResponse: JuteRecord {
    /// The names (children) or paths (ephemerals).
    public var strings: [String]

    /// Makes a response.
    public init(strings: [String]) { self.strings = strings }

    /// Writes the vector.
    public func encode(into buffer: inout ByteBuffer) { buffer.writeJuteStringVector(strings) }

    /// Reads the vector.
    public static func decode(from buffer: inout ByteBuffer) throws(JuteDecodingError) -> StringListResponse {
        StringListResponse(strings: try buffer.readJuteStringVector(field: "StringListResponse"))
    }
}

/// The answer to `getChildren`.
public typealias GetChildrenResponse = StringListResponse
/// The answer to `getEphemerals`.
public typealias GetEphemeralsResponse = StringListResponse

/// The answer to `getChildren2`: child names and the parent's stat.
public struct GetChildren2Response: JuteRecord {
    /// Child names (not paths).
    public var children: [String]
    /// The parent's stat.
    public var stat: Stat

    /// Makes a response.
    public init(children: [String], stat: Stat) {
        self.children = children
        self.stat = stat
    }

    /// Writes children, stat.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeJuteStringVector(children)
        stat.encode(into: &buffer)
    }

    /// Reads children, stat.
    public static func decode(from buffer: inout ByteBuffer) throws(JuteDecodingError) -> GetChildren2Response {
        GetChildren2Response(
            children: try buffer.readJuteStringVector(field: "GetChildren2Response.children"),
            stat: try Stat.decode(from: &buffer)
        )
    }
}

/// The answer to `getAllChildrenNumber`.
public struct GetAllChildrenNumberResponse: JuteRecord {
    /// The number of descendants (not counting the node itself).
    public var totalNumber: Int32

    /// Makes a response.
    public init(totalNumber: Int32) { self.totalNumber = totalNumber }

    /// Writes the count.
    public func encode(into buffer: inout ByteBuffer) { buffer.writeJuteInt(totalNumber) }

    /// Reads the count.
    public static func decode(from buffer: inout ByteBuffer) throws(JuteDecodingError)
        -> GetAllChildrenNumberResponse
    {
        GetAllChildrenNumberResponse(totalNumber: try buffer.readJuteInt(field: "GetAllChildrenNumberResponse"))
    }
}

/// Replaces a node's ACL if its ACL version matches.
public struct SetACLRequest: JuteRecord {
    /// The node.
    public var path: String
    /// The new ACL.
    public var acl: [ACL]
    /// The expected ACL version (`aversion`), or -1.
    public var version: Int32

    /// Makes a request.
    public init(path: String, acl: [ACL], version: Int32) {
        self.path = path
        self.acl = acl
        self.version = version
    }

    /// Writes path, acl, version.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeJuteString(path)
        buffer.writeJuteACLs(acl)
        buffer.writeJuteInt(version)
    }

    /// Reads path, acl, version.
    public static func decode(from buffer: inout ByteBuffer) throws(JuteDecodingError) -> SetACLRequest {
        SetACLRequest(
            path: try buffer.readJuteNonNullString(field: "SetACLRequest.path"),
            acl: try buffer.readJuteACLs(field: "SetACLRequest.acl"),
            version: try buffer.readJuteInt(field: "SetACLRequest.version")
        )
    }
}

/// The answer to `getACL`.
public struct GetACLResponse: JuteRecord {
    /// The ACL.
    public var acl: [ACL]
    /// The node's stat.
    public var stat: Stat

    /// Makes a response.
    public init(acl: [ACL], stat: Stat) {
        self.acl = acl
        self.stat = stat
    }

    /// Writes acl, stat.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeJuteACLs(acl)
        stat.encode(into: &buffer)
    }

    /// Reads acl, stat.
    public static func decode(from buffer: inout ByteBuffer) throws(JuteDecodingError) -> GetACLResponse {
        GetACLResponse(acl: try buffer.readJuteACLs(field: "GetACLResponse.acl"), stat: try Stat.decode(from: &buffer))
    }
}
