import ZooKeeperClient

/// Content hashes of a mirror: equal subtree hashes mean equal subtrees (names, data, every stat
/// field, children), so comparing two members' trees costs one hash per level until they differ.
extension TreeMirror {
    /// The hash of one node's own content: its name, its data, and every stat field.
    public func nodeHash(_ id: NodeID) -> UInt64 {
        var hasher = ContentHasher()
        hasher.add(bytes: nameBytes(id))
        hasher.add(UInt64(isUnreadable(id) ? 1 : 0))
        let stat = self.stat(id)
        for value in [stat.czxid, stat.mzxid, stat.pzxid, stat.ctime, stat.mtime, stat.ephemeralOwner] {
            hasher.add(UInt64(bitPattern: value))
        }
        for value in [stat.version, stat.cversion, stat.aversion, stat.dataLength, stat.numChildren] {
            hasher.add(UInt64(UInt32(bitPattern: value)))
        }
        hasher.add(bytes: data(id))
        return hasher.value
    }

    /// Subtree hashes of every allocated node, indexed by `NodeID` (0 for removed nodes): a node's own
    /// hash combined with its children's subtree hashes in name order. One pass, children first.
    public func subtreeHashes() -> [UInt64] {
        let total = Int(allocatedIDs.upperBound)
        var hashes = [UInt64](repeating: 0, count: total)
        // Children always have larger IDs than their parents (they are added later), so a reverse
        // pass sees every child before its parent.
        for index in stride(from: total - 1, through: 0, by: -1) {
            let id = NodeID(index)
            guard isLive(id) else { continue }
            var hasher = ContentHasher()
            hasher.add(nodeHash(id))
            forEachChild(id) { child in hasher.add(hashes[Int(child)]) }
            hashes[index] = hasher.value
        }
        return hashes
    }

    /// The subtree hash of the root (0 for an empty mirror): one number that changes with any
    /// change anywhere in the subtree.
    public var contentHash: UInt64 {
        guard let root else { return 0 }
        return subtreeHashes()[Int(root)]
    }
}

/// A small, fast 64-bit hash (FNV-1a over bytes, each word mixed in with a SplitMix64 finaliser).
/// Not cryptographic: it detects accidental divergence between servers, not forgery.
struct ContentHasher {
    private(set) var state: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(bytes: some Sequence<UInt8>) {
        var count: UInt64 = 0
        for byte in bytes {
            state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            count &+= 1
        }
        add(count)
    }

    mutating func add(_ word: UInt64) {
        state = Self.mix(state ^ word &+ 0x9e37_79b9_7f4a_7c15)
    }

    var value: UInt64 { Self.mix(state) }

    static func mix(_ input: UInt64) -> UInt64 {
        var z = input
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
