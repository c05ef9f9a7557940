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
    /// The deepest level below `root` the walk descends to (default 1,000); a deeper tree stops the
    /// walk with a `TreeWalkError`. No real tree comes near it (ZooKeeper's own snapshot code recurses
    /// once per level), while a hostile server describing an endless chain is stopped at once.
    public var maxDepth: Int
    /// The longest absolute path, in UTF-8 bytes, the walk reads (default 64 KiB); a longer one stops
    /// the walk. A real path is bounded by the server's `jute.maxbuffer` (the create that made it had
    /// to fit), and real paths are a few hundred bytes at most. With `maxDepth` it bounds what one
    /// walk holds for the current path (about `maxDepth` × `maxPathLength` / 2 bytes at worst).
    public var maxPathLength: Int

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
        self.maxDepth = 1_000
        self.maxPathLength = 64 << 10
    }
}
