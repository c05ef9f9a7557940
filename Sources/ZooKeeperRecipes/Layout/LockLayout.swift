/// A child of a lock node as a viewer sees it: enough to recognise the lock recipe and who holds
/// it, without any I/O (the dashboard's mirror provides names and stats).
public struct LockNode: Sendable, Hashable {
    /// The child's name (not its path).
    public var name: String
    /// The session owning the node (0 for persistent and container nodes).
    public var ephemeralOwner: Int64
    /// Its own children: needed only for Curator's semaphore folders `locks` and `leases`.
    public var children: [LockNode]

    /// Makes a node.
    public init(name: String, ephemeralOwner: Int64 = 0, children: [LockNode] = []) {
        self.name = name
        self.ephemeralOwner = ephemeralOwner
        self.children = children
    }
}

/// Who holds a lock and who waits, read from the znodes a lock recipe leaves under its path.
///
/// Recognised layouts (each contender is an ephemeral-sequential node):
/// - Curator `InterProcessMutex`: `_c_<uuid>-lock-NNNNNNNNNN`; first in sequence order holds.
/// - Curator `InterProcessSemaphoreMutex`: folders `locks/` (an inner mutex) and `leases/`
///   (`_c_<uuid>-lease-NNNNNNNNNN`); the earliest lease holds, a second lease is the next
///   contender, and the queue in `locks/` waits behind it.
/// - Curator `LeaderLatch`: `_c_<uuid>-latch-NNNNNNNNNN`; first is the leader.
/// - kazoo `Lock`: `<32 hex uuid>__lock__NNNNNNNNNN`; first holds.
///
/// Order is Curator's (and kazoo's): by the sequence suffix text, never by the random prefix.
public struct LockLayout: Sendable, Hashable {
    /// Which recipe made the nodes.
    public enum Recipe: String, Sendable, Hashable, CaseIterable {
        /// Curator `InterProcessMutex` (and our `InterProcessMutex`).
        case curatorMutex = "curator-mutex"
        /// Curator `InterProcessSemaphoreMutex` (and our `InterProcessSemaphoreMutex`).
        case curatorSemaphoreMutex = "curator-semaphore-mutex"
        /// Curator `LeaderLatch`.
        case curatorLeaderLatch = "curator-leader-latch"
        /// kazoo `Lock`.
        case kazooLock = "kazoo-lock"
    }

    /// One contender's node.
    public struct Contender: Sendable, Hashable {
        /// The node's path below the lock path (`leases/…` for semaphore leases).
        public var relativePath: String
        /// The node's name.
        public var name: String
        /// The server's sequence number.
        public var sequence: Int32?
        /// The owning session (nil if the node is not ephemeral).
        public var sessionID: Int64?
        /// The protection id: Curator's `_c_<uuid>` UUID or kazoo's hex UUID.
        public var contenderID: String?
    }

    /// The lock's path.
    public var path: String
    /// The recipe recognised.
    public var recipe: Recipe
    /// The holder (the leader, for a latch), if any.
    public var holder: Contender?
    /// The waiting contenders, next first.
    public var waiters: [Contender]
    /// Children that do not belong to the recipe (names), for display.
    public var strangers: [String]

    /// Curator's lock names and the recipes they mark.
    static let curatorNames: [(name: String, recipe: Recipe)] = [
        ("lock-", .curatorMutex), ("latch-", .curatorLeaderLatch),
    ]
    /// kazoo's node name between its UUID and the sequence.
    public static let kazooLockName = "__lock__"

    /// Recognises the lock under `path` from its children; nil when they look like no known recipe.
    public static func recognise(path: String, children: [LockNode]) -> LockLayout? {
        let names = Set(children.map(\.name))
        if !names.isEmpty,
            names.isSubset(of: [InterProcessSemaphoreMutex.locksFolder, InterProcessSemaphoreMutex.leasesFolder])
        {
            return semaphore(path: path, children: children)
        }
        var best: (recipe: Recipe, contenders: [Contender], strangers: [String])?
        for (lockName, recipe) in curatorNames {
            let (contenders, strangers) = classify(children, folder: "") { curatorID($0, lockName: lockName) }
            if !contenders.isEmpty, contenders.count > (best?.contenders.count ?? 0) {
                best = (recipe, sorted(contenders), strangers)
            }
        }
        let (kazoo, kazooStrangers) = classify(children, folder: "") { kazooID($0) }
        if !kazoo.isEmpty, kazoo.count > (best?.contenders.count ?? 0) {
            best = (.kazooLock, sorted(kazoo), kazooStrangers)
        }
        guard let best else { return nil }
        return LockLayout(
            path: path, recipe: best.recipe, holder: best.contenders.first,
            waiters: Array(best.contenders.dropFirst()), strangers: best.strangers)
    }

    /// Curator's semaphore mutex: the earliest lease holds; a second lease waits for it; the inner
    /// mutex queue waits behind. The head of `locks/` is the same contender as the newest lease
    /// (it holds the inner mutex while it takes a lease) when their sessions match: listed once.
    static func semaphore(path: String, children: [LockNode]) -> LockLayout {
        let leasesNode = children.first { $0.name == InterProcessSemaphoreMutex.leasesFolder }
        let locksNode = children.first { $0.name == InterProcessSemaphoreMutex.locksFolder }
        let (leases, leaseStrangers) = classify(leasesNode?.children ?? [], folder: "leases/") {
            curatorID($0, lockName: InterProcessSemaphoreMutex.leaseName)
        }
        let (locks, lockStrangers) = classify(locksNode?.children ?? [], folder: "locks/") {
            curatorID($0, lockName: InterProcessMutex.lockName)
        }
        let sortedLeases = sorted(leases)
        var queue = sorted(locks)
        if let head = queue.first, let newest = sortedLeases.last, head.sessionID != nil,
            head.sessionID == newest.sessionID
        {
            queue.removeFirst()
        }
        return LockLayout(
            path: path, recipe: .curatorSemaphoreMutex, holder: sortedLeases.first,
            waiters: Array(sortedLeases.dropFirst()) + queue, strangers: leaseStrangers + lockStrangers)
    }

    /// Splits nodes into contenders (those `identify` recognises, returning their id) and strangers.
    static func classify(
        _ nodes: [LockNode], folder: String, identify: (String) -> String??
    ) -> ([Contender], [String]) {
        var contenders: [Contender] = []
        var strangers: [String] = []
        for node in nodes {
            guard let id = identify(node.name) else {
                strangers.append(folder + node.name)
                continue
            }
            contenders.append(
                Contender(
                    relativePath: folder + node.name, name: node.name,
                    sequence: LockNodeOrdering.sequence(of: node.name),
                    sessionID: node.ephemeralOwner == 0 ? nil : node.ephemeralOwner, contenderID: id))
        }
        return (contenders, strangers)
    }

    /// Sequence order (by the 10-character suffix text, as Curator and kazoo compare).
    static func sorted(_ contenders: [Contender]) -> [Contender] {
        contenders.enumerated()
            .sorted { lhs, rhs in
                let left = lhs.element.name.utf8.suffix(10)
                let right = rhs.element.name.utf8.suffix(10)
                if left.elementsEqual(right) { return lhs.offset < rhs.offset }
                return left.lexicographicallyPrecedes(right)
            }
            .map(\.element)
    }

    /// For `[_c_<uuid>-]<lockName>NNNNNNNNNN`: `.some(uuid or nil)`; nil when the name is not one.
    static func curatorID(_ name: String, lockName: String) -> String?? {
        guard LockNodeOrdering.sequence(of: name) != nil else { return nil }
        let bare = ProtectedName.normalize(name)
        guard bare.utf8.count == lockName.utf8.count + 10, bare.hasPrefix(lockName) else { return nil }
        return .some(ProtectedName.id(of: name))
    }

    /// For kazoo's `<32 hex>__lock__NNNNNNNNNN`: the hex uuid; nil when the name is not one.
    static func kazooID(_ name: String) -> String?? {
        let bytes = Array(name.utf8)
        let marker = Array(kazooLockName.utf8)
        guard bytes.count == 32 + marker.count + 10, LockNodeOrdering.sequence(of: name) != nil,
            bytes[32..<(32 + marker.count)].elementsEqual(marker),
            bytes[0..<32].allSatisfy({ ProtectedName.isHexDigit($0) })
        else { return nil }
        return .some(String(decoding: bytes[0..<32], as: UTF8.self))
    }
}

extension LockLayout: CustomStringConvertible {
    /// One line for logs and the demo: `curator-mutex /lock/mutex/aaa: held by 0x…, 2 waiting`.
    public var description: String {
        let holderText = holder.map { "held by " + ($0.sessionID.map(Self.hex) ?? $0.name) } ?? "free"
        return "\(recipe.rawValue) \(path): \(holderText), \(waiters.count) waiting"
    }

    /// A session id as ZooKeeper's tools print it (`0x` + lowercase hex of the unsigned value).
    public static func hex(_ sessionID: Int64) -> String {
        "0x" + String(UInt64(bitPattern: sessionID), radix: 16)
    }
}
