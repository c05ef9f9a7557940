/// The operation type carried in a `RequestHeader` (ZooKeeper's `ZooDefs.OpCode`, C `proto.h`).
///
/// A struct rather than a closed enum so that a future server opcode does not break decoding.
public struct OpCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The wire value.
    public var rawValue: Int32
    /// Wraps a wire value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// A watch notification (never sent by a client; used as the type of event replies).
    public static let notification = OpCode(rawValue: 0)
    /// Create a znode (response: `CreateResponse`).
    public static let create = OpCode(rawValue: 1)
    /// Delete a znode.
    public static let delete = OpCode(rawValue: 2)
    /// Test for existence (response: `ExistsResponse`).
    public static let exists = OpCode(rawValue: 3)
    /// Read data and stat.
    public static let getData = OpCode(rawValue: 4)
    /// Replace data.
    public static let setData = OpCode(rawValue: 5)
    /// Read the ACL.
    public static let getACL = OpCode(rawValue: 6)
    /// Replace the ACL.
    public static let setACL = OpCode(rawValue: 7)
    /// List children (no stat).
    public static let getChildren = OpCode(rawValue: 8)
    /// Make the connected server catch up with the leader.
    public static let sync = OpCode(rawValue: 9)
    /// Keep-alive; sent with xid -2.
    public static let ping = OpCode(rawValue: 11)
    /// List children with the parent's stat.
    public static let getChildren2 = OpCode(rawValue: 12)
    /// Version check, only inside `multi`.
    public static let check = OpCode(rawValue: 13)
    /// Atomic transaction of several operations.
    public static let multi = OpCode(rawValue: 14)
    /// Create a znode and return its stat (response: `Create2Response`).
    public static let create2 = OpCode(rawValue: 15)
    /// Dynamic reconfiguration (not used by this client).
    public static let reconfig = OpCode(rawValue: 16)
    /// Ask whether a watch exists.
    public static let checkWatches = OpCode(rawValue: 17)
    /// Remove watches server-side.
    public static let removeWatches = OpCode(rawValue: 18)
    /// Create a container znode (response: `Create2Response`).
    public static let createContainer = OpCode(rawValue: 19)
    /// Delete a container (server-internal).
    public static let deleteContainer = OpCode(rawValue: 20)
    /// Create a znode with a time-to-live (response: `Create2Response`).
    public static let createTTL = OpCode(rawValue: 21)
    /// Read-only multi (getData/getChildren batches).
    public static let multiRead = OpCode(rawValue: 22)
    /// Add authentication; sent with xid -4.
    public static let auth = OpCode(rawValue: 100)
    /// Re-register watches after a reconnect; sent with xid -8.
    public static let setWatches = OpCode(rawValue: 101)
    /// SASL token exchange (`GetSASLRequest` / `SetSASLResponse`), sent with ordinary xids before other requests.
    public static let sasl = OpCode(rawValue: 102)
    /// List the session's ephemeral nodes.
    public static let getEphemerals = OpCode(rawValue: 103)
    /// Count all descendants of a node.
    public static let getAllChildrenNumber = OpCode(rawValue: 104)
    /// Like `setWatches`, also carrying persistent and persistent-recursive watches.
    public static let setWatches2 = OpCode(rawValue: 105)
    /// Add a persistent or persistent-recursive watch.
    public static let addWatch = OpCode(rawValue: 106)
    /// Ask the server who the session authenticated as.
    public static let whoAmI = OpCode(rawValue: 107)
    /// Session creation (server-internal).
    public static let createSession = OpCode(rawValue: -10)
    /// Close the session.
    public static let closeSession = OpCode(rawValue: -11)
    /// An error result inside a multi response.
    public static let error = OpCode(rawValue: -1)

    /// The ZooKeeper name, for logs.
    public var description: String {
        switch self {
        case .notification: return "notification"
        case .create: return "create"
        case .delete: return "delete"
        case .exists: return "exists"
        case .getData: return "getData"
        case .setData: return "setData"
        case .getACL: return "getACL"
        case .setACL: return "setACL"
        case .getChildren: return "getChildren"
        case .sync: return "sync"
        case .ping: return "ping"
        case .getChildren2: return "getChildren2"
        case .check: return "check"
        case .multi: return "multi"
        case .create2: return "create2"
        case .reconfig: return "reconfig"
        case .checkWatches: return "checkWatches"
        case .removeWatches: return "removeWatches"
        case .createContainer: return "createContainer"
        case .deleteContainer: return "deleteContainer"
        case .createTTL: return "createTTL"
        case .multiRead: return "multiRead"
        case .auth: return "auth"
        case .setWatches: return "setWatches"
        case .sasl: return "sasl"
        case .getEphemerals: return "getEphemerals"
        case .getAllChildrenNumber: return "getAllChildrenNumber"
        case .setWatches2: return "setWatches2"
        case .addWatch: return "addWatch"
        case .whoAmI: return "whoAmI"
        case .createSession: return "createSession"
        case .closeSession: return "closeSession"
        case .error: return "error"
        default: return "opcode(\(rawValue))"
        }
    }
}
