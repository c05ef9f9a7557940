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
    ///
    /// Control characters never make the reply unreadable: a value may hold a line break (a `\n` escape in
    /// zoo.cfg reaches `conf` as a real one), so a line without `=` continues the line before it, and a server
    /// line that still does not parse is left out of ``membership`` (the member then lacks that server, which
    /// the mismatch check reports) instead of hiding the whole list. Values stay raw, so they compare raw;
    /// ``membershipLines`` are for display and have their control characters escaped.
    public static func parse(_ text: String) throws(ReplyFailure) -> ConfReply {
        try ReplyClassifier.check(text)
        var reply = ConfReply()
        var inMembership = false
        for line in logicalLines(text) {
            if line == "membership:" {
                inMembership = true
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { throw .malformed(line: DisplayText.escaped(line)) }
            let key = String(line[..<equals])
            let value = String(line[line.index(after: equals)...])
            if inMembership {
                if key.hasPrefix("server.") {
                    if let spec = try? ServerSpec.parse(key: key, value: value) { reply.membership.append(spec) }
                    reply.membershipLines.append(DisplayText.escaped(line))
                } else if key == "version" {
                    reply.configVersion = Zxid(hex: value)?.rawValue
                }
            } else {
                reply.settings.append((key: key, value: value))
            }
        }
        guard !reply.settings.isEmpty || !reply.membership.isEmpty else {
            throw .malformed(line: DisplayText.escaped(String(ReplyClassifier.lines(text).first ?? "")))
        }
        return reply
    }

    /// The reply's `key=value` lines and the `membership:` marker, each line that has no `=` joined (with the
    /// line break it stood for) to the line before it; the first line must have one.
    static func logicalLines(_ text: String) -> [String] {
        var lines: [String] = []
        for rawLine in ReplyClassifier.lines(text) {
            let line = rawLine.trimmingWhitespace()
            if line.isEmpty { continue }
            if line == "membership:" || line.contains("=") || lines.isEmpty || lines.last == "membership:" {
                lines.append(String(line))
            } else {
                lines[lines.count - 1] += "\n" + line
            }
        }
        return lines
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
