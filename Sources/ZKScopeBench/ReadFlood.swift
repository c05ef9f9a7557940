import EnsembleMonitor
import ZooKeeperClient

/// The member's read capacity: pipelined `getData` from several sessions for a fixed time, cycling
/// over many different nodes (one hot node would measure the server's per-node lock instead). It is
/// the ceiling a walk of the same member can approach, measured in the same run.
enum ReadFlood {
    /// Requests per second answered successfully, over `duration`, with `batchesPerSession` batches
    /// of `batchSize` reads in flight on each session.
    static func run(
        _ sessions: [ZooKeeperClient], paths: [String], duration: Duration, batchSize: Int = 64,
        batchesPerSession: Int = 8
    ) async -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + duration
        let all = paths.isEmpty ? ["/"] : paths
        let batches = stride(from: 0, to: all.count, by: batchSize).map { start in
            all[start..<min(start + batchSize, all.count)].map { ReadRequest.getData($0) }
        }
        let total = await withTaskGroup(of: Int.self) { group in
            for (sessionIndex, session) in sessions.enumerated() {
                for lane in 0..<batchesPerSession {
                    group.addTask {
                        var answered = 0
                        var next = (sessionIndex * batchesPerSession + lane) * 7
                        // Bounded by the deadline; each batch has the client's request deadline.
                        while clock.now < deadline {
                            let results = await session.readBatch(batches[next % batches.count])
                            next += 1
                            for result in results { if case .success = result { answered += 1 } }
                        }
                        return answered
                    }
                }
            }
            var sum = 0
            for await count in group { sum += count }
            return sum
        }
        return Double(total) / (clock.now - start).seconds
    }
}
