/// The reply to `conf`: `key=value` settings, then `membership: ` and the server lines, then `version=`.
///
/// Only the membership of a serving member can be read from outside, so this is where
/// config-list mismatches between members become visible.
public struct ConfReply: Hashable, Sendable {
    /// Every `key=value` line before `membership:`, in order.
    public var settings: [(key: String, value: String)]
    /// The server lines after `membership: `; empty for standalone.
    public var membership: [ServerSpec]
    /// The raw server lines, for naming the differing lines in a finding.
    public var membershipLines: [String]
    /// `version=` after the membership (hex; 0 unless dynamic reconfig is on).
    public var configVersion: Int64?

    /// Builds a value (tests).
    public init(
        settings: [(key: String, value: String)] = [], membership: [ServerSpec] = [],
        membershipLines: [String] = [], configVersion: Int64? = nil
    ) {
        self.settings = settings
        self.membership = membership
        self.membershipLines = membershipLines
        self.configVersion = configVersion
    }

    /// The first value of a setting.
    public func setting(_ key: String) -> String? { settings.first { $0.key == key }?.value }

    /// `serverId=` (0 on standalone).
    public var serverID: Int? { setting("serverId").flatMap { Int($0) } }
    /// `clientPort=`.
    public var clientPort: Int? { setting("clientPort").flatMap { Int($0) } }
    /// `maxClientCnxns=` (per client IP; 0 means unlimited).
    public var maxClientConnections: Int? { setting("maxClientCnxns").flatMap { Int($0) } }

    /// Parses `conf`; the trailing space after `membership:` and a missing final newline are both fine.
    public static func parse(_ text: String) throws(ReplyFailure) -> ConfReply {
        try ReplyClassifier.check(text)
        var reply = ConfReply()
        var inMembership = false
        for rawLine in ReplyClassifier.lines(text) {
            let line = rawLine.trimmingWhitespace()
            if line.isEmpty { continue }
            if line == "membership:" {
                inMembership = true
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { throw .malformed(line: String(line)) }
            let key = String(line[..<equals])
            let value = String(line[line.index(after: equals)...])
            if inMembership {
                if key.hasPrefix("server.") {
                    guard let spec = try? ServerSpec.parse(key: key, value: value) else {
                        throw .malformed(line: String(line))
                    }
                    reply.membership.append(spec)
                    reply.membershipLines.append(String(line))
                } else if key == "version" {
                    reply.configVersion = Zxid(hex: value)?.rawValue
                }
            } else {
                reply.settings.append((key: key, value: value))
            }
        }
        guard !reply.settings.isEmpty || !reply.membership.isEmpty else {
            throw .malformed(line: String(ReplyClassifier.lines(text).first ?? ""))
        }
        return reply
    }

    /// Equal when every parsed part is equal.
    public static func == (lhs: ConfReply, rhs: ConfReply) -> Bool {
        lhs.settings.map(\.key) == rhs.settings.map(\.key) && lhs.settings.map(\.value) == rhs.settings.map(\.value)
            && lhs.membership == rhs.membership && lhs.membershipLines == rhs.membershipLines
            && lhs.configVersion == rhs.configVersion
    }

    /// Hashes the same parts `==` compares.
    public func hash(into hasher: inout Hasher) {
        for setting in settings {
            hasher.combine(setting.key)
            hasher.combine(setting.value)
        }
        hasher.combine(membership)
        hasher.combine(configVersion)
    }
}
