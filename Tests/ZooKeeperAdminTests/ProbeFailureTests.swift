import Foundation
import TestSupport
import Testing

@testable import ZooKeeperAdmin

/// Each way a probe can fail names its own cause, so an operator knows the fix: a refused port, a host that
/// does not resolve, a port that answers with something that is not ZooKeeper's, an endless reply, a server that
/// never answers. Driven against the fake four-letter-word and AdminServer servers on loopback, each bounded in
/// time.
@Suite("Probe failures name their cause", .serialized)
struct ProbeFailureTests {
    /// A name under `.invalid` never resolves (RFC 6761).
    static let unresolvable = "zkscope-test.invalid"
    /// Bytes a TLS-only port sends back to plaintext: an alert record.
    static let tlsAlert: [UInt8] = [0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x50]

    /// Sends `word` and returns its error (nil when it succeeded), checking the whole call took under `bound`.
    static func failure(
        _ word: FourLetterWord = .srvr, host: String = "127.0.0.1", port: Int, timeout: Duration = .seconds(5),
        replyLimit: Int = FourLetterWordClient.defaultReplyLimit, bound: Duration = .seconds(60)
    ) async -> FourLetterWordError? {
        let started = ContinuousClock.now
        defer { #expect(ContinuousClock.now - started < bound, "the probe outlived its bound") }
        do {
            _ = try await FourLetterWordClient.send(
                word, host: host, port: port, timeout: timeout, replyLimit: replyLimit)
            return nil
        } catch {
            return error
        }
    }

    @Test func fakeAnswersLikeZooKeeper() async throws {
        let fake = try await FakeFourLetterServer(
            .zooKeeper(replies: ["srvr": try Fixture.text("4lw/leader-srvr.txt")]))
        defer { Task { await fake.stop() } }
        let text = try await FourLetterWordClient.send(.srvr, host: "127.0.0.1", port: fake.port, timeout: .seconds(5))
        #expect(try ServerStatsReply.parse(text).mode == .leader)
        #expect(fake.words == ["srvr"])
    }

    @Test func refusedPort() async throws {
        let refusing = try RefusingPort()
        let error = await Self.failure(port: refusing.port)
        withExtendedLifetime(refusing) {}  // held until the probe is done
        #expect(error == .connectionRefused)
        #expect(error?.description == "connection refused: nothing listens on the port")
    }

    @Test func unresolvableHost() async throws {
        let error = await Self.failure(host: Self.unresolvable, port: 2181)
        #expect(error == .hostNotFound(Self.unresolvable))
        #expect(error?.description == "host \(Self.unresolvable) does not resolve")
    }

    @Test func binaryReplyIsNotZooKeepers() async throws {
        let fake = try await FakeFourLetterServer(.raw(Self.tlsAlert))
        defer { Task { await fake.stop() } }
        let error = await Self.failure(port: fake.port)
        #expect(error == .notZooKeeper("binary data: 15 03 03 00 02 02 50"))
        // Any word, not only srvr: ZooKeeper never sends a NUL or invalid UTF-8.
        let garbage: [UInt8] = [0xFF, 0xFE, 0x41, 0x00, 0x42]
        let other = try await FakeFourLetterServer(.raw(garbage))
        defer { Task { await other.stop() } }
        guard case .notZooKeeper(let why)? = await Self.failure(.mntr, port: other.port) else {
            Issue.record("garbage to mntr was not reported as foreign")
            return
        }
        #expect(why.hasPrefix("binary data: FF FE 41 00 42"))
    }

    @Test func foreignTextToSrvrIsNotZooKeepers() async throws {
        // An SSH or HTTP server on the port answers with text, but never with srvr's header.
        let fake = try await FakeFourLetterServer(.raw(Array("SSH-2.0-OpenSSH_9.2p1\r\n\u{1b}[2J".utf8)))
        defer { Task { await fake.stop() } }
        let error = await Self.failure(port: fake.port)
        #expect(error == .notZooKeeper("starts with \"SSH-2.0-OpenSSH_9.2p1\\x0D\\x0A\\x1B[2J\""))
        // The quoted bytes cannot carry an escape sequence to whoever prints the message.
        #expect(!(error?.description.contains("\u{1b}") ?? true))
    }

    @Test func zooKeepersOwnRefusalsAreNotForeign() async throws {
        for reply in [
            "", ReplyClassifier.notServingText + "\n", "srvr is not executed because it is not in the whitelist.\n",
        ] {
            let fake = try await FakeFourLetterServer(.zooKeeper(replies: ["srvr": reply]))
            defer { Task { await fake.stop() } }
            let text = try await FourLetterWordClient.send(
                .srvr, host: "127.0.0.1", port: fake.port, timeout: .seconds(5))
            #expect(text == reply)
        }
    }

    @Test func latin1TextIsStillZooKeepersButNotAsSrvr() async throws {
        // A JVM with a Latin-1 default charset writes é as one byte: envi is still ZooKeeper's reply.
        let envi = Array("Environment:\nuser.dir=/home/caf".utf8) + [0xE9] + Array("\n".utf8)
        let fake = try await FakeFourLetterServer(.raw(envi))
        defer { Task { await fake.stop() } }
        let text = try await FourLetterWordClient.send(.envi, host: "127.0.0.1", port: fake.port, timeout: .seconds(5))
        #expect(text.hasPrefix("Environment:"))
        // The same bytes to srvr lack its header; bytes that are not UTF-8 are quoted in hex.
        let foreign = try await FakeFourLetterServer(.raw([0xFF, 0xFE, 0x41]))
        defer { Task { await foreign.stop() } }
        #expect(await Self.failure(port: foreign.port) == .notZooKeeper("binary data: FF FE 41"))
    }

    @Test func endlessReplyIsCut() async throws {
        let fake = try await FakeFourLetterServer(.endless(chunk: Array(repeating: 0x41, count: 4096)))
        defer { Task { await fake.stop() } }
        let error = await Self.failure(.mntr, port: fake.port, timeout: .seconds(30), replyLimit: 256 * 1024)
        #expect(error == .replyTooLarge(limit: 256 * 1024))
        #expect(error?.description == "endless reply, cut at 262144 bytes: not a ZooKeeper reply")
    }

    @Test func endlessForeignStreamIsNamedAtOnce() async throws {
        // A foreign service that streams without end is named from its first bytes, not after 8 MiB or the
        // deadline: binary data to any word, foreign text to srvr.
        let binary = try await FakeFourLetterServer(.endless(chunk: Self.tlsAlert + Array(repeating: 0, count: 4089)))
        defer { Task { await binary.stop() } }
        let started = ContinuousClock.now
        let garbage = await Self.failure(.mntr, port: binary.port, timeout: .seconds(30))
        #expect(garbage == .notZooKeeper("binary data: 15 03 03 00 02 02 50 00 …"))
        let text = try await FakeFourLetterServer(.endless(chunk: Array("HTTP/1.1 400 Bad Request\r\n".utf8)))
        defer { Task { await text.stop() } }
        guard case .notZooKeeper(let why)? = await Self.failure(port: text.port, timeout: .seconds(30)) else {
            Issue.record("an endless HTTP error to srvr was not named as foreign")
            return
        }
        #expect(why.hasPrefix("starts with \"HTTP/1.1 400 Bad Request"), "\(why)")
        #expect(ContinuousClock.now - started < .seconds(25), "waited for the deadline instead")
    }

    @Test func hungServerHitsTheDeadline() async throws {
        let fake = try await FakeFourLetterServer(.silent)
        defer { Task { await fake.stop() } }
        let started = ContinuousClock.now
        let error = await Self.failure(port: fake.port, timeout: .milliseconds(300))
        #expect(error == .timedOut)
        #expect(error?.description == "no answer within the deadline")
        // The deadline holds: the fake never answers nor closes, so only the deadline ends the call (the bound
        // is a loaded machine's margin, two cores shared by parallel suites).
        #expect(ContinuousClock.now - started < .seconds(60))
    }

    @Test func everyCauseHasItsOwnWords() {
        let causes: [FourLetterWordError] = [
            .connectionRefused, .hostNotFound("zk9"), .timedOut, .replyTooLarge(limit: 1024),
            .notZooKeeper("binary data: 15 03"), .transport("EHOSTUNREACH"),
        ]
        #expect(Set(causes.map(\.description)).count == causes.count)
        let admin: [AdminServerError] = [
            .connectionRefused, .hostNotFound("zk9"), .timedOut, .responseTooLarge(limit: 1024),
            .badResponse("x"), .transport("EHOSTUNREACH"),
        ]
        #expect(Set(admin.map(\.description)).count == admin.count)
    }

    @Test func confWithControlCharactersIsZooKeepers() async throws {
        // A conf with a control character is still ZooKeeper's reply: it reaches the parser.
        let conf = try Fixture.text("4lw/leader-conf.txt").replacingOccurrences(of: "dataDir=", with: "dataDir=\u{1b}")
        let fake = try await FakeFourLetterServer(.zooKeeper(replies: ["conf": conf]))
        defer { Task { await fake.stop() } }
        let text = try await FourLetterWordClient.send(.conf, host: "127.0.0.1", port: fake.port, timeout: .seconds(5))
        #expect(text == conf)
    }
}

/// The same causes through the AdminServer client, against the fake AdminServer.
@Suite("AdminServer failures name their cause", .serialized)
struct AdminServerFailureTests {
    static func failure(
        host: String = "127.0.0.1", port: Int, timeout: Duration = .seconds(5), limit: Int = 8 * 1024 * 1024
    ) async -> AdminServerError? {
        let started = ContinuousClock.now
        defer { #expect(ContinuousClock.now - started < .seconds(60), "the request outlived its bound") }
        do {
            _ = try await AdminServerClient.get(
                .monitor, host: host, port: port, timeout: timeout, responseLimit: limit)
            return nil
        } catch {
            return error
        }
    }

    @Test func fakeAnswersLikeTheAdminServer() async throws {
        let fake = try await FakeAdminServer(
            .adminServer(bodies: ["zabstate": try Fixture.text("admin/leader-zabstate.json")]))
        defer { Task { await fake.stop() } }
        let response = try await AdminServerClient.get(
            .zabState, host: "127.0.0.1", port: fake.port, timeout: .seconds(5))
        #expect(try ZabStateReply.parse(try response.successBody()).phase == "broadcast")
        let missing = try await AdminServerClient.get(
            .monitor, host: "127.0.0.1", port: fake.port, timeout: .seconds(5))
        #expect(missing.status == 404)
    }

    @Test func eachFailureHasItsOwnCause() async throws {
        var reasons: [String] = []

        let refusing = try RefusingPort()
        let refused = await Self.failure(port: refusing.port)
        withExtendedLifetime(refusing) {}  // held until the request is done
        #expect(refused == .connectionRefused)
        reasons.append(refused?.description ?? "")

        let unresolvable = await Self.failure(host: ProbeFailureTests.unresolvable, port: 8080)
        #expect(unresolvable == .hostNotFound(ProbeFailureTests.unresolvable))
        reasons.append(unresolvable?.description ?? "")

        let binary = try await FakeAdminServer(.raw(ProbeFailureTests.tlsAlert))
        defer { Task { await binary.stop() } }
        let garbage = await Self.failure(port: binary.port)
        #expect(garbage == .badResponse("no header terminator; starts with \"\\x15\\x03\\x03\\x00\\x02\\x02P\""))
        reasons.append(garbage?.description ?? "")

        let streaming = try await FakeAdminServer(.endless(chunk: Array(repeating: 0x41, count: 4096)))
        defer { Task { await streaming.stop() } }
        let endless = await Self.failure(port: streaming.port, timeout: .seconds(30), limit: 64 * 1024)
        #expect(endless == .responseTooLarge(limit: 64 * 1024))
        reasons.append(endless?.description ?? "")

        let hung = try await FakeAdminServer(.silent)
        defer { Task { await hung.stop() } }
        let timedOut = await Self.failure(port: hung.port, timeout: .milliseconds(300))
        #expect(timedOut == .timedOut)
        reasons.append(timedOut?.description ?? "")

        #expect(Set(reasons).count == 5, "\(reasons)")
    }
}
