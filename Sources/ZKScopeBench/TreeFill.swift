import ZooKeeperClient

/// Creates benchmark trees fast: `top` parents with `children` leaves each, ~`valueSize` bytes per
/// value, with up to `window` creates in flight over one session (the server applies a session's
/// writes in order, so pipelining is what makes it fast).
enum TreeFill {
    /// Creates `root`, `root/tNN` and `root/tNN/cNNNN`; returns the number of nodes created.
    static func fill(
        _ client: ZooKeeperClient, root: String, top: Int, children: Int, valueSize: Int, window: Int = 1000
    ) async throws -> Int {
        let value = [UInt8]((0..<valueSize).map { UInt8(ascii: "a") + UInt8($0 % 26) })
        _ = try await client.create(root, data: value)
        var paths: [String] = []
        for t in 0..<top { paths.append(root + "/t" + pad(t, 2)) }
        try await createAll(client, paths, value: value, window: window)
        var leaves: [String] = []
        leaves.reserveCapacity(top * children)
        for parent in paths {
            for c in 0..<children { leaves.append(parent + "/c" + pad(c, 4)) }
        }
        try await createAll(client, leaves, value: value, window: window)
        return 1 + paths.count + leaves.count
    }

    private static func createAll(_ client: ZooKeeperClient, _ paths: [String], value: [UInt8], window: Int)
        async throws
    {
        var start = 0
        while start < paths.count {
            let chunk = paths[start..<min(start + window, paths.count)]
            try await withThrowingTaskGroup(of: Void.self) { group in
                for path in chunk { group.addTask { _ = try await client.create(path, data: value) } }
                try await group.waitForAll()
            }
            start += window
        }
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
