import ZooKeeperClient

/// One way two trees differ at one path.
public struct TreeDivergence: Sendable, Hashable, CustomStringConvertible {
    /// What differs.
    public enum Kind: Sendable, Hashable {
        /// The node exists only in the left tree.
        case onlyInLeft
        /// The node exists only in the right tree.
        case onlyInRight
        /// Same node, different data bytes.
        case dataDiffers
        /// Same node, these stat fields differ (names as in `zkscope tree --json`).
        case statDiffers([String])
        /// One side could not read the node (e.g. noAuth), the other could.
        case readabilityDiffers
        /// `/zookeeper/config` names other servers: each member writes it from its own configuration.
        case serverListDiffers
    }

    /// The node's absolute path.
    public var path: String
    /// What differs.
    public var kind: Kind

    /// Makes a divergence.
    public init(path: String, kind: Kind) {
        self.path = path
        self.kind = kind
    }

    /// `path: what`, for reports.
    public var description: String {
        switch kind {
        case .onlyInLeft: return "\(path): only in left"
        case .onlyInRight: return "\(path): only in right"
        case .dataDiffers: return "\(path): data differs"
        case .statDiffers(let fields): return "\(path): stat differs (\(fields.joined(separator: ", ")))"
        case .readabilityDiffers: return "\(path): readable on one side only"
        case .serverListDiffers: return "\(path): server list differs (each member writes it from its own config)"
        }
    }
}

/// The outcome of comparing two trees.
public struct TreeComparisonResult: Sendable, Hashable {
    /// The first divergences found, in pre-order, at most the requested limit.
    public var divergences: [TreeDivergence] = []
    /// All divergences found (may exceed `divergences.count`).
    public var totalDivergences = 0
    /// Nodes compared (nodes under equal subtree hashes count without being visited).
    public var comparedNodes = 0
    /// Differences ignored because a side changed after the stable zxid (a write in flight between
    /// the two walks, not a divergence).
    public var skippedAsInFlight = 0
    /// The zxid the comparison trusted both sides up to (nil: everything compared).
    public var stableThrough: Int64?

    /// Makes an empty result.
    public init() {}

    /// Whether no divergence was found.
    public var isIdentical: Bool { totalDivergences == 0 }

    /// Whether `divergences` was capped.
    public var isTruncated: Bool { totalDivergences > divergences.count }
}

/// Compares two trees (two mirrors, or two members' walks) and names the paths where they differ,
/// for `zkscope check --deep`: members of one ensemble must hold identical trees, so any difference
/// in names, data or stat fields is a divergence, except for writes that reached one member and not
/// yet the other, which `stableThrough` filters out.
public enum TreeComparison {
    /// Compares two mirrors of the same subtree.
    ///
    /// - Parameters:
    ///   - stableThrough: a zxid both sides are known to have applied. A node changed after it on either
    ///     side (`mzxid`), or created after it, is not compared; children sets are not compared under a
    ///     parent whose `pzxid` is beyond it on either side. nil compares everything.
    ///   - limit: how many divergences to name (the total is always counted).
    public static func compare(
        _ left: TreeMirror, _ right: TreeMirror, stableThrough: Int64? = nil, limit: Int = 100
    ) -> TreeComparisonResult {
        var result = TreeComparisonResult()
        result.stableThrough = stableThrough
        guard let leftRoot = left.root, let rightRoot = right.root else {
            if left.root != nil {
                record(&result, TreeDivergence(path: left.rootPath, kind: .onlyInLeft), limit)
            } else if right.root != nil {
                record(&result, TreeDivergence(path: right.rootPath, kind: .onlyInRight), limit)
            }
            return result
        }
        let leftHashes = left.subtreeHashes()
        let rightHashes = right.subtreeHashes()
        let context = Context(
            left: left, right: right, leftHashes: leftHashes, rightHashes: rightHashes, stable: stableThrough,
            limit: limit)
        var stack: [(TreeMirror.NodeID, TreeMirror.NodeID)] = [(leftRoot, rightRoot)]
        // Bounded: every pair is pushed once, and there are at most min(left, right) pairs.
        while let (l, r) = stack.popLast() {
            context.comparePair(l, r, into: &result, push: { stack.append($0) })
        }
        return result
    }

    /// Walks the same subtree on two members (each over its own sessions) and compares the trees,
    /// trusting both up to the lower of the two highest zxids seen, so writes landing during the walks
    /// are not reported as divergence.
    public static func compareMembers(
        left: [ZooKeeperClient], right: [ZooKeeperClient], options: TreeWalkOptions, limit: Int = 100
    ) async throws -> TreeComparisonResult {
        async let leftWalk = TreeMirror.load(TreeWalker(sessions: left, options: options))
        async let rightWalk = TreeMirror.load(TreeWalker(sessions: right, options: options))
        let (leftMirror, _) = try await leftWalk
        let (rightMirror, _) = try await rightWalk
        let stable = min(leftMirror.maxZxid, rightMirror.maxZxid)
        return compare(leftMirror, rightMirror, stableThrough: stable, limit: limit)
    }

    /// The stat fields in which two members' copies of one node differ, named as in `zkscope tree --json`
    /// (`czxid`, `mzxid`, `ctime`, `mtime`, `version`, `aversion`, `ephemeralOwner`, `dataLength`, then `pzxid`,
    /// `cversion`, `numChildren`). One list, so `check --deep` and the dashboard's compare view name a
    /// divergence the same way.
    ///
    /// - Parameter includeChildren: whether the child-list fields (`pzxid`, `cversion`, `numChildren`) count;
    ///   callers leave them out while a child is being created or deleted on one side only.
    public static func differingStatFields(_ left: Stat, _ right: Stat, includeChildren: Bool = true) -> [String] {
        var fields: [String] = []
        if left.czxid != right.czxid { fields.append("czxid") }
        if left.mzxid != right.mzxid { fields.append("mzxid") }
        if left.ctime != right.ctime { fields.append("ctime") }
        if left.mtime != right.mtime { fields.append("mtime") }
        if left.version != right.version { fields.append("version") }
        if left.aversion != right.aversion { fields.append("aversion") }
        if left.ephemeralOwner != right.ephemeralOwner { fields.append("ephemeralOwner") }
        if left.dataLength != right.dataLength { fields.append("dataLength") }
        if includeChildren {
            if left.pzxid != right.pzxid { fields.append("pzxid") }
            if left.cversion != right.cversion { fields.append("cversion") }
            if left.numChildren != right.numChildren { fields.append("numChildren") }
        }
        return fields
    }

    static func record(_ result: inout TreeComparisonResult, _ divergence: TreeDivergence, _ limit: Int) {
        result.totalDivergences += 1
        if result.divergences.count < limit { result.divergences.append(divergence) }
    }

    private struct Context {
        let left: TreeMirror
        let right: TreeMirror
        let leftHashes: [UInt64]
        let rightHashes: [UInt64]
        let stable: Int64?
        let limit: Int

        func isInFlight(_ zxid: Int64) -> Bool {
            guard let stable else { return false }
            return zxid > stable
        }

        func comparePair(
            _ l: TreeMirror.NodeID, _ r: TreeMirror.NodeID, into result: inout TreeComparisonResult,
            push: ((TreeMirror.NodeID, TreeMirror.NodeID)) -> Void
        ) {
            if leftHashes[Int(l)] == rightHashes[Int(r)] {
                result.comparedNodes += count(l)
                return
            }
            result.comparedNodes += 1
            let path = { left.path(l) }
            let ls = left.stat(l)
            let rs = right.stat(r)
            let childrenInFlight = isInFlight(ls.pzxid) || isInFlight(rs.pzxid)
            if left.isUnreadable(l) != right.isUnreadable(r) {
                TreeComparison.record(&result, TreeDivergence(path: path(), kind: .readabilityDiffers), limit)
            } else if MemberLocalNodes.isMemberLocal(name: left.nameBytes(l), path: path) {
                // Written by each member itself: its stat is the member's own; only the server list counts.
                if left.hasData(l) && right.hasData(r)
                    && MemberLocalNodes.serverList(left.data(l)) != MemberLocalNodes.serverList(right.data(r))
                {
                    TreeComparison.record(&result, TreeDivergence(path: path(), kind: .serverListDiffers), limit)
                }
            } else if isInFlight(ls.mzxid) || isInFlight(rs.mzxid) {
                result.skippedAsInFlight += 1
            } else {
                let fields = TreeComparison.differingStatFields(ls, rs, includeChildren: !childrenInFlight)
                if !fields.isEmpty {
                    TreeComparison.record(&result, TreeDivergence(path: path(), kind: .statDiffers(fields)), limit)
                }
                if left.hasData(l) && right.hasData(r) && !left.data(l).elementsEqual(right.data(r)) {
                    TreeComparison.record(&result, TreeDivergence(path: path(), kind: .dataDiffers), limit)
                }
            }
            // Merge the two sorted child lists by name bytes.
            let leftChildren = left.children(l)
            let rightChildren = right.children(r)
            var pairs: [(TreeMirror.NodeID, TreeMirror.NodeID)] = []
            var i = 0
            var j = 0
            while i < leftChildren.count || j < rightChildren.count {
                let order: Int
                if i == leftChildren.count {
                    order = 1
                } else if j == rightChildren.count {
                    order = -1
                } else {
                    let a = left.nameBytes(leftChildren[i])
                    let b = right.nameBytes(rightChildren[j])
                    order = a.elementsEqual(b) ? 0 : (a.lexicographicallyPrecedes(b) ? -1 : 1)
                }
                if order == 0 {
                    pairs.append((leftChildren[i], rightChildren[j]))
                    i += 1
                    j += 1
                } else if order < 0 {
                    oneSided(left, leftChildren[i], .onlyInLeft, childrenInFlight, &result)
                    i += 1
                } else {
                    oneSided(right, rightChildren[j], .onlyInRight, childrenInFlight, &result)
                    j += 1
                }
            }
            // Reversed onto the stack, so divergences come out in pre-order.
            for pair in pairs.reversed() { push(pair) }
        }

        private func oneSided(
            _ mirror: TreeMirror, _ id: TreeMirror.NodeID, _ kind: TreeDivergence.Kind, _ parentInFlight: Bool,
            _ result: inout TreeComparisonResult
        ) {
            if parentInFlight || isInFlight(mirror.stat(id).czxid) {
                result.skippedAsInFlight += 1
                return
            }
            TreeComparison.record(&result, TreeDivergence(path: mirror.path(id), kind: kind), limit)
        }

        /// Nodes in a subtree of the left mirror (bounded by the mirror's size).
        private func count(_ id: TreeMirror.NodeID) -> Int {
            var total = 0
            var stack = [id]
            while let node = stack.popLast() {
                total += 1
                left.forEachChild(node) { stack.append($0) }
            }
            return total
        }
    }
}
