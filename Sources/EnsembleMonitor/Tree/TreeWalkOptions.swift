/// How a `TreeWalker` walks. The defaults are what `zkscope tree` uses: they keep about a thousand
/// requests in flight spread over the sessions, which is where one ZooKeeper member stops getting
/// faster, while memory stays bounded by the window and the widest node, not by the tree.
public struct TreeWalkOptions: Sendable, Hashable {
    /// The subtree to walk (absolute path).
    public var root: String
    /// Whether to read every node's data (`getData` per node, plus `getChildren` for nodes whose
    /// stat says they have children). Without it, one `getChildren2` per node gives names and stats.
    public var includeData: Bool
    /// Requests in flight at once, over all sessions.
    public var window: Int
    /// Requests handed to one session in one batch (one event-loop hop, one flush).
    public var batchSize: Int
    /// Results the walk may hold out of order (siblings read ahead while a subtree is walked).
    public var lookahead: Int
    /// Data bytes the walk may hold out of order; past it, only the current subtree is read ahead.
    public var maxBufferedBytes: Int
    /// Children lists each level may fetch before they are needed, so descending costs no round trip.
    public var childrenPrefetch: Int
    /// How often one request is re-sent after a connection loss before the walk gives up.
    public var maxRetries: Int

    /// The defaults; `root` is the subtree to walk.
    public init(root: String = "/", includeData: Bool = false) {
        self.root = root
        self.includeData = includeData
        self.window = 1024
        self.batchSize = 64
        self.lookahead = 4096
        self.maxBufferedBytes = 32 << 20
        self.childrenPrefetch = 4
        self.maxRetries = 3
    }
}
