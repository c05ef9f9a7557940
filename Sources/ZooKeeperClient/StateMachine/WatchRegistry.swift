import ZooKeeperJute

/// A watch to record once the server accepted the request that asked for it.
///
/// ZooKeeper only sets a watch when the request succeeds, so the client registers it only after a
/// successful reply (for `exists`, NoNode is a success that leaves an exist watch).
enum WatchRegistration: Equatable, Sendable {
    /// A data watch from getData (or exists on an existing node).
    case data(String)
    /// A watch from exists: data watch if the node exists, exist watch otherwise.
    case exists(String)
    /// A child watch from getChildren.
    case child(String)
    /// A persistent watch from addWatch.
    case persistent(String)
    /// A persistent recursive watch from addWatch.
    case persistentRecursive(String)
    /// A removal from removeWatches.
    case remove(String, WatcherType)
}

/// The watches the server holds for this session, by kind, in server paths (chroot included).
///
/// Kept so they can be re-registered with SetWatches2 after a reconnect: the server forgets a
/// connection's watches when it drops, even though the session lives on.
struct WatchRegistry: Equatable, Sendable {
    /// Nodes with a one-shot data watch.
    var data: Set<String> = []
    /// Nodes (that did not exist) with a one-shot exist watch.
    var exist: Set<String> = []
    /// Nodes with a one-shot child watch.
    var child: Set<String> = []
    /// Nodes with a persistent watch.
    var persistent: Set<String> = []
    /// Nodes with a persistent recursive watch.
    var persistentRecursive: Set<String> = []

    /// Whether there is nothing to re-register.
    var isEmpty: Bool {
        data.isEmpty && exist.isEmpty && child.isEmpty && persistent.isEmpty && persistentRecursive.isEmpty
    }

    /// Whether any persistent kind is present (those need SetWatches2).
    var hasPersistent: Bool { !persistent.isEmpty || !persistentRecursive.isEmpty }

    /// Records the effect of a reply to a request that asked for a watch.
    mutating func apply(_ registration: WatchRegistration, result: ErrorCode) {
        switch registration {
        case .data(let path):
            if result == .ok { data.insert(path) }
        case .exists(let path):
            if result == .ok {
                data.insert(path)
            } else if result == .noNode {
                exist.insert(path)
            }
        case .child(let path):
            if result == .ok { child.insert(path) }
        case .persistent(let path):
            if result == .ok { persistent.insert(path) }
        case .persistentRecursive(let path):
            if result == .ok { persistentRecursive.insert(path) }
        case .remove(let path, let type):
            guard result == .ok else { return }
            switch type {
            case .children: child.remove(path)
            case .data:
                data.remove(path)
                exist.remove(path)
            case .persistent: persistent.remove(path)
            case .persistentRecursive: persistentRecursive.remove(path)
            default:
                data.remove(path)
                exist.remove(path)
                child.remove(path)
                persistent.remove(path)
                persistentRecursive.remove(path)
            }
        }
    }

    /// Forgets the one-shot watches a server event consumed; persistent watches stay.
    mutating func eventFired(type: EventType, path: String) {
        switch type {
        case .nodeCreated, .nodeDataChanged:
            data.remove(path)
            exist.remove(path)
        case .nodeDeleted:
            data.remove(path)
            exist.remove(path)
            child.remove(path)
        case .nodeChildrenChanged:
            child.remove(path)
        default:
            break
        }
    }

    /// Splits the registry into SetWatches2 records whose path bytes stay under `maxBytes` each, so
    /// no single frame can exceed the server's `jute.maxbuffer`. Paths are sorted so the output is
    /// deterministic.
    func setWatchesBatches(relativeZxid: Int64, maxBytes: Int) -> [SetWatches2] {
        var batches: [SetWatches2] = []
        var current = SetWatches2(relativeZxid: relativeZxid)
        var currentBytes = 0
        let limit = max(maxBytes, 1)
        func add(_ path: String, _ keyPath: WritableKeyPath<SetWatches2, [String]>) {
            let cost = path.utf8.count + 4
            if currentBytes > 0 && currentBytes + cost > limit {
                batches.append(current)
                current = SetWatches2(relativeZxid: relativeZxid)
                currentBytes = 0
            }
            current[keyPath: keyPath].append(path)
            currentBytes += cost
        }
        for path in data.sorted() { add(path, \.dataWatches) }
        for path in exist.sorted() { add(path, \.existWatches) }
        for path in child.sorted() { add(path, \.childWatches) }
        for path in persistent.sorted() { add(path, \.persistentWatches) }
        for path in persistentRecursive.sorted() { add(path, \.persistentRecursiveWatches) }
        if currentBytes > 0 { batches.append(current) }
        return batches
    }
}
