import Foundation
import TestSupport
import Testing

@testable import ZooKeeperAdmin

@Suite("Bad input never crashes a parser")
struct RobustnessTests {
    static let captures = [
        "4lw/leader-srvr.txt", "4lw/leader-stat.txt", "4lw/leader-mntr.txt", "4lw/leader-conf.txt",
        "4lw/leader-cons.txt", "4lw/leader-dump.txt", "4lw/follower-dump.txt", "4lw/leader-hash.txt",
        "4lw/leader-envi.txt", "4lw/leader-wchs.txt", "admin/leader-monitor.json", "admin/leader-dump.json",
        "admin/leader-voting_view.json", "admin/leader-zabstate.json", "admin/leader-hash.json",
        "admin/leader-server_stats.json", "admin/leader-connections.json",
    ]

    /// Runs every parser on the text; only the absence of a crash (and termination) is checked here.
    private func runAll(_ text: String) {
        _ = try? ServerStatsReply.parse(text)
        _ = try? MonitorReply.parse(text)
        _ = try? ConfReply.parse(text)
        _ = try? ConsReply.parse(text)
        _ = try? DumpReply.parse(text)
        _ = try? HashReply.parse(text)
        _ = try? EnvironmentReply.parse(text)
        _ = try? ReadOnlyReply.parse(text)
        _ = try? WatchSummaryReply.parse(text)
        _ = try? MonitorReply.parseAdmin(text)
        _ = try? VotingViewReply.parse(text)
        _ = try? ZabStateReply.parse(text)
        _ = try? LeaderReply.parse(text)
        _ = try? DumpReply.parseAdmin(text)
        _ = try? HashReply.parseAdmin(text)
        _ = try? AdminServerStatsReply.parse(text)
        _ = try? AdminConnectionsReply.parse(text)
        _ = try? AdminHTTPResponse.parse(Array(text.utf8))
    }

    @Test("every capture, cut at many points, through every parser")
    func truncations() throws {
        for path in Self.captures {
            let text = try Fixture.text(path)
            let bytes = Array(text.utf8)
            let step = max(1, bytes.count / 20)
            for cut in stride(from: 0, through: bytes.count, by: step) {
                runAll(String(decoding: bytes[..<cut], as: UTF8.self))
            }
        }
    }

    @Test("pseudo-random bytes and hostile shapes")
    func garbage() {
        var generator = SeededGenerator(seed: 0x5eed)
        let alphabet = Array("0x:=\t\n ()[]{},;/\"-.abcdefzk_serverMode123456789".utf8)
        for _ in 0..<300 {
            let length = Int(generator.next() % 300)
            let bytes = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            runAll(String(decoding: bytes, as: UTF8.self))
        }
        runAll(String(repeating: "server.1=", count: 1000))
        runAll("Zxid: 0x" + String(repeating: "f", count: 40))
        runAll("membership: \nserver.99999999999999999999=a:1:2\n")
        runAll("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\n")
        runAll("HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n{}")
    }

    @Test func standaloneDumpHasNoSessions() throws {
        let reply = try DumpReply.parse(try Fixture.text("4lw/standalone-dump.txt"))
        #expect(reply.sessions.isEmpty)
        #expect(reply.ephemeralsBySession.isEmpty)
    }
}
