import Testing
import ZooKeeperAdmin

@testable import EnsembleCore

@Suite("Load detectors")
struct LoadDetectorTests {
    /// Healthy history with one member's latest snapshots changed.
    private func tweaked(_ change: (inout MemberSnapshot) -> Void) throws -> SnapshotHistory {
        let base = history([try healthyRound(), try healthyRound()])
        var result = SnapshotHistory()
        for round in base.rounds {
            var members = round.members
            change(&members[0])
            result.append(EnsembleSnapshot(time: round.time, members: members))
        }
        return result
    }

    @Test(
        "thresholds from ZooKeeper's sample alert rules",
        arguments: [
            ("latency", FindingCode.latencyHigh), ("outstanding", .outstandingRequests), ("fd", .fdNearLimit),
            ("connections", .connectionsNearLimit), ("znodes", .znodeCountHigh), ("watches", .watchCountHigh),
        ])
    func loadLimits(kind: String, code: FindingCode) throws {
        let h = try tweaked { member in
            switch kind {
            case "latency": member.latency = LatencyStats(min: 0, avg: 250, max: 900)
            case "outstanding": member.outstandingRequests = 42
            case "fd": member.openFileDescriptors = 19_000
            case "connections":
                member.connections = 58
                member.maxClientConnections = 60
            case "znodes": member.znodes = 1_500_000
            default: member.watches = 2_000_000
            }
        }
        let findings = detectAll(history: h, configuration: nil)
        #expect(codes(findings).contains(code.rawValue))
        #expect(findings.first { $0.code == code }?.severity == .warning)
        let healthy = detectAll(history: history([try healthyRound(), try healthyRound()]), configuration: nil)
        #expect(!codes(healthy).contains(code.rawValue))
    }

    @Test func limitsAreConfigurable() throws {
        let h = try tweaked { $0.outstandingRequests = 42 }
        var relaxed = Thresholds()
        relaxed.outstandingRequests = 100
        #expect(detectOutstandingRequests(h, nil, relaxed).isEmpty)
        #expect(!detectOutstandingRequests(h, nil, .defaults).isEmpty)
    }

    private func loadHistory(readsPerRound: Int64, writesPerRound: Int64) -> SnapshotHistory {
        var h = SnapshotHistory()
        for index in 0..<4 {
            var member = MemberSnapshot(endpoint: lab(1), time: Double(index) * 10, reachability: .serving)
            member.role = .leader
            member.counters = [
                "cnt_tree_read_per_namespace": Int64(index) * readsPerRound,
                "cnt_updatelatency": Int64(index) * writesPerRound,
                "cnt_tree_write_per_namespace": Int64(index) * writesPerRound * 3 / 4,
                "cnt_lock_write_per_namespace": Int64(index) * writesPerRound / 4,
            ]
            h.append(EnsembleSnapshot(time: member.time, members: [member]))
        }
        return h
    }

    @Test func writeHeavyNamesHottestPaths() {
        let findings = detectWriteHeavy(loadHistory(readsPerRound: 400, writesPerRound: 200), nil, .defaults)
        #expect(findings.map(\.code) == [.writeHeavy])
        #expect(findings.first?.evidence["ratio"] == "2")
        #expect(findings.first?.evidence["hottest_paths"] == "/tree,/lock")
        #expect(findings.first?.message.contains("/tree (15/s)") == true)
        // Read-heavy (20:1) and idle loads are fine.
        #expect(detectWriteHeavy(loadHistory(readsPerRound: 4000, writesPerRound: 200), nil, .defaults).isEmpty)
        #expect(detectWriteHeavy(loadHistory(readsPerRound: 0, writesPerRound: 5), nil, .defaults).isEmpty)
    }
}
