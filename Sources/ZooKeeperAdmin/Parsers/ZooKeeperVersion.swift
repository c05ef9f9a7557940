/// The server's version, taken from the leading `^(\d+\.\d+\.\d+)` of its version string.
///
/// Debian's build reports `3.8.0-${mvngit.commit.id}, built on …` (the Maven placeholder was
/// never expanded), so only the numeric prefix is trusted; `raw` keeps the whole string.
public struct ZooKeeperVersion: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// Major version.
    public let major: Int
    /// Minor version.
    public let minor: Int
    /// Patch version.
    public let patch: Int
    /// The full string as the server sent it.
    public let raw: String

    /// Returns nil when the text does not start with three dot-separated numbers.
    public init?(parsing text: some StringProtocol) {
        let trimmed = Substring(text).trimmingWhitespace()
        var numbers: [Int] = []
        var current = ""
        for character in trimmed {
            if character.isASCII, character.isNumber {
                current.append(character)
                guard current.count <= 9 else { return nil }
            } else if character == ".", numbers.count < 2, !current.isEmpty {
                numbers.append(Int(current) ?? 0)
                current = ""
            } else {
                break
            }
        }
        guard numbers.count == 2, !current.isEmpty, let last = Int(current) else { return nil }
        self.major = numbers[0]
        self.minor = numbers[1]
        self.patch = last
        self.raw = String(trimmed)
    }

    /// `major.minor.patch`.
    public var description: String { "\(major).\(minor).\(patch)" }

    /// Orders values so lists sort stably.
    public static func < (lhs: ZooKeeperVersion, rhs: ZooKeeperVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
    }

    /// Equal when every parsed part is equal.
    public static func == (lhs: ZooKeeperVersion, rhs: ZooKeeperVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.patch, lhs.raw) == (rhs.major, rhs.minor, rhs.patch, rhs.raw)
    }

    /// Hashes the same parts `==` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(major)
        hasher.combine(minor)
        hasher.combine(patch)
        hasher.combine(raw)
    }
}
