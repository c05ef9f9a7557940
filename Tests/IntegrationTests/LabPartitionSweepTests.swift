import Foundation
import Testing
import ZooKeeperLab

/// A lab that dies before it heals leaves DROP rules behind; the next partition sweeps them, so a later
/// lab that is handed the same ports is never cut off by a dead one. Root and iptables (CI has both).
@Suite(.serialized) struct LabPartitionSweepTests {
    @Test func rulesOfALabWhoseDirectoryIsGoneAreSwept() throws {
        try #require(LabEnsemble.canPartition, "needs root, cgroup v2 and iptables")
        let alive = try WitnessRunner.makeWorkDirectory(prefix: "zkscope-sweep-alive")
        defer { try? FileManager.default.removeItem(atPath: alive) }
        let gone = alive + "-gone"
        // Port 9 (discard) on loopback: nothing in the tests uses it.
        func rule(_ directory: String) -> [String] {
            [
                "INPUT", "-p", "tcp", "-d", "127.0.0.1", "--dport", "9", "-m", "comment", "--comment",
                LabEnsemble.partitionComment + " " + directory, "-j", "DROP",
            ]
        }
        try Self.iptables(["-I"] + rule(gone))
        try Self.iptables(["-I"] + rule(alive))
        defer {
            try? Self.iptables(["-D"] + rule(alive))
            try? Self.iptables(["-D"] + rule(gone))
        }
        #expect(try LabEnsemble.partitionRulesInPlace().filter { $0.contains(gone) }.count == 1)

        LabEnsemble.sweepStaleRules()
        let left = try LabEnsemble.partitionRulesInPlace()
        #expect(!left.contains { $0.contains(gone + "\"") }, "the dead lab's rule is still there: \(left)")
        #expect(left.contains { $0.contains(alive + "\"") }, "a live lab's rule was swept: \(left)")
    }

    static func iptables(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/iptables")
        process.arguments = ["-w", "5"] + arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.executableLoad) }
    }
}
