import NIOCore

/// Reads a node's data and stat, optionally leaving a one-shot data watch.
public struct GetDataRequest: JuteRecord {
    /// The node (server path, chroot included).
    public var path: String
    /// Whether to leave a data watch.
    public var watch: Bool

    /// Makes a request.
    public init(path: String, watch: Bool) {
        self.path = path
        self.watch = watch
    }

    /// Writes path, watch.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeJuteString(path)
        buffer.writeJuteBool(watch)
    }

    /// Reads path, watch.
    public static func decode(from buffer: inout ByteBuffer) throws(JuteDecodingError) -> GetDataRequest {
        GetDataRequest(
            path: try buffer.readJuteNonNullString(field: "GetDataRequest.path"),
            watch: try buffer.readJuteBool(field: "GetDataRequest.watch")
        )
    }
}

/// The answer to `GetDataRequest`.
public struct GetDataResponse: JuteRecord {
    /// The node's data (null is read as empty).
    public var data: [UInt8]
    /// The node's stat.
    public var stat: Stat

    /// Makes a response.
    public init(data: [UInt8], stat: Stat) {
        self.data = data
        self.stat = stat
    }

    /// Writes data, stat.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeJuteBuffer(data)
        stat.encode(into: &buffer)
    }

    /// Reads data, stat.
    public static func decode(from buffer: inout ByteBuffer) throws(JuteDecodingError) -> GetDataResponse {
        GetDataResponse(
            data: try buffer.readJuteBytes(field: "GetDataResponse.data"), stat: try Stat.decode(from: &buffer))
    }
}

/// Replaces a node's data if its version matches (`-1` matches any version).
public struct SetDataRequest: JuteRecord {
    /// The node.
    public var path: String
    /// The new data.
    public var data: [UInt8]
    /// The expected version, or -1.
    public var version: Int32

    /// Makes a request.
    public init(path: String, data: [UInt8], version: Int32) {
        self.path = path
        self.data = data
        self.version = version
    }

    /// Writes path, data, version.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeJuteString(path)
        buffer.writeJuteBuffer(data)
        buffer.writeJuteInt(version)
    }

    /// Reads path, data, version.
    public static func decode(from buffer: inout ByteBuffer) throws(JuteDecodingError) -> SetDataRequest {
        SetDataRequest(
            path: try buffer.readJuteNonNullString(field: "SetDataRequest.path"),
            data: try buffer.readJuteBytes(field: "SetDataRequest.data"),
            version: try buffer.readJuteInt(field: "SetDataRequest.version")
        )
    }
}

/// A response that is just a stat: `SetDataResponse`, `ExistsResponse` and `SetACLResponse` share
/// this shape.
public struct StatResponse: JuteRecord {
    /// The node's stat after the operation.
    public var stat: Stat

    /// Makes a response.
    public init(stat: Stat) { self.stat = stat }

    /// Writes the stat.
    public func encode(into buffer: inout ByteBuffer) { stat.encode(into: &buffer) }

    /// Reads the stat.
    public static func decode(from buffer: inout ByteBuffer) throws(JuteDecodingError) -> StatResponse {
        StatResponse(stat: try Stat.decode(from: &buffer))
    }
}

/// The answer to `SetDataRequest`.
public typealias SetDataResponse = StatResponse
/// The answer to `ExistsRequest` (when the node exists).
public typealias ExistsResponse = StatResponse
/// The answer to `SetACLRequest`.
public typealias SetACLResponse = StatResponse

/// A request that is a path and a watch flag: `ExistsRequest`, `GetChildrenRequest` and
/// `GetChildren2Request` share the shape of `GetDataRequest`.
public typealias PathWatchRequest = GetDataRequest
/// Tests whether a node exists, optionally leaving a watch (a data watch if it exists, an exist
/// watch that fires on creation if it does not).
public typealias ExistsRequest = GetDataRequest
/// Lists a node's children, optionally leaving a child watch.
public typealias GetChildrenRequest = GetDataRequest
/// Lists a node's children with its stat, optionally leaving a child watch.
public typealias GetChildren2Request = GetDataRequest
