import ZooKeeperClient

/// What kind of znode a stat and a name describe, decoded the way the server encodes it.
///
/// ZooKeeper has no "type" field: the kind hides in `ephemeralOwner` (see the server's
/// `EphemeralType`) and in the name (a sequential node ends in a 10-digit counter). The tree view,
/// `--json` consumers and the lock screens all need the same decoding, so it lives in one place.
public struct ZNodeKind: Hashable, Sendable, CustomStringConvertible {
    /// How the node lives and dies.
    public enum Lifetime: Hashable, Sendable {
        /// Lives until deleted (`ephemeralOwner` 0).
        case persistent
        /// Owned by the session `owner`; deleted when that session ends.
        case ephemeral(owner: Int64)
        /// A container: deleted by the server once its last child is gone
        /// (`ephemeralOwner` 0x8000000000000000).
        case container
        /// A TTL node: deleted once it has no children and was not changed for `milliseconds`
        /// (`ephemeralOwner` high byte 0xFF, feature bits 0x0000, TTL in the low 40 bits).
        case ttl(milliseconds: Int64)
    }

    /// The `ephemeralOwner` of container nodes (`Long.MIN_VALUE`).
    public static let containerOwner = Int64.min
    /// High byte 0xFF marks an "extended" owner (TTL and future features).
    static let extendedMask: UInt64 = 0xFF00_0000_0000_0000
    /// Bits 40...55 of an extended owner name the feature; 0x0000 is TTL.
    static let featureMask: UInt64 = 0x00FF_FF00_0000_0000
    /// The low 40 bits carry the feature's value (the TTL in milliseconds).
    static let valueMask: UInt64 = 0x0000_00FF_FFFF_FFFF

    /// How the node lives and dies.
    public var lifetime: Lifetime
    /// Whether the name ends in the server's 10-digit sequence suffix.
    public var isSequential: Bool

    /// Decodes the kind of a node from its owner field and its name (the last path component).
    public init(ephemeralOwner: Int64, name: some StringProtocol) {
        self.lifetime = ZNodeKind.lifetime(ephemeralOwner: ephemeralOwner)
        self.isSequential = ZNodeKind.hasSequenceSuffix(name)
    }

    /// Decodes only the lifetime part of `ephemeralOwner`.
    public static func lifetime(ephemeralOwner owner: Int64) -> Lifetime {
        if owner == 0 { return .persistent }
        if owner == containerOwner { return .container }
        let bits = UInt64(bitPattern: owner)
        if bits & extendedMask == extendedMask && bits & featureMask == 0 {
            return .ttl(milliseconds: Int64(bits & valueMask))
        }
        return .ephemeral(owner: owner)
    }

    /// Whether `name` ends in exactly the server's sequence format: 10 decimal digits (the server
    /// formats the counter with `%010d`; a negative overflowed counter is not matched).
    public static func hasSequenceSuffix(_ name: some StringProtocol) -> Bool {
        let utf8 = name.utf8
        guard utf8.count >= 10 else { return false }
        return utf8.suffix(10).allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// Whether the node belongs to a session.
    public var isEphemeral: Bool {
        if case .ephemeral = lifetime { return true }
        return false
    }

    /// Whether the node is a container.
    public var isContainer: Bool { lifetime == .container }

    /// Whether the node has a TTL.
    public var isTTL: Bool {
        if case .ttl = lifetime { return true }
        return false
    }

    /// The words the tree view shows, e.g. `ephemeral sequential owner=0x1000a2b3c0001`,
    /// `container`, `ttl=60000ms`; empty for a plain persistent node.
    public var tags: [String] {
        var tags: [String] = []
        switch lifetime {
        case .persistent: break
        case .ephemeral: tags.append("ephemeral")
        case .container: tags.append("container")
        case .ttl(let milliseconds): tags.append("ttl=\(milliseconds)ms")
        }
        if isSequential { tags.append("sequential") }
        if case .ephemeral(let owner) = lifetime {
            tags.append("owner=0x" + String(UInt64(bitPattern: owner), radix: 16))
        }
        return tags
    }

    /// The tags joined by spaces.
    public var description: String { tags.joined(separator: " ") }
}
