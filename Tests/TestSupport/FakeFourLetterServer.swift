/// A fake ZooKeeper client port for four-letter words: answers each word with its canned reply (real
/// ZooKeeper 3.8 captures by default), or misbehaves the way a port that is not ZooKeeper's does.
///
/// ZooKeeper reads the four bytes, writes the whole reply and closes the connection; the fake does the same.
public struct FakeFourLetterServer: Sendable {
    /// What the fake does with every word.
    public enum Mode: Sendable {
        /// Answers each word with `replies[word]`, and an unknown word with nothing (as ZooKeeper does).
        case zooKeeper(replies: [String: String])
        /// Answers every word with these bytes.
        case raw([UInt8])
        /// Streams `chunk` without end (bounded at 64 MiB).
        case endless(chunk: [UInt8])
        /// Never answers.
        case silent
    }

    /// The loopback server under the fake.
    public let server: FakeTCPServer

    /// Starts the fake on a free loopback port.
    public init(_ mode: Mode) async throws {
        server = try await FakeTCPServer { request in
            guard request.utf8.count >= 4 else { return nil }
            let word = String(request.prefix(4))
            switch mode {
            case .zooKeeper(let replies): return .reply(Array((replies[word] ?? "").utf8))
            case .raw(let bytes): return .reply(bytes)
            case .endless(let chunk): return .endless(chunk: chunk, limit: 64 * 1024 * 1024)
            case .silent: return .silent
            }
        }
    }

    /// The port to send words to.
    public var port: Int { server.port }
    /// The words received, in order.
    public var words: [String] { server.received }

    /// Stops the fake and closes its connections.
    public func stop() async { await server.stop() }
}
