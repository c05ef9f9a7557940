import TUIKit
import ZooKeeperJute

/// What kind of znode a stat and name describe: the tree marks each kind with its own colour and badge.
///
/// ZooKeeper encodes container and TTL nodes in `ephemeralOwner`: `Long.MIN_VALUE` for a container, the top
/// byte `0xFF` plus the TTL in milliseconds for a TTL node; any other non-zero value is the owning session.
public enum ZNodeKind: Hashable, Sendable {
    /// Lives until deleted.
    case persistent
    /// Lives while the owning session lives.
    case ephemeral(session: Int64)
    /// Deleted by the server once its last child is gone.
    case container
    /// Deleted by the server when unmodified and childless for `ttl` milliseconds.
    case ttl(milliseconds: Int64)

    /// The `ephemeralOwner` value of a container node.
    public static let containerOwner = Int64.min

    /// Classifies a stat's `ephemeralOwner`.
    public init(ephemeralOwner owner: Int64) {
        if owner == 0 {
            self = .persistent
        } else if owner == Self.containerOwner {
            self = .container
        } else if UInt64(bitPattern: owner) >> 56 == 0xFF {
            self = .ttl(milliseconds: owner & 0x00FF_FFFF_FFFF_FFFF)
        } else {
            self = .ephemeral(session: owner)
        }
    }

    /// Whether a name carries the 10-digit counter the server appends to sequential nodes.
    public static func isSequential(_ name: String) -> Bool {
        name.utf8.reversed().prefix { $0 >= 48 && $0 <= 57 }.count >= 10
    }

    /// The role a node's name is drawn in.
    public func role(sequential: Bool) -> StyleRole {
        switch self {
        case .ephemeral: return .nodeEphemeral
        case .container: return .nodeContainer
        case .ttl: return .nodeTTL
        case .persistent: return sequential ? .nodeSequential : .nodePersistent
        }
    }

    /// The badges after a node's name.
    public func badges(sequential: Bool) -> [Badge] {
        var badges: [Badge] = []
        switch self {
        case .ephemeral: badges.append(Badge("eph", role: .nodeEphemeral))
        case .container: badges.append(Badge("ctr", role: .nodeContainer))
        case .ttl(let ms): badges.append(Badge("ttl \(Format.duration(seconds: Double(ms) / 1000))", role: .nodeTTL))
        case .persistent: break
        }
        if sequential { badges.append(Badge("seq", role: .nodeSequential)) }
        return badges
    }
}
