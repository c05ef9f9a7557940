/// The reply to `envi`: `Environment:` then `key=value` lines (versions, host, JVM, memory).
///
/// Read once per member: it answers even while LOOKING, so it identifies a member that serves nothing else.
public struct EnvironmentReply: Hashable, Sendable {
    /// Every property.
    public var properties: [String: String]

    /// Wraps parsed properties.
    public init(properties: [String: String]) { self.properties = properties }

    /// The version from `zookeeper.version`.
    public var zooKeeperVersion: ZooKeeperVersion? {
        properties["zookeeper.version"].flatMap { ZooKeeperVersion(parsing: $0) }
    }
    /// `host.name`.
    public var hostName: String? { properties["host.name"] }
    /// `java.version`.
    public var javaVersion: String? { properties["java.version"] }
    /// `user.dir`/`java.class.path` and friends stay reachable through `properties`.
    public var maxMemory: String? { properties["os.memory.max"] }

    /// Parses `envi`.
    public static func parse(_ text: String) throws(ReplyFailure) -> EnvironmentReply {
        try ReplyClassifier.check(text)
        var properties: [String: String] = [:]
        for rawLine in ReplyClassifier.lines(text) {
            let line = rawLine.trimmingWhitespace()
            if line.isEmpty || line == "Environment:" { continue }
            guard let equals = line.firstIndex(of: "=") else { continue }
            properties[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        guard !properties.isEmpty else { throw .malformed(line: String(ReplyClassifier.lines(text).first ?? "")) }
        return EnvironmentReply(properties: properties)
    }
}
