import ZooKeeperClient

/// The walk's bookkeeping without any I/O: which reads to issue next, what each reply means, and which
/// entries are ready to emit in order. `TreeWalker` feeds it replies and sends the batches it asks for.
final class WalkScheduler {
    let options: TreeWalkOptions
    /// One frame per level of the current path; the last one is being emitted.
    private(set) var stack: [WalkFrame]
    /// Reads sent and not yet answered.
    private(set) var inFlight = 0
    /// Nodes requested and not yet emitted (in flight or waiting for their turn).
    private(set) var held = 0
    /// Bytes of data and names held by those nodes.
    private(set) var heldBytes = 0
    /// Counts for the caller.
    var summary = TreeWalkSummary()
    /// Reads to send at the next flush.
    private var pending: [(WalkToken, ReadRequest)] = []

    init(options: TreeWalkOptions) {
        self.options = options
        self.stack = [WalkFrame(parentPath: nil, depth: 0, names: [options.root])]
    }

    /// Whether every entry was emitted.
    var isFinished: Bool { stack.isEmpty }

    // MARK: - Issuing

    /// Requests more nodes, nearest in output order first: the frame being emitted, then the subtrees
    /// that come right after it (children already listed of the next nodes on every level, so the
    /// window does not run dry at the end of each subtree), then later siblings on the levels below;
    /// as far as the window, the look-ahead and the byte budget allow.
    func fill() {
        guard let top = stack.last else { return }
        issue(into: top, isTop: true)
        for frame in stack.reversed() {
            guard hasRoom(isTop: false) else { return }
            var index = frame.nextEmit
            let end = min(frame.nextIssue, frame.nextEmit + 64)
            while index < end && hasRoom(isTop: false) {
                if let child = upcomingFrame(frame, index) { issue(into: child, isTop: false) }
                index += 1
            }
        }
        for frame in stack.dropLast().reversed() {
            guard hasRoom(isTop: false) else { return }
            issue(into: frame, isTop: false)
        }
    }

    private func hasRoom(isTop: Bool) -> Bool {
        guard inFlight < max(1, options.window) else { return false }
        return isTop || (held < max(1, options.lookahead) && heldBytes < options.maxBufferedBytes)
    }

    private func issue(into frame: WalkFrame, isTop: Bool) {
        let lookahead = max(1, options.lookahead)
        while frame.nextIssue < frame.names.count && hasRoom(isTop: isTop) {
            if frame.nextIssue - frame.nextEmit >= lookahead { break }
            issueNode(frame, frame.nextIssue)
            frame.nextIssue += 1
        }
    }

    /// The frame of node `index`'s children, made ahead of its emission once they are listed; nil
    /// while they are not known (or there are none).
    private func upcomingFrame(_ frame: WalkFrame, _ index: Int) -> WalkFrame? {
        guard var slot = frame.slots[index], !slot.inFlight, slot.error == nil, !slot.vanished else { return nil }
        if let child = slot.childFrame { return child }
        guard let children = slot.children, !children.isEmpty else { return nil }
        let child = WalkFrame(
            parentPath: slot.path, depth: frame.depth + 1,
            names: children.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        slot.childFrame = child
        slot.children = []
        frame.slots[index] = slot
        return child
    }

    /// Hands out the pending reads in batches of at most `batchSize`.
    func takeBatches() -> [([WalkToken], [ReadRequest])] {
        guard !pending.isEmpty else { return [] }
        let size = max(1, options.batchSize)
        var batches: [([WalkToken], [ReadRequest])] = []
        var start = 0
        while start < pending.count {
            let slice = pending[start..<min(start + size, pending.count)]
            batches.append((slice.map(\.0), slice.map(\.1)))
            start += size
        }
        pending.removeAll(keepingCapacity: true)
        return batches
    }

    private func issueNode(_ frame: WalkFrame, _ index: Int) {
        let path = frame.path(index)
        frame.slots[index] = WalkSlot(path: path)
        held += 1
        sendNode(frame, index, path)
    }

    private func sendNode(_ frame: WalkFrame, _ index: Int, _ path: String) {
        let request: ReadRequest =
            options.includeData ? .getData(path) : .getChildren(path, includeStat: true)
        pending.append((WalkToken(frame: frame, index: index, isChildren: false), request))
        inFlight += 1
        summary.requests += 1
    }

    private func sendChildren(_ frame: WalkFrame, _ index: Int, _ path: String) {
        pending.append((WalkToken(frame: frame, index: index, isChildren: true), .getChildren(path)))
        inFlight += 1
        summary.requests += 1
    }

    /// Lists the children of a node read ahead, if the frame's prefetch budget allows.
    private func prefetchChildren(_ frame: WalkFrame, _ index: Int, _ slot: inout WalkSlot) {
        guard frame.prefetched < options.childrenPrefetch, !slot.childrenRequested else { return }
        slot.childrenRequested = true
        slot.prefetchCounted = true
        frame.prefetched += 1
        sendChildren(frame, index, slot.path)
    }

    /// After a prefetched list was used, prefetches for the next nodes with children near the head.
    private func refillPrefetch(_ frame: WalkFrame) {
        var index = frame.nextEmit
        let end = min(frame.nextIssue, frame.nextEmit + 64)
        while index < end && frame.prefetched < options.childrenPrefetch {
            if var slot = frame.slots[index], needsChildren(slot), !slot.childrenRequested {
                prefetchChildren(frame, index, &slot)
                frame.slots[index] = slot
            }
            index += 1
        }
    }

    private func needsChildren(_ slot: WalkSlot) -> Bool {
        !slot.inFlight && !slot.vanished && slot.error == nil && slot.children == nil
    }

    // MARK: - Replies

    /// Records one reply. Throws `TreeWalkError` for errors that end the walk.
    func apply(_ token: WalkToken, _ result: Result<ReadResult, ZooKeeperError>) throws {
        inFlight -= 1
        let frame = token.frame
        guard var slot = frame.slots[token.index] else { return }
        defer { frame.slots[token.index] = slot }
        switch result {
        case .success(let read):
            if token.isChildren {
                if case .children(let names, _) = read { try setChildren(&slot, names, depth: frame.depth) }
                return
            }
            slot.inFlight = false
            switch read {
            case .data(let data, let stat):
                slot.stat = stat
                slot.data = data
                slot.heldBytes += data.count
                heldBytes += data.count
                if stat.numChildren > 0 {
                    prefetchChildren(frame, token.index, &slot)
                } else {
                    slot.children = []
                }
            case .children(let names, let stat):
                slot.stat = stat
                try setChildren(&slot, names, depth: frame.depth)
            case .stat(let stat):
                slot.stat = stat
                slot.children = []
            }
        case .failure(let error):
            if Self.isRetryable(error.code) && slot.retries < options.maxRetries {
                slot.retries += 1
                summary.retries += 1
                if token.isChildren {
                    sendChildren(frame, token.index, slot.path)
                } else {
                    sendNode(frame, token.index, slot.path)
                }
                return
            }
            if error.code == .replyTooLarge && !token.isChildren && slot.error == nil {
                // Too large to read whole: keep the error for the entry, and still read what fits, the
                // stat and (data mode) the children, so the node is shown and its subtree walked.
                slot.error = error
                let fallback: ReadRequest =
                    options.includeData ? .getChildren(slot.path, includeStat: true) : .exists(slot.path)
                pending.append((token, fallback))
                inFlight += 1
                summary.requests += 1
                return
            }
            if Self.endsWalk(error.code) { throw TreeWalkError(error, path: slot.path) }
            if token.isChildren {
                // The node was read; its children went away (noNode) or are unreadable.
                if error.code != .noNode { slot.error = error }
                slot.children = []
            } else {
                slot.inFlight = false
                if error.code == .noNode {
                    slot.vanished = true
                } else {
                    slot.error = error
                }
            }
        }
    }

    /// Records a node's children, after checking them against `WalkLimits`: a name no ZooKeeper
    /// server accepts, a level past `maxDepth` or a path past `maxPathLength` ends the walk.
    private func setChildren(_ slot: inout WalkSlot, _ names: [String], depth: Int) throws {
        if !names.isEmpty {
            try WalkLimits.check(children: names, of: slot.path, depth: depth + 1, options: options)
        }
        var bytes = 0
        for name in names { bytes += name.utf8.count + 16 }
        slot.children = names
        slot.heldBytes += bytes
        heldBytes += bytes
    }

    /// Transient: the request may succeed if sent again (the client reconnects on its own).
    static func isRetryable(_ code: ZooKeeperError.Code) -> Bool {
        code == .connectionLoss || code == .throttledOp
    }

    /// Session- or server-level failures: nothing after them can be trusted to answer.
    static func endsWalk(_ code: ZooKeeperError.Code) -> Bool {
        switch code {
        case .connectionLoss, .operationTimeout, .sessionExpired, .closing, .authFailed, .sessionMoved,
            .marshallingError, .systemError, .requestTimeout, .throttledOp, .sessionClosedRequireSASLAuth,
            .saslFailed:
            return true
        default:
            return false
        }
    }

    // MARK: - Emitting

    /// Emits every entry that is ready, in pre-order, and asks for the children list the head needs.
    func drain(_ body: (TreeEntry) throws -> Void) throws {
        while let top = stack.last {
            let index = top.nextEmit
            if index >= top.names.count {
                stack.removeLast()
                continue
            }
            guard var slot = top.slots[index], !slot.inFlight else { return }
            if slot.vanished {
                release(top, index, slot)
                summary.vanished += 1
                continue
            }
            if needsChildren(slot) {
                if !slot.childrenRequested {
                    slot.childrenRequested = true
                    top.slots[index] = slot
                    sendChildren(top, index, slot.path)
                }
                return
            }
            release(top, index, slot)
            if slot.prefetchCounted {
                top.prefetched -= 1
                refillPrefetch(top)
            }
            let path = slot.path
            let entry = TreeEntry(
                path: path, name: top.names[index], depth: top.depth, isLastSibling: index == top.names.count - 1,
                stat: slot.stat, data: options.includeData ? slot.data : nil, error: slot.error)
            summary.entries += 1
            if slot.error != nil { summary.errors += 1 }
            try body(entry)
            if let child = slot.childFrame {
                stack.append(child)
            } else if var children = slot.children, !children.isEmpty {
                children.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
                stack.append(WalkFrame(parentPath: path, depth: top.depth + 1, names: children))
            }
        }
    }

    private func release(_ frame: WalkFrame, _ index: Int, _ slot: WalkSlot) {
        frame.slots[index] = nil
        frame.nextEmit += 1
        held -= 1
        heldBytes -= slot.heldBytes
    }
}
