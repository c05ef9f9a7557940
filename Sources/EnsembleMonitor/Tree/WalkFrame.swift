import ZooKeeperClient

/// One level of a walk in progress: the sorted children of one node, with the reads issued for them
/// and the results waiting to be emitted in order. The walk keeps a stack of these (one per level
/// of the current path), so its memory follows the depth and width of the tree, never its size.
final class WalkFrame {
    /// The parent's path; nil for the bottom frame, whose only "child" is the walk root itself.
    let parentPath: String?
    /// The depth of the nodes in this frame (the walk root is 0).
    let depth: Int
    /// Child names, sorted by their UTF-8 bytes.
    let names: [String]
    /// The next child to request.
    var nextIssue = 0
    /// The next child to emit; everything before it was emitted or skipped.
    var nextEmit = 0
    /// Children requested but not yet emitted, by index.
    var slots: [Int: WalkSlot] = [:]
    /// Children lists fetched ahead of need in this frame (bounded by `childrenPrefetch`).
    var prefetched = 0

    init(parentPath: String?, depth: Int, names: [String]) {
        self.parentPath = parentPath
        self.depth = depth
        self.names = names
    }

    /// The absolute path of child `index`.
    func path(_ index: Int) -> String {
        guard let parentPath else { return names[index] }
        return parentPath == "/" ? "/" + names[index] : parentPath + "/" + names[index]
    }
}

/// What the walk knows about one requested node.
struct WalkSlot {
    /// The node's absolute path (built once, used for the requests and the entry).
    var path: String
    /// The node request (getData or getChildren2) is still out.
    var inFlight = true
    /// Its stat, once read.
    var stat: Stat?
    /// Its data, in data mode.
    var data: [UInt8]?
    /// A per-node error (e.g. noAuth) to report with the entry.
    var error: ZooKeeperError?
    /// The node was gone when read: skip it.
    var vanished = false
    /// Its children, once known ([] for a leaf, and once moved into `childFrame`).
    var children: [String]?
    /// The frame of its children, made ahead of time so their reads can start before it is emitted.
    var childFrame: WalkFrame?
    /// A getChildren request was sent for it (data mode).
    var childrenRequested = false
    /// That request counts against the frame's prefetch budget.
    var prefetchCounted = false
    /// Connection-loss retries used so far.
    var retries = 0
    /// Bytes this slot holds (data and names), for the look-ahead budget.
    var heldBytes = 0
}

/// Which request a reply belongs to.
struct WalkToken {
    let frame: WalkFrame
    let index: Int
    let isChildren: Bool
}
