import Foundation
import TestSupport
import Testing
import ZooKeeperLab

/// Nothing from outside reaches the terminal raw through the commands: a server's `Mode:` line, an
/// AdminServer body, a zoo.cfg line, a `--servers` value or a path argument holding escape sequences come
/// out sanitized (`^[`, `<U+009B>`) in text and `\u` escaped in JSON, on stdout and stderr alike.
@Suite(.serialized)
struct CommandEscapeTests {
    /// OSC retitle + BEL, SGR red, and a C1 CSI (U+009B) that some terminals obey in UTF-8.
    static let hostile = "\u{1B}]0;owned\u{07}\u{1B}[31mleader\u{9B}2J"

    /// Scalars a terminal would act on: C0 controls but newline, DEL, C1.
    static func rawControls(_ text: String) -> [String] {
        text.unicodeScalars.filter { scalar in
            let value = scalar.value
            return (value < 0x20 && value != 0x0A) || (0x7F...0x9F).contains(value)
        }.map { String(format: "U+%04X", $0.value) }
    }

    /// A member whose `srvr` says `Mode: <hostile>`, whose other words are refused by the whitelist, and
    /// whose AdminServer port answers a garbage body full of escapes.
    static func hostileServer() async throws -> FakeTCPServer {
        try await FakeTCPServer { request in
            if request.hasPrefix("GET ") || request.hasPrefix("POST") {
                guard request.contains("\r\n\r\n") else { return nil }  // the whole request head first
                let body = "\u{1B}[2J\u{1B}]0;admin\u{07}not json \u{9B}6n"
                return .reply(
                    Array(
                        ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n"
                            + "Connection: close\r\n\r\n" + body).utf8))
            }
            guard request.utf8.count >= 4 else { return nil }
            let word = String(request.prefix(4))
            if word == "srvr" {
                return .reply(
                    Array(
                        ("Zookeeper version: 3.8.0-abc, built on 2024-12-29 17:54 UTC\nLatency min/avg/max: 0/0.0/0\n"
                            + "Received: 9\nSent: 8\nConnections: 1\nOutstanding: 0\nZxid: 0x0\nMode: \(hostile)\n"
                            + "Node count: 5\n").utf8))
            }
            return .reply(Array("\(word) is not executed because it is not in the whitelist.\n".utf8))
        }
    }

    @Test func checkTextAndJSONAndFollowShowAHostileServerSanitized() async throws {
        let fake = try await Self.hostileServer()
        let admin = try await Self.hostileServer()
        let servers = "127.0.0.1:\(fake.port)@\(admin.port)"
        let common = ["check", "--servers", servers, "--interval", "0.3", "--window", "0"]

        let text = try await ZKScopeExecutable.run(common, timeout: .seconds(60))
        #expect(Self.rawControls(text.stdout + text.stderr).isEmpty, "\(Self.rawControls(text.stdout)) in \(text)")
        #expect(
            text.stdout.contains("^[]0;owned^G^[[31mleader<U+009B>2j"), "the mode never reached the output: \(text)")
        #expect(text.stdout.contains("unparsable reply near: ^[[2J^[]0;admin^Gnot json <U+009B>6n"), "\(text)")
        #expect(fake.received.contains("srvr"))
        #expect(admin.received.contains { $0.hasPrefix("GET ") }, "the AdminServer was never asked")

        let json = try await ZKScopeExecutable.run(common + ["--json"], timeout: .seconds(60))
        #expect(Self.rawControls(json.stdout + json.stderr).isEmpty, "\(json)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let members = try #require(object["members"] as? [[String: Any]])
        // The role is the mode lowercased (srvr's parser), otherwise exact: JSON escapes, it does not rewrite.
        #expect(members.first?["role"] as? String == Self.hostile.lowercased(), "\(json.stdout)")

        // --follow runs until stopped: the role change and findings it prints within a few seconds.
        let follow = try await ZKScopeExecutable.run(common + ["--follow"], timeout: .seconds(4))
        #expect(!follow.stdout.isEmpty, "\(follow)")
        #expect(Self.rawControls(follow.stdout + follow.stderr).isEmpty, "\(follow)")
        await fake.stop()
        await admin.stop()
    }

    @Test func configAndArgumentErrorsAreSanitized() async throws {
        let work = try WitnessRunner.makeWorkDirectory(prefix: "zkscope-escape-cfg")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let config = work + "/zoo.cfg"
        try Data("tickTime=2000\n\u{1B}]0;owned\u{07}\u{1B}[31mgarbage\u{9B}2J\n".utf8).write(
            to: URL(fileURLWithPath: config))

        let cases: [(arguments: [String], status: Int32)] = [
            (["check", "--config", config], 3),
            (["tree", "--config", config], 64),
            (["check", "--servers", "\u{1B}[31mbad host\u{9B}2J"], 64),
            (["dashboard", "--servers", "\u{1B}[31mbad host"], 64),
            (["tree", "--servers", "127.0.0.1:\u{1B}[31m"], 64),
            (["tree", "no-slash\u{1B}[31m\u{9B}2J"], 64),
            (["check", "--\u{1B}[31mbogus"], 64),
        ]
        for (arguments, status) in cases {
            let run = try await ZKScopeExecutable.run(arguments, timeout: .seconds(60))
            #expect(run.exitCode == status, "\(arguments): \(run)")
            #expect(!run.stderr.isEmpty, "\(arguments): no message")
            #expect(Self.rawControls(run.stdout + run.stderr).isEmpty, "\(arguments): \(run)")
        }
    }
}
