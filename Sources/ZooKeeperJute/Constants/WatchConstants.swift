/// The kind of change a watch event reports (`Watcher.Event.EventType`).
public struct EventType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The wire value.
    public var rawValue: Int32
    /// Wraps a wire value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// A session-state event, not about a node.
    public static let none = EventType(rawValue: -1)
    /// The node was created (exists watch, or persistent watch).
    public static let nodeCreated = EventType(rawValue: 1)
    /// The node was deleted.
    public static let nodeDeleted = EventType(rawValue: 2)
    /// The node's data changed.
    public static let nodeDataChanged = EventType(rawValue: 3)
    /// The node's children changed.
    public static let nodeChildrenChanged = EventType(rawValue: 4)
    /// A data watch was removed.
    public static let dataWatchRemoved = EventType(rawValue: 5)
    /// A child watch was removed.
    public static let childWatchRemoved = EventType(rawValue: 6)
    /// A persistent watch was removed.
    public static let persistentWatchRemoved = EventType(rawValue: 7)

    /// The ZooKeeper name.
    public var description: String {
        switch self {
        case .none: return "None"
        case .nodeCreated: return "NodeCreated"
        case .nodeDeleted: return "NodeDeleted"
        case .nodeDataChanged: return "NodeDataChanged"
        case .nodeChildrenChanged: return "NodeChildrenChanged"
        case .dataWatchRemoved: return "DataWatchRemoved"
        case .childWatchRemoved: return "ChildWatchRemoved"
        case .persistentWatchRemoved: return "PersistentWatchRemoved"
        default: return "EventType(\(rawValue))"
        }
    }
}

/// The session state carried in a watch event (`Watcher.Event.KeeperState`).
public struct KeeperState: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The wire value.
    public var rawValue: Int32
    /// Wraps a wire value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// Disconnected from the ensemble.
    public static let disconnected = KeeperState(rawValue: 0)
    /// Connected, read-write.
    public static let syncConnected = KeeperState(rawValue: 3)
    /// Authentication failed.
    public static let authFailed = KeeperState(rawValue: 4)
    /// Connected to a read-only server.
    public static let connectedReadOnly = KeeperState(rawValue: 5)
    /// SASL authenticated.
    public static let saslAuthenticated = KeeperState(rawValue: 6)
    /// The session expired.
    public static let expired = KeeperState(rawValue: -112)
    /// The client was closed.
    public static let closed = KeeperState(rawValue: 7)

    /// The ZooKeeper name.
    public var description: String {
        switch self {
        case .disconnected: return "Disconnected"
        case .syncConnected: return "SyncConnected"
        case .authFailed: return "AuthFailed"
        case .connectedReadOnly: return "ConnectedReadOnly"
        case .saslAuthenticated: return "SaslAuthenticated"
        case .expired: return "Expired"
        case .closed: return "Closed"
        default: return "KeeperState(\(rawValue))"
        }
    }
}

/// Which watches `removeWatches` / `checkWatches` address (`Watcher.WatcherType`).
public struct WatcherType: RawRepresentable, Hashable, Sendable {
    /// The wire value.
    public var rawValue: Int32
    /// Wraps a wire value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// Child watches (getChildren).
    public static let children = WatcherType(rawValue: 1)
    /// Data and exists watches.
    public static let data = WatcherType(rawValue: 2)
    /// Every kind.
    public static let any = WatcherType(rawValue: 3)
    /// Persistent watches (addWatch mode persistent).
    public static let persistent = WatcherType(rawValue: 4)
    /// Persistent recursive watches.
    public static let persistentRecursive = WatcherType(rawValue: 5)
}

/// The mode of `addWatch` (`ZooDefs.AddWatchModes`).
public struct AddWatchMode: RawRepresentable, Hashable, Sendable {
    /// The wire value.
    public var rawValue: Int32
    /// Wraps a wire value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// Fires for data changes, creation, deletion and child changes of the node, and stays.
    public static let persistent = AddWatchMode(rawValue: 0)
    /// Like persistent, for the node and every descendant (child-change events are not sent).
    public static let persistentRecursive = AddWatchMode(rawValue: 1)
}

/// The special xids of the protocol: replies with these xids are not matched against pending
/// requests.
public enum SpecialXid {
    /// A watch notification.
    public static let watchEvent: Int32 = -1
    /// A ping and its reply.
    public static let ping: Int32 = -2
    /// An auth packet and its reply.
    public static let auth: Int32 = -4
    /// A SetWatches / SetWatches2 request and its reply.
    public static let setWatches: Int32 = -8
}
