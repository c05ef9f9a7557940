/// ACL permission bits (`ZooDefs.Perms`).
public struct Perms: OptionSet, Hashable, Sendable {
    /// The wire bits.
    public var rawValue: Int32
    /// Wraps wire bits.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// Read data and list children.
    public static let read = Perms(rawValue: 1 << 0)
    /// Set data.
    public static let write = Perms(rawValue: 1 << 1)
    /// Create children.
    public static let create = Perms(rawValue: 1 << 2)
    /// Delete children.
    public static let delete = Perms(rawValue: 1 << 3)
    /// Set the ACL.
    public static let admin = Perms(rawValue: 1 << 4)
    /// Everything.
    public static let all: Perms = [.read, .write, .create, .delete, .admin]
}
