/// Where `serve` listens: `--listen HOST:PORT` (`[v6]:PORT` for an IPv6 literal). Only this address is bound;
/// the default is loopback, so nothing is exposed unless asked.
public struct ListenAddress: Hashable, Sendable, CustomStringConvertible {
    /// Host name or address literal.
    public var host: String
    /// TCP port; 0 asks the kernel for a free one (tests).
    public var port: Int

    /// The default, `127.0.0.1:9464` (Prometheus' registry lists 9464 for exporters of this kind).
    public static let `default` = ListenAddress(host: "127.0.0.1", port: 9464)

    /// An address.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT`; nil when there is no port, it is not 0...65535, or the host is empty.
    public init?(parsing text: String) {
        let host: Substring
        let port: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                return nil
            }
            host = text[text.index(after: text.startIndex)..<close]
            port = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") else { return nil }
            host = text[..<colon]
            port = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, let number = Int(port), (0...65535).contains(number) else { return nil }
        self.init(host: String(host), port: number)
    }

    /// `HOST:PORT`, IPv6 literals bracketed.
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
