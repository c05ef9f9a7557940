/// One member's tree reduced to digests, for `check --deep`: per path, a digest of the node's own
/// content (data and ephemeral owner) and its children's names.
///
/// This is the smallest comparison `check --deep` needs; the tree mirror (`Tree/`) is the
/// dashboard's richer, live view.
public struct TreeDigest: Hashable, Sendable {
    /// A node's own digest and its children's names (sorted).
    public struct Node: Hashable, Sendable {
        /// FNV-1a over data, ephemeral owner and children names.
        public var content: UInt64
        /// Child names, sorted.
        public var children: [String]

        /// A node.
        public init(content: UInt64, children: [String]) {
            self.content = content
            self.children = children.sorted()
        }
    }

    /// Nodes by absolute path.
    public var nodes: [String: Node]
    /// True when the walk stopped at its node or time limit (the comparison is then partial).
    public var truncated: Bool

    /// A digest from nodes.
    public init(nodes: [String: Node], truncated: Bool = false) {
        self.nodes = nodes
        self.truncated = truncated
    }

    /// The digest of the subtree under every path (content plus children's subtree digests).
    public func subtreeDigests() -> [String: UInt64] {
        var result: [String: UInt64] = [:]
        // Deepest paths first, so children are done before parents; bounded by the node count.
        let ordered = nodes.keys.sorted { depth($0) > depth($1) }
        for path in ordered {
            guard let node = nodes[path] else { continue }
            var hasher = FNV1a()
            hasher.add(node.content)
            for child in node.children {
                hasher.add(child)
                hasher.add(result[TreeDigest.join(path, child)] ?? 0)
            }
            result[path] = hasher.value
        }
        return result
    }

    private func depth(_ path: String) -> Int { path == "/" ? 0 : path.reduce(0) { $0 + ($1 == "/" ? 1 : 0) } }

    /// `parent` + `/` + `child`.
    public static func join(_ parent: String, _ child: String) -> String {
        parent == "/" ? "/" + child : parent + "/" + child
    }

    /// Compares trees subtree by subtree from `/`: equal subtrees are skipped, so only the paths
    /// whose own content or child list differs (or that exist on some members only) are listed,
    /// sorted, at most `limit`; `total` counts them all.
    public static func divergentPaths(_ trees: [String: TreeDigest], limit: Int) -> (paths: [String], total: Int) {
        guard trees.count >= 2 else { return ([], 0) }
        let subtrees = trees.mapValues { $0.subtreeDigests() }
        var found: [String] = []
        var total = 0
        var queue = ["/"]
        var index = 0
        let budget = trees.values.map(\.nodes.count).reduce(0, +) + 1
        while index < queue.count, index < budget {
            let path = queue[index]
            index += 1
            let digests = Set(trees.keys.map { subtrees[$0]?[path] })
            guard digests.count > 1 else { continue }
            let nodes = trees.values.map { $0.nodes[path] }
            let contents = Set(nodes.map { $0?.content })
            let childLists = Set(nodes.map { $0?.children })
            if contents.count > 1 || childLists.count > 1 {
                total += 1
                if found.count < limit { found.append(path) }
            }
            var children = Set<String>()
            for node in nodes { children.formUnion(node?.children ?? []) }
            for child in children.sorted() { queue.append(join(path, child)) }
        }
        return (found.sorted(), total)
    }
}

/// 64-bit FNV-1a: stable across processes (unlike `Hasher`), enough to tell contents apart.
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ bytes: some Sequence<UInt8>) {
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01b3
        }
    }

    mutating func add(_ number: UInt64) {
        withUnsafeBytes(of: number.littleEndian) { add($0) }
    }

    mutating func add(_ text: String) {
        add(text.utf8)
        add([0])
    }
}
