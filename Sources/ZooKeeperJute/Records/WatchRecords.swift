import NIOCore

/// A watch notification (sent by the server with xid -1).
public struct WatcherEvent: JuteRecord {
    /// What happened.
    public var type: EventType
    /// The session state at the time.
    public var state: KeeperState
    /// The server path of the node (chroot included).
    public var path: String

    /// Makes an event.
    public init(type: EventType, state: KeeperState, path: String) {
        self.type = type
        self.state = state
        self.path = path
    }

    /// Writes type, state, path.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeJuteInt(type.rawValue)
        buffer.writeJuteInt(state.rawValue)
        buffer.writeJuteString(path)
    }

    /// Reads type, state, path.
    public static func decode(from buffer: inout ByteBuffer) throws(JuteDecodingError) -> WatcherEvent {
        WatcherEvent(
            type: EventType(rawValue: try buffer.readJuteInt(field: "WatcherEvent.type")),
            state: KeeperState(rawValue: try buffer.readJuteInt(field: "WatcherEvent.state")),
            path: try buffer.readJuteNonNullString(field: "WatcherEvent.path")
        )
    }
}

/// Re-registers one-shot watches after a reconnect (opcode `setWatches`, xid -8). The server fires
/// at once any watch whose node changed after `relativeZxid`.
public struct SetWatches: JuteRecord {
    /// The last zxid the client saw.
    public var relativeZxid: Int64
    /// Paths with data watches.
    public var dataWatches: [String]
    /// Paths with exist watches (nodes that did not exist).
    public var existWatches: [String]
    /// Paths with child watches.
    public var childWatches: [String]

    /// Makes a request.
    public init(relativeZxid: Int64, dataWatches: [String], existWatches: [String], childWatches: [String]) {
        self.relativeZxid = relativeZxid
        self.dataWatches = dataWatches
        self.existWatches = existWatches
        self.childWatches = childWatches
    }

    /// Writes the zxid and the three vectors.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeJuteLong(relativeZxid)
        buffer.writeJuteStringVector(dataWatches)
        buffer.writeJuteStringVector(existWatches)
        buffer.writeJuteStringVector(childWatches)
    }

    /// Reads the zxid and the three vectors.
    public static func decode(from buffer: inout ByteBuffer) throws(JuteDecodingError) -> SetWatches {
        SetWatches(
            relativeZxid: try buffer.readJuteLong(field: "SetWatches.relativeZxid"),
            dataWatches: try buffer.readJuteStringVector(field: "SetWatches.dataWatches"),
            existWatches: try buffer.readJuteStringVector(field: "SetWatches.existWatches"),
            childWatches: try buffer.readJuteStringVector(field: "SetWatches.childWatches")
        )
    }
}

/// Like `SetWatches`, also carrying persistent and persistent-recursive watches (opcode
/// `setWatches2`, ZooKeeper 3.6+).
public struct SetWatches2: JuteRecord {
    /// The last zxid the client saw.
    public var relativeZxid: Int64
    /// Paths with data watches.
    public var dataWatches: [String]
    /// Paths with exist watches.
    public var existWatches: [String]
    /// Paths with child watches.
    public var childWatches: [String]
    /// Paths with persistent watches.
    public var persistentWatches: [String]
    /// Paths with persistent recursive watches.
    public var persistentRecursiveWatches: [String]

    /// Makes a request.
    public init(
        relativeZxid: Int64, dataWatches: [String] = [], existWatches: [String] = [], childWatches: [String] = [],
        persistentWatches: [String] = [], persistentRecursiveWatches: [String] = []
    ) {
        self.relativeZxid = relativeZxid
        self.dataWatches = dataWatches
        self.existWatches = existWatches
        self.childWatches = childWatches
        self.persistentWatches = persistentWatches
        self.persistentRecursiveWatches = persistentRecursiveWatches
    }

    /// The same registration without the persistent lists, for servers older than 3.6.
    public var withoutPersistentWatches: SetWatches {
        SetWatches(
            relativeZxid: relativeZxid, dataWatches: dataWatches, existWatches: existWatches,
            childWatches: childWatches)
    }

    /// Writes the zxid and the five vectors.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeJuteLong(relativeZxid)
        buffer.writeJuteStringVector(dataWatches)
        buffer.writeJuteStringVector(existWatches)
        buffer.writeJuteStringVector(childWatches)
        buffer.writeJuteStringVector(persistentWatches)
        buffer.writeJuteStringVector(persistentRecursiveWatches)
    }

    /// Reads the zxid and the five vectors.
    public static func decode(from buffer: inout ByteBuffer) throws(JuteDecodingError) -> SetWatches2 {
        SetWatches2(
            relativeZxid: try buffer.readJuteLong(field: "SetWatches2.relativeZxid"),
            dataWatches: try buffer.readJuteStringVector(field: "SetWatches2.dataWatches"),
            existWatches: try buffer.readJuteStringVector(field: "SetWatches2.existWatches"),
            childWatches: try buffer.readJuteStringVector(field: "SetWatches2.childWatches"),
            persistentWatches: try buffer.readJuteStringVector(field: "SetWatches2.persistentWatches"),
            persistentRecursiveWatches: try buffer.readJuteStringVector(
                field: "SetWatches2.persistentRecursiveWatches")
        )
    }
}

/// Adds a persistent or persistent-recursive watch (opcode `addWatch`).
public struct AddWatchRequest: JuteRecord {
    /// The node (it need not exist).
    public var path: String
    /// The mode.
    public var mode: AddWatchMode

    /// Makes a request.
    public init(path: String, mode: AddWatchMode) {
        self.path = path
        self.mode = mode
    }

    /// Writes path, mode.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeJuteString(path)
        buffer.writeJuteInt(mode.rawValue)
    }

    /// Reads path, mode.
    public static func decode(from buffer: inout ByteBuffer) throws(JuteDecodingError) -> AddWatchRequest {
        AddWatchRequest(
            path: try buffer.readJuteNonNullString(field: "AddWatchRequest.path"),
            mode: AddWatchMode(rawValue: try buffer.readJuteInt(field: "AddWatchRequest.mode"))
        )
    }
}

/// A path and a watcher type: `RemoveWatchesRequest` and `CheckWatchesRequest`.
public struct WatchesRequest: JuteRecord {
    /// The node.
    public var path: String
    /// Which watches.
    public var type: WatcherType

    /// Makes a request.
    public init(path: String, type: WatcherType) {
        self.path = path
        self.type = type
    }

    /// Writes path, type.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeJuteString(path)
        buffer.writeJuteInt(type.rawValue)
    }

    /// Reads path, type.
    public static func decode(from buffer: inout ByteBuffer) throws(JuteDecodingError) -> WatchesRequest {
        WatchesRequest(
            path: try buffer.readJuteNonNullString(field: "WatchesRequest.path"),
            type: WatcherType(rawValue: try buffer.readJuteInt(field: "WatchesRequest.type"))
        )
    }
}

/// Removes watches of a type from a node (opcode `removeWatches`).
public typealias RemoveWatchesRequest = WatchesRequest
/// Asks whether watches of a type exist on a node (opcode `checkWatches`).
public typealias CheckWatchesRequest = WatchesRequest
