import Testing
import ZooKeeperAdmin

@testable import EnsembleCore

@Suite("Member snapshots from real replies")
struct SnapshotTests {
    @Test func healthyLeader() throws {
        let replies = try Capture.replies(
            srvr: "healthy/leader-srvr.txt", mntr: "healthy/leader-mntr.txt", conf: "healthy/leader-conf.txt",
            hash: "healthy/leader-hash.txt")
        let snapshot = MemberSnapshot.assemble(endpoint: lab(3), time: 10, replies: replies)
        #expect(snapshot.reachability == .serving)
        #expect(snapshot.role == .leader)
        #expect(snapshot.serverID == 3)
        #expect(snapshot.zxid?.description == "0x100000892")
        #expect(snapshot.epoch == 1)
        #expect(snapshot.znodes == 2191)
        #expect(snapshot.znodesAtZxid == ZnodeCountSample(zxid: Zxid(hex: "0x100000892")!, znodes: 2191))
        #expect(snapshot.ephemerals == 51)
        #expect(snapshot.globalSessions == 5)
        #expect(snapshot.syncedFollowers == 2)
        #expect(snapshot.learners == 2)
        #expect(snapshot.quorumSize == 3)
        #expect(snapshot.maxFileDescriptors == 20000)
        #expect(snapshot.membership?.count == 3)
        #expect(snapshot.configVersion == 0)
        #expect(snapshot.maxClientConnections == 60)
        #expect(snapshot.digests?.count == 17)
        #expect(snapshot.version?.description == "3.8.0")
        #expect(snapshot.answeredSources == [.srvr, .mntr, .conf, .hash])
        #expect(snapshot.readCount == 8)  // tree 6 + eph 2
        #expect(snapshot.writeCount == 13)
        #expect(snapshot.writesByNamespace["tree"] == 2101)
    }

    /// History keeps hundreds of rounds, so a snapshot keeps only the counters something reads: the capture's
    /// ~500 integers shrink to the restart evidence, the detectors' and the per-namespace families.
    @Test func onlyTheCountersThatAreReadAreKept() throws {
        let replies = try Capture.replies(srvr: "healthy/leader-srvr.txt", mntr: "healthy/leader-mntr.txt")
        let snapshot = MemberSnapshot.assemble(endpoint: lab(3), time: 10, replies: replies)
        let all = try #require(replies.mntr?.value).metrics.filter { $0.value.int64 != nil }
        #expect(all.count > 300)
        #expect(snapshot.counters.count < 30)
        #expect(snapshot.counters.keys.allSatisfy(MemberSnapshot.retainsCounter))
        for name in processCounterNames + ["cnt_socket_closing_time", "looking_count"] {
            #expect(snapshot.counter(name) != nil, "\(name) was dropped")
        }
        #expect(snapshot.counter("cnt_tree_write_per_namespace") == 2101)
        #expect(snapshot.counter("packets_received") == nil)
    }

    @Test func lookingMemberIsNotServing() throws {
        let snapshot = MemberSnapshot.assemble(endpoint: lab(1), time: 0, replies: Capture.looking)
        #expect(snapshot.reachability == .notServing)
        #expect(snapshot.role == nil)
        #expect(snapshot.sources[.srvr] == .notServing)
    }

    @Test func configMismatchedMemberWithZabstateIsNotServing() throws {
        var replies = try Capture.replies(
            srvr: "config-i/zk3-srvr.txt", zabstate: "config-i/zk3-admin-zabstate.json", isro: "config-i/zk3-isro.txt")
        replies.mntr = nil
        let snapshot = MemberSnapshot.assemble(endpoint: lab(3), time: 0, replies: replies)
        #expect(snapshot.reachability == .notServing)
        #expect(snapshot.sources[.isro] == .notServing)
        #expect(snapshot.sources[.adminZabState] == .answered)
    }

    @Test func refusedIsDownAndTimeoutIsUnresponsive() {
        #expect(MemberSnapshot.assemble(endpoint: lab(1), time: 0, replies: Capture.down).reachability == .down)
        #expect(MemberSnapshot.assemble(endpoint: lab(1), time: 0, replies: Capture.hung).reachability == .unresponsive)
        var emptySrvr = MemberReplies()
        emptySrvr.srvr = .unusable(.empty)
        #expect(MemberSnapshot.assemble(endpoint: lab(1), time: 0, replies: emptySrvr).reachability == .notServing)
    }

    @Test func defaultWhitelistStillServesFromSrvr() throws {
        let replies = try Capture.replies(
            srvr: "whitelist/standalone-srvr.txt", mntr: "whitelist/standalone-mntr.txt",
            conf: "whitelist/standalone-conf.txt")
        let snapshot = MemberSnapshot.assemble(endpoint: lab(1), time: 0, replies: replies)
        #expect(snapshot.reachability == .serving)
        #expect(snapshot.role == .standalone)
        #expect(snapshot.znodes == 5)
        #expect(snapshot.sources[.mntr] == .notWhitelisted)
        #expect(snapshot.sources[.conf] == .notWhitelisted)
        #expect(snapshot.answeredSources == [.srvr])
        #expect(snapshot.ephemerals == nil)
    }

    @Test func slowSourcesCarryOver() throws {
        let first = MemberSnapshot.assemble(
            endpoint: lab(3), time: 0,
            replies: try Capture.replies(srvr: "healthy/leader-srvr.txt", hash: "healthy/leader-hash.txt"))
        let second = MemberSnapshot.assemble(
            endpoint: lab(3), time: 2, replies: try Capture.replies(srvr: "healthy/leader-srvr.txt"), previous: first)
        #expect(second.digests == first.digests)
        #expect(second.sources[.hash] == nil)
    }

    @Test func historyIsBounded() throws {
        var ring = SnapshotHistory(capacity: 3)
        for index in 0..<10 { ring.append(EnsembleSnapshot(time: Double(index), members: [])) }
        #expect(ring.rounds.map(\.time) == [7, 8, 9])
        #expect(ring.window(seconds: 1).map(\.time) == [8, 9])
        #expect(ring.previous?.time == 8)
    }
}
