import ZooKeeperClient

/// One znode as a walk reports it, in pre-order (a parent before its children, siblings sorted by
/// the UTF-8 bytes of their names), so a caller can print an indented tree or a JSON line per node
/// without holding the tree.
public struct TreeEntry: Sendable, Hashable {
    /// The absolute path (client view: a chroot is stripped).
    public var path: String
    /// The last path component; the walk root's entry carries its whole path (e.g. `/`).
    public var name: String
    /// Distance from the walk root (the root is 0).
    public var depth: Int
    /// Whether this was the last of its parent's children as listed by the server (a later sibling
    /// may since have vanished). Lets a tree printer draw `└──` without look-ahead.
    public var isLastSibling: Bool
    /// The node's stat; nil only when the node could not be read (see `error`).
    public var stat: Stat?
    /// The node's data, when the walk fetches data; nil otherwise and for unreadable nodes.
    public var data: [UInt8]?
    /// Why the node (or its children) could not be read, e.g. `noAuth`; the walk went on.
    public var error: ZooKeeperError?

    /// Makes an entry.
    public init(
        path: String, name: String, depth: Int, isLastSibling: Bool, stat: Stat?, data: [UInt8]? = nil,
        error: ZooKeeperError? = nil
    ) {
        self.path = path
        self.name = name
        self.depth = depth
        self.isLastSibling = isLastSibling
        self.stat = stat
        self.data = data
        self.error = error
    }

    /// The node's kind (ephemeral, container, TTL, sequential); nil without a stat.
    public var kind: ZNodeKind? { stat.map { ZNodeKind(ephemeralOwner: $0.ephemeralOwner, name: name) } }
}

/// What a finished walk saw, for the caller's summary line and the benchmark.
public struct TreeWalkSummary: Sendable, Hashable {
    /// Entries emitted (nodes read, plus unreadable nodes reported with an error).
    public var entries: Int = 0
    /// Entries that carry an error (e.g. `noAuth`).
    public var errors: Int = 0
    /// Listed nodes that were gone when read (deleted during the walk) and were skipped.
    public var vanished: Int = 0
    /// Requests sent (all sessions, retries included).
    public var requests: Int = 0
    /// Requests re-sent after a connection loss.
    public var retries: Int = 0
    /// Wall time of the walk.
    public var elapsed: Duration = .zero

    /// Makes an empty summary.
    public init() {}

    /// Entries per second.
    public var entriesPerSecond: Double {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return seconds > 0 ? Double(entries) / seconds : 0
    }
}

/// Why a walk stopped before the end. Per-node problems (`noNode`, `noAuth`) never end a walk;
/// losing the sessions or the server going silent does.
public struct TreeWalkError: Error, Sendable, CustomStringConvertible {
    /// The client error that ended the walk.
    public var underlying: ZooKeeperError
    /// The path being read at the time.
    public var path: String

    /// Whether a `WalkLimits` limit stopped the walk (the server described a tree no real one is);
    /// `underlying.message` says which limit and how to raise it.
    public var isLimit = false

    /// Makes an error.
    public init(_ underlying: ZooKeeperError, path: String) {
        self.underlying = underlying
        self.path = path
    }

    /// A walk stopped by a limit: `message` names it.
    public init(limit message: String, path: String) {
        self.underlying = ZooKeeperError(.marshallingError, message: message)
        self.path = path
        self.isLimit = true
    }

    /// `walk failed at /x: ...`; a path past 200 bytes is cut (a hostile one may be 64 KiB).
    public var description: String {
        let shown = path.utf8.count > 200 ? String(decoding: path.utf8.prefix(200), as: UTF8.self) + "…" : path
        if isLimit { return "walk stopped at \(shown): \(underlying.message)" }
        return "walk failed at \(shown): \(underlying)"
    }
}
