import NIOCore

/// A znode's metadata (`org.apache.zookeeper.data.Stat`): 68 bytes on the wire.
public struct Stat: JuteRecord, Hashable {
    /// The zxid of the change that created the node.
    public var czxid: Int64
    /// The zxid of the last data change.
    public var mzxid: Int64
    /// Creation time, milliseconds since the epoch.
    public var ctime: Int64
    /// Last data change time, milliseconds since the epoch.
    public var mtime: Int64
    /// Data version (number of data changes).
    public var version: Int32
    /// Child version (number of child changes).
    public var cversion: Int32
    /// ACL version.
    public var aversion: Int32
    /// The owning session for ephemeral nodes, 0 otherwise (containers and TTL nodes use marker values).
    public var ephemeralOwner: Int64
    /// Data length in bytes.
    public var dataLength: Int32
    /// Number of children.
    public var numChildren: Int32
    /// The zxid of the last child change.
    public var pzxid: Int64

    /// The encoded size, used to bound vectors of stats and to check truncation quickly.
    public static let encodedSize = 68

    /// Makes a stat; every field defaults to 0.
    public init(
        czxid: Int64 = 0, mzxid: Int64 = 0, ctime: Int64 = 0, mtime: Int64 = 0, version: Int32 = 0,
        cversion: Int32 = 0, aversion: Int32 = 0, ephemeralOwner: Int64 = 0, dataLength: Int32 = 0,
        numChildren: Int32 = 0, pzxid: Int64 = 0
    ) {
        self.czxid = czxid
        self.mzxid = mzxid
        self.ctime = ctime
        self.mtime = mtime
        self.version = version
        self.cversion = cversion
        self.aversion = aversion
        self.ephemeralOwner = ephemeralOwner
        self.dataLength = dataLength
        self.numChildren = numChildren
        self.pzxid = pzxid
    }

    /// Writes the 68-byte form.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeJuteLong(czxid)
        buffer.writeJuteLong(mzxid)
        buffer.writeJuteLong(ctime)
        buffer.writeJuteLong(mtime)
        buffer.writeJuteInt(version)
        buffer.writeJuteInt(cversion)
        buffer.writeJuteInt(aversion)
        buffer.writeJuteLong(ephemeralOwner)
        buffer.writeJuteInt(dataLength)
        buffer.writeJuteInt(numChildren)
        buffer.writeJuteLong(pzxid)
    }

    /// Reads the 68-byte form.
    public static func decode(from buffer: inout ByteBuffer) throws(JuteDecodingError) -> Stat {
        guard buffer.readableBytes >= encodedSize else { throw JuteDecodingError(.truncated, field: "Stat") }
        return Stat(
            czxid: try buffer.readJuteLong(field: "Stat.czxid"),
            mzxid: try buffer.readJuteLong(field: "Stat.mzxid"),
            ctime: try buffer.readJuteLong(field: "Stat.ctime"),
            mtime: try buffer.readJuteLong(field: "Stat.mtime"),
            version: try buffer.readJuteInt(field: "Stat.version"),
            cversion: try buffer.readJuteInt(field: "Stat.cversion"),
            aversion: try buffer.readJuteInt(field: "Stat.aversion"),
            ephemeralOwner: try buffer.readJuteLong(field: "Stat.ephemeralOwner"),
            dataLength: try buffer.readJuteInt(field: "Stat.dataLength"),
            numChildren: try buffer.readJuteInt(field: "Stat.numChildren"),
            pzxid: try buffer.readJuteLong(field: "Stat.pzxid")
        )
    }
}
