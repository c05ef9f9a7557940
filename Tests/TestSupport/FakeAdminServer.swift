/// A fake ZooKeeper AdminServer: `GET /commands/NAME` gets the canned JSON for NAME in an HTTP/1.1 200 reply
/// (404 for an unknown command), or the fake misbehaves the way a port that is not an AdminServer does.
public struct FakeAdminServer: Sendable {
    /// What the fake does with every request.
    public enum Mode: Sendable {
        /// Answers `/commands/NAME` with `bodies[NAME]` as JSON.
        case adminServer(bodies: [String: String])
        /// Answers every request with these bytes, whatever they are.
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
            guard request.contains("\r\n\r\n") else { return nil }  // the whole request head first
            switch mode {
            case .adminServer(let bodies):
                let path = request.split(separator: " ").dropFirst().first.map(String.init) ?? ""
                let name = path.hasPrefix("/commands/") ? String(path.dropFirst("/commands/".count)) : ""
                guard let body = bodies[name] else { return .reply(Self.http(404, "Not Found", body: "")) }
                return .reply(Self.http(200, "OK", body: body))
            case .raw(let bytes): return .reply(bytes)
            case .endless(let chunk): return .endless(chunk: chunk, limit: 64 * 1024 * 1024)
            case .silent: return .silent
            }
        }
    }

    /// An HTTP/1.1 response the way Jetty frames the AdminServer's.
    public static func http(_ status: Int, _ reason: String, body: String) -> [UInt8] {
        let head =
            "HTTP/1.1 \(status) \(reason)\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(body.utf8.count)\r\nServer: Jetty(9.4.57.v20241219)\r\n\r\n"
        return Array((head + body).utf8)
    }

    /// The port to send requests to.
    public var port: Int { server.port }
    /// The requests received, in order.
    public var requests: [String] { server.received }

    /// Stops the fake and closes its connections.
    public func stop() async { await server.stop() }
}
