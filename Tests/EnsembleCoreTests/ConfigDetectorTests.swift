import Foundation
import Testing
import ZooKeeperAdmin

@testable import EnsembleCore

@Suite("Configuration detectors (capture c-iv and synthetic)")
struct ConfigDetectorTests {
    private func ivRound(_ members: [Int]) throws -> [(Int, MemberReplies)] {
        try members.map { n in
            (n, try Capture.replies(srvr: "config-iv/zk\(n)-srvr.txt", conf: "config-iv/zk\(n)-conf.txt"))
        }
    }

    @Test("c-iv: zk3 lists server.2 with client port 2999; the finding names that line")
    func configMismatch() throws {
        let findings = detectConfigMismatch(history([try ivRound([1, 2, 3])]), nil, .defaults)
        #expect(findings.map(\.code) == [.configMismatch])
        let finding = try #require(findings.first)
        #expect(finding.members == [lab(3).address])
        #expect(finding.severity == .warning)  // only a client address differs
        #expect(finding.evidence[lab(3).address] == "server.2=127.0.0.1:2889:3889:participant;127.0.0.1:2999")
        #expect(finding.evidence["majority"]?.contains("127.0.0.1:2182") == true)
        #expect(detectConfigMismatch(history([try ivRound([1, 2])]), nil, .defaults).isEmpty)
    }

    @Test func quorumAddressMismatchIsCritical() throws {
        let bad = try edited("config-iv/zk1-conf.txt", "server.3=127.0.0.1:2890:3890", "server.3=127.0.0.1:2990:3890")
        var round = try ivRound([1, 2])
        round.append((4, MemberReplies()))
        round[2].1 = try Capture.replies(srvr: "config-iv/zk2-srvr.txt")
        round[2].1.conf = ProbeResult { try ConfReply.parse(bad) }
        let findings = detectConfigMismatch(history([round]), nil, .defaults)
        #expect(findings.first?.severity == .critical)
        #expect(findings.first?.members == [lab(4).address])
    }

    @Test("config-differs-from-file: the given zoo.cfg is zk3's (2999)")
    func differsFromFile() throws {
        let file = try EnsembleConfiguration.parse(
            zooCfg: try Capture.text("config-iv/zk3-zoo.cfg"), file: "zk3/zoo.cfg")
        let findings = detectConfigDiffersFromFile(history([try ivRound([1, 2, 3])]), file, .defaults)
        #expect(findings.map(\.code) == [.configDiffersFromFile, .configDiffersFromFile])
        #expect(Set(findings.flatMap(\.members)) == [lab(1).address, lab(2).address])
        #expect(findings.first?.evidence["member_has"] == "server.2=127.0.0.1:2889:3889:participant;127.0.0.1:2182")
        // Against zk1's own list nothing differs for zk1 and zk2.
        let good = try EnsembleConfiguration.parse(
            zooCfg: try edited("config-iv/zk3-zoo.cfg", "127.0.0.1:2999", "127.0.0.1:2182"), file: "zoo.cfg")
        #expect(detectConfigDiffersFromFile(history([try ivRound([1, 2])]), good, .defaults).isEmpty)
    }

    @Test func serverIDs() throws {
        // The lab's members: conf says serverId=1 for 127.0.0.1:2181.
        var h = SnapshotHistory()
        let conf = try Capture.replies(srvr: "config-iv/zk1-srvr.txt", conf: "config-iv/zk1-conf.txt")
        let right = MemberSnapshot.assemble(endpoint: lab(1, expectedID: 1), time: 0, replies: conf)
        let wrong = MemberSnapshot.assemble(endpoint: lab(2, expectedID: 2), time: 0, replies: conf)
        h.append(EnsembleSnapshot(time: 0, members: [right, wrong]))
        let findings = detectServerIDs(h, nil, .defaults)
        #expect(Set(findings.map(\.code)) == [.duplicateServerID, .serverIDMismatch])
        #expect(findings.first { $0.code == .serverIDMismatch }?.members == [lab(2).address])
        #expect(findings.first { $0.code == .duplicateServerID }?.evidence["myid"] == "1")

        var healthy = SnapshotHistory()
        healthy.append(EnsembleSnapshot(time: 0, members: [right]))
        #expect(detectServerIDs(healthy, nil, .defaults).isEmpty)
    }
}

@Suite("Lists that only omit client addresses agree")
struct ConfigAgreementTests {
    @Test func missingClientPartIsNotAMismatch() throws {
        let bare = try edited("config-iv/zk1-conf.txt", ";127.0.0.1:2183", "")
        let round: [(Int, MemberReplies)] = [
            (1, try Capture.replies(srvr: "config-iv/zk1-srvr.txt", conf: "config-iv/zk1-conf.txt")),
            (2, try Capture.replies(srvr: "config-iv/zk2-srvr.txt")),
        ]
        var withBare = round
        withBare[1].1.conf = ProbeResult { try ConfReply.parse(bare) }
        #expect(detectConfigMismatch(history([withBare]), nil, .defaults).isEmpty)
    }
}

@Suite("config-mismatch: dynamic config versions")
struct ConfigVersionTests {
    private func round(versions: [Int: String], serverOf: [Int: String] = [:]) throws -> [(Int, MemberReplies)] {
        try versions.keys.sorted().map { n in
            var text = try Capture.text("config-iv/zk\(n == 3 ? 1 : n)-conf.txt")
            text = text.replacingOccurrences(of: "version=0", with: "version=\(versions[n]!)")
            if let replacement = serverOf[n] {
                text = text.replacingOccurrences(of: "server.3=127.0.0.1:2890:3890", with: replacement)
            }
            var replies = try Capture.replies(srvr: "config-iv/zk\(n)-srvr.txt")
            replies.conf = ProbeResult { try ConfReply.parse(text) }
            return (n, replies)
        }
    }

    @Test("same list, one member on an older version: a warning naming it")
    func versionsDiffer() throws {
        let findings = detectConfigMismatch(
            history([try round(versions: [1: "200000003", 2: "200000003", 3: "100000000"])]), nil, .defaults)
        #expect(findings.map(\.code) == [.configMismatch])
        #expect(findings.first?.severity == .warning)
        #expect(findings.first?.members == [lab(3).address])
        #expect(
            findings.first?.evidence["config_versions"]
                == "127.0.0.1:2181=200000003, 127.0.0.1:2182=200000003, 127.0.0.1:2183=100000000")
        #expect(
            detectConfigMismatch(
                history([try round(versions: [1: "100000000", 2: "100000000", 3: "100000000"])]), nil, .defaults
            ).isEmpty)
    }

    @Test("different lists: the versions are in the evidence")
    func listsAndVersionsDiffer() throws {
        let findings = detectConfigMismatch(
            history([
                try round(
                    versions: [1: "200000003", 2: "200000003", 3: "100000000"],
                    serverOf: [3: "server.3=127.0.0.1:2990:3890"])
            ]), nil, .defaults)
        #expect(findings.first?.severity == .critical)
        #expect(findings.first?.evidence["config_versions"]?.contains("127.0.0.1:2183=100000000") == true)
    }
}
