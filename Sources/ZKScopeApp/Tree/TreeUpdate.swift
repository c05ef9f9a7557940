import ZooKeeperJute

/// What the tree controller learned from the cluster, applied to the pane with ``TreePaneModel/apply(_:)``.
public enum TreeUpdate: Hashable, Sendable {
    /// The children of a node (`names` nil: not listed because there are too many), the node's stat, and the
    /// stats of the children loaded so far (first page).
    case children(path: String, names: [String]?, stat: Stat, childStats: [String: Stat])
    /// Fresh stats; a nil stat means the node is gone.
    case stats([String: Stat?])
    /// The detail of a node.
    case detail(NodeDetail)
    /// A node does not exist (any more).
    case missing(path: String)
    /// The locks found by a scan, and the Unix time of the scan.
    case locks([LockReport], observedAt: Double)
    /// A line for the status bar.
    case status(String, isError: Bool)
}

/// Everything the detail pane shows about one node.
public struct NodeDetail: Hashable, Sendable {
    /// The node's path.
    public var path: String
    /// Its stat.
    public var stat: Stat
    /// Its data (the first ``maximumBytes`` bytes; `dataLength` in the stat says how many there are).
    public var data: [UInt8]
    /// Its ACL, if it could be read.
    public var acl: [ACL]?
    /// The member the data was read from.
    public var member: String?

    /// Creates a detail.
    public init(path: String, stat: Stat, data: [UInt8], acl: [ACL]?, member: String?) {
        self.path = path
        self.stat = stat
        self.data = data
        self.acl = acl
        self.member = member
    }
}
