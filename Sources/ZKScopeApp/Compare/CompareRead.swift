import ZooKeeperJute

/// What the compare view asks its effect runner (``CompareController``) to do.
public enum CompareRequest: Hashable, Sendable {
    /// Read this node on every member now, and again on every ``refresh``. Replaces the node read before.
    case show(path: String)
    /// Read the shown node again on every member that is not still busy with its previous read.
    case refresh
    /// The view closed: end every member's session.
    case close
}

/// One member's copy of one node, as read by its own single-member session.
///
/// Only what the view compares and shows is kept: the stat, the first ``ComparePaneModel/dataPrefixBytes``
/// bytes of the data and a digest of all of it (so 1 MiB nodes on five members do not stay in memory), the
/// child names when there are not too many, and the stats of the first children.
public struct CompareNodeRead: Hashable, Sendable {
    /// The node's stat.
    public var stat: Stat
    /// The first bytes of the data (drawn sanitised, never raw).
    public var dataPrefix: [UInt8]
    /// A digest of the whole data: equal digests and lengths mean equal data for the comparison.
    public var dataDigest: UInt64
    /// The child names, sorted; nil when not listed (more than ``ComparePaneModel/listLimit`` children).
    public private(set) var children: [String]?
    /// The stats of the first ``ComparePaneModel/childStatLimit`` children (by name), keyed by name.
    public private(set) var childStats: [String: Stat]
    /// The same stats in ``children`` order (nil where not read), so the view's merge of every member's
    /// children looks them up by position instead of hashing ten thousand names per member and refresh.
    private(set) var orderedChildStats: [Stat?]

    /// Creates a read from a node's data; keeps the prefix and the digest only, and sorts the children.
    public init(stat: Stat, data: [UInt8], children: [String]?, childStats: [String: Stat]) {
        self.stat = stat
        self.dataPrefix = Array(data.prefix(ComparePaneModel.dataPrefixBytes))
        self.dataDigest = Self.digest(data)
        let sorted = children.map { names in
            zip(names, names.dropFirst()).allSatisfy { $0 < $1 } ? names : names.sorted()
        }
        self.children = sorted
        self.childStats = childStats
        self.orderedChildStats = childStats.isEmpty ? [] : (sorted ?? []).map { childStats[$0] }
    }

    /// FNV-1a over the bytes: cheap, stable across runs, and good enough to tell two members' data apart (the
    /// length is compared too).
    public static func digest(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}

/// How one member's column stands for the node shown.
public enum CompareMemberState: Hashable, Sendable {
    /// No answer yet for this node.
    case loading
    /// Read in `milliseconds`; `nil` node: the node does not exist on this member.
    case read(CompareNodeRead?, milliseconds: Double)
    /// The member could not be read: down, no session, no reply within the deadline, or an error (the text).
    case unavailable(String)

    /// The node as read, if it was read and exists.
    public var node: CompareNodeRead? {
        if case .read(let node, _) = self { return node }
        return nil
    }

    /// Whether the member answered for this node (existing or not).
    public var isRead: Bool {
        if case .read = self { return true }
        return false
    }
}

/// One member's answer for one node, delivered by ``CompareController`` and applied with
/// ``ComparePaneModel/apply(_:)``.
public struct CompareUpdate: Hashable, Sendable {
    /// The member's `host:port`.
    public var member: String
    /// The node the answer is for (answers for a node no longer shown are dropped).
    public var path: String
    /// The answer.
    public var state: CompareMemberState

    /// Creates an update.
    public init(member: String, path: String, state: CompareMemberState) {
        self.member = member
        self.path = path
        self.state = state
    }
}
