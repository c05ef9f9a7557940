/// How a znode is created: the `flags` of a create request.
///
/// The flag value also decides the opcode: containers use `createContainer`, TTL modes `createTTL`.
public struct CreateMode: RawRepresentable, Hashable, Sendable {
    /// The wire flags value.
    public var rawValue: Int32
    /// Wraps a wire value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// Lives until deleted.
    public static let persistent = CreateMode(rawValue: 0)
    /// Deleted when the creating session ends.
    public static let ephemeral = CreateMode(rawValue: 1)
    /// Persistent, with a monotonically increasing 10-digit suffix appended by the server.
    public static let persistentSequential = CreateMode(rawValue: 2)
    /// Ephemeral and sequential (the building block of locks and elections).
    public static let ephemeralSequential = CreateMode(rawValue: 3)
    /// Deleted by the server some time after its last child goes away (needs `createContainer`).
    public static let container = CreateMode(rawValue: 4)
    /// Persistent, deleted after the TTL passes without changes once it has no children.
    public static let persistentWithTTL = CreateMode(rawValue: 5)
    /// Persistent-sequential with a TTL.
    public static let persistentSequentialWithTTL = CreateMode(rawValue: 6)

    /// Whether the session owns the node.
    public var isEphemeral: Bool { self == .ephemeral || self == .ephemeralSequential }
    /// Whether the server appends a sequence number.
    public var isSequential: Bool {
        self == .persistentSequential || self == .ephemeralSequential || self == .persistentSequentialWithTTL
    }
    /// Whether the mode needs a TTL (and the `createTTL` opcode).
    public var isTTL: Bool { self == .persistentWithTTL || self == .persistentSequentialWithTTL }
    /// Whether the mode is a container (and needs the `createContainer` opcode).
    public var isContainer: Bool { self == .container }
}
