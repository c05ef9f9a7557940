import Foundation
import Testing
import ZooKeeperClient
import ZooKeeperLab

/// Pipelining under load: thousands of concurrent writes, then a breadth-first walk with batched
/// reads, the way the tree mirror uses the client.
@Suite(.serialized)
struct ClientThroughputTests {
    @Test func pipelinedWritesAndBatchedWalk() async throws {
        try await LabEnsemble.with(fastLabOptions()) { lab in
            var configuration = try clientConfiguration(lab.connectString)
            // ZK_CLIENT_WINDOW=N tries another in-flight window when investigating throughput.
            if let window = ProcessInfo.processInfo.environment["ZK_CLIENT_WINDOW"].flatMap(Int.init) {
                configuration.maxInFlight = window
            }
            let client = try await ZooKeeperClient.connect(configuration)
            _ = try await client.create("/walk")
            let parents = (0..<30).map { "/walk/p\($0)" }
            let created = try await withThrowingTaskGroup(of: Int.self) { group in
                for parent in parents {
                    group.addTask {
                        _ = try await client.create(parent, data: [1]); return 1
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(created == 30)
            let clock = ContinuousClock()
            let writeStart = clock.now
            let leaves = try await withThrowingTaskGroup(of: Int.self) { group in
                for parent in parents {
                    for n in 0..<100 {
                        group.addTask {
                            _ = try await client.create("\(parent)/n\(n)", data: Array("value-\(n)".utf8))
                            return 1
                        }
                    }
                }
                return try await group.reduce(0, +)
            }
            let writeTime = clock.now - writeStart
            #expect(leaves == 3000)
            print("client throughput: 3000 concurrent creates in \(writeTime)")

            // Breadth-first walk: one batch per level, children with stat and data for every node.
            // The first walks warm up the server's JIT; the last one is measured.
            for round in 1...3 {
                let walkStart = clock.now
                var level = ["/walk"]
                var visited = 0
                var dataBytes = 0
                while !level.isEmpty {
                    let requests = level.flatMap { [ReadRequest.getChildren($0, includeStat: true), .getData($0)] }
                    let results = await client.readBatch(requests)
                    var next: [String] = []
                    for (index, path) in level.enumerated() {
                        if case .success(.children(let children, let stat)) = results[2 * index] {
                            #expect(stat?.numChildren == Int32(children.count))
                            next += children.map { ZNodePath.join(path, $0) }
                        } else {
                            Issue.record("getChildren \(path): \(results[2 * index])")
                        }
                        if case .success(.data(let data, _)) = results[2 * index + 1] { dataBytes += data.count }
                    }
                    visited += level.count
                    level = next
                }
                let walkTime = clock.now - walkStart
                #expect(visited == 3031)
                #expect(dataBytes > 3000 * 7)
                let seconds = Double(walkTime.components.seconds) + Double(walkTime.components.attoseconds) / 1e18
                print(
                    "client throughput: walk \(round): \(visited) nodes in \(walkTime) = \(Int(Double(visited) / seconds)) nodes/s"
                )
            }
            await client.close()
        }
    }
}
