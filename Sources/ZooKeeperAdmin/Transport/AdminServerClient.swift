import NIOCore
import NIOPosix
import ZooKeeperTLS

/// An AdminServer endpoint zkscope may call.
///
/// Only read-only endpoints are representable: `stat_reset`, `connection_stat_reset`,
/// `set_trace_mask` and their aliases run on a plain GET, so the type has no way to name them.
public struct AdminCommand: Hashable, Sendable, CustomStringConvertible {
    /// The path segment after `/commands/`.
    public let name: String

    private init(_ name: String) { self.name = name }

    /// Looks a name up in the allow-list; nil for anything else, including every reset endpoint.
    public init?(name: String) {
        guard let known = AdminCommand.allowed.first(where: { $0.name == name }) else { return nil }
        self = known
    }

    /// `mntr` as JSON (HTTP 500 while LOOKING).
    public static let monitor = AdminCommand("monitor")
    /// The membership.
    public static let votingView = AdminCommand("voting_view")
    /// Zab phase, myid, last zxid (answers while LOOKING).
    public static let zabState = AdminCommand("zabstate")
    /// Who leads.
    public static let leader = AdminCommand("leader")
    /// The JSON `srvr`.
    public static let serverStats = AdminCommand("server_stats")
    /// Client connections with exact session ids.
    public static let connections = AdminCommand("connections")
    /// Sessions and ephemerals.
    public static let dump = AdminCommand("dump")
    /// Tree digests.
    public static let hash = AdminCommand("hash")
    /// The member's own settings.
    public static let configuration = AdminCommand("configuration")
    /// Versions and host.
    public static let environment = AdminCommand("environment")
    /// Read-only mode.
    public static let isReadOnly = AdminCommand("is_read_only")
    /// Watch counts.
    public static let watchSummary = AdminCommand("watch_summary")
    /// Last snapshot zxid and time.
    public static let lastSnapshot = AdminCommand("last_snapshot")
    /// Synced observers.
    public static let observers = AdminCommand("observers")

    /// Every endpoint the client can call.
    public static let allowed: [AdminCommand] = [
        .monitor, .votingView, .zabState, .leader, .serverStats, .connections, .dump, .hash,
        .configuration, .environment, .isReadOnly, .watchSummary, .lastSnapshot, .observers,
    ]

    /// The text shown to operators.
    public var description: String { name }
}

/// One HTTP reply from the AdminServer.
public struct AdminHTTPResponse: Hashable, Sendable {
    /// HTTP status code.
    public var status: Int
    /// Headers in order.
    public var headers: [(name: String, value: String)]
    /// The body, decoded as UTF-8 (repaired, never rejected).
    public var body: String
    /// Over HTTPS, the certificate the AdminServer presented; empty over HTTP. Not part of `==`.
    public var peerCertificates: [PeerCertificateSummary] = []

    /// Builds a response (tests).
    public init(status: Int, headers: [(name: String, value: String)], body: String) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first header with this name (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The body when the status is 200, else `httpStatus` (the 500 HTML page `monitor` gives while LOOKING).
    public func successBody() throws(ReplyFailure) -> String {
        guard status == 200 else { throw .httpStatus(status) }
        return body
    }

    /// Equal when every parsed part is equal.
    public static func == (lhs: AdminHTTPResponse, rhs: AdminHTTPResponse) -> Bool {
        lhs.status == rhs.status && lhs.body == rhs.body && lhs.headers.map(\.name) == rhs.headers.map(\.name)
            && lhs.headers.map(\.value) == rhs.headers.map(\.value)
    }

    /// Hashes the same parts `==` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(status)
        hasher.combine(body)
    }

    /// Parses raw HTTP/1.1 response bytes read to EOF: status line, headers, and a body framed by
    /// `Content-Length`, `Transfer-Encoding: chunked`, or the connection close.
    public static func parse(_ bytes: [UInt8]) throws(AdminServerError) -> AdminHTTPResponse {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let headerEnd = bytes.firstRange(of: separator) else {
            throw .badResponse("no header terminator; starts with \"\(ReplyClassifier.printable(bytes.prefix(40)))\"")
        }
        let headText = String(decoding: bytes[..<headerEnd.lowerBound], as: UTF8.self)
        var lines = headText.split(separator: "\r\n", omittingEmptySubsequences: false)
        guard !lines.isEmpty else { throw .badResponse("empty status line") }
        let statusLine = lines.removeFirst()
        let statusParts = statusLine.split(separator: " ", maxSplits: 2)
        guard statusParts.count >= 2, statusParts[0].hasPrefix("HTTP/"), let status = Int(statusParts[1]) else {
            throw .badResponse(ReplyClassifier.printable(statusLine.utf8.prefix(80)))
        }
        var headers: [(name: String, value: String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append(
                (String(line[..<colon]), String(line[line.index(after: colon)...].trimmingWhitespace())))
        }
        var body = Array(bytes[headerEnd.upperBound...])
        let response = AdminHTTPResponse(status: status, headers: headers, body: "")
        if response.header("Transfer-Encoding")?.lowercased().contains("chunked") == true {
            body = try dechunk(body)
        } else if let lengthText = response.header("Content-Length"), let length = Int(lengthText), length >= 0 {
            guard body.count >= length else { throw .badResponse("body shorter than Content-Length") }
            body = Array(body.prefix(length))
        }
        return AdminHTTPResponse(status: status, headers: headers, body: String(decoding: body, as: UTF8.self))
    }

    private static func dechunk(_ bytes: [UInt8]) throws(AdminServerError) -> [UInt8] {
        var output: [UInt8] = []
        var index = 0
        let crlf: [UInt8] = [13, 10]
        for _ in 0..<1_000_000 {
            guard let lineEnd = bytes[index...].firstRange(of: crlf) else { throw .badResponse("bad chunk header") }
            let sizeText = String(decoding: bytes[index..<lineEnd.lowerBound], as: UTF8.self)
            let sizeField = sizeText.split(separator: ";").first.map(String.init) ?? ""
            guard let size = Int(sizeField.trimmingWhitespaceString(), radix: 16), size >= 0 else {
                throw .badResponse("bad chunk size")
            }
            index = lineEnd.upperBound
            if size == 0 { return output }
            guard index + size <= bytes.count else { throw .badResponse("truncated chunk") }
            output.append(contentsOf: bytes[index..<(index + size)])
            index += size + 2
            guard index <= bytes.count else { throw .badResponse("truncated chunk") }
        }
        throw .badResponse("too many chunks")
    }
}

extension String {
    fileprivate func trimmingWhitespaceString() -> String { String(Substring(self).trimmingWhitespace()) }
}

/// Why an AdminServer request produced no HTTP response.
public enum AdminServerError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Nothing listens on the admin port (AdminServer disabled, or Debian's classpath lacks servlet-api.jar).
    case connectionRefused
    /// The host name does not resolve, so nothing was contacted.
    case hostNotFound(String)
    /// No complete response before the deadline.
    case timedOut
    /// The response grew past the cap (an endless stream: not ZooKeeper's AdminServer).
    case responseTooLarge(limit: Int)
    /// Bytes that are not an HTTP/1.x response.
    case badResponse(String)
    /// HTTPS failed in the TLS layer (or HTTPS was asked of a plain HTTP server).
    case tls(TLSFailure)
    /// Any other socket failure, with the system's words.
    case transport(String)

    /// The text shown to operators.
    public var description: String {
        switch self {
        case .connectionRefused: return "connection refused: nothing listens on the port"
        case .hostNotFound(let host): return "host \(host) does not resolve"
        case .timedOut: return "no answer within the deadline"
        case .responseTooLarge(let limit): return "endless response, cut at \(limit) bytes: not ZooKeeper's AdminServer"
        case .badResponse(let why): return "not an HTTP response: \(why)"
        case .tls(let failure): return failure.description
        case .transport(let message): return message
        }
    }
}

/// A minimal HTTP/1.1 client for the ZooKeeper AdminServer (`http://host:port/commands/<name>`).
///
/// One request per connection (`Connection: close`), the whole exchange under one deadline,
/// the response capped in size. No new dependency: it reuses the four-letter-word read-to-EOF handler.
public enum AdminServerClient {
    /// Default cap: `monitor` is ~22 KB; `dump`/`connections` on a busy member can be larger.
    public static let defaultResponseLimit = 8 * 1024 * 1024

    /// The exact request bytes for a command; exposed so tests can check nothing else is sent.
    public static func requestText(for command: AdminCommand, host: String, port: Int) -> String {
        let hostHeader = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        return "GET /commands/\(command.name) HTTP/1.1\r\nHost: \(hostHeader)\r\nAccept: application/json\r\n"
            + "User-Agent: zkscope\r\nConnection: close\r\n\r\n"
    }

    /// Sends one GET and returns the parsed response (any status; callers decide what a 500 means).
    ///
    /// With `tls` the request goes over HTTPS: an AdminServer with `admin.forceHttps=true` (and the `ssl.*`
    /// keystore) speaks nothing else. The response then carries the certificate the server presented.
    public static func get(
        _ command: AdminCommand,
        host: String,
        port: Int,
        timeout: Duration = .seconds(2),
        responseLimit: Int = defaultResponseLimit,
        tls: TLSSettings? = nil,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws(AdminServerError) -> AdminHTTPResponse {
        let result: ExchangeResult
        do {
            result = try await PlainExchange.run(
                request: requestText(for: command, host: host, port: port), host: host, port: port,
                timeout: timeout, limit: responseLimit, tls: tls, group: group)
        } catch {
            switch error {
            case .replyTooLarge(let limit): throw .responseTooLarge(limit: limit)
            case .timedOut: throw .timedOut
            case .connectionRefused: throw .connectionRefused
            case .hostNotFound(let host): throw .hostNotFound(host)
            case .notZooKeeper(let why): throw .badResponse(why)
            case .tls(let failure): throw .tls(failure)
            case .transport(let message): throw .transport(message)
            }
        }
        var response = try AdminHTTPResponse.parse(result.bytes)
        response.peerCertificates = result.peerCertificates
        return response
    }
}
