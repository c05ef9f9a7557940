import NIOCore

/// An identity in an ACL (`org.apache.zookeeper.data.Id`), e.g. `world:anyone` or `digest:user:hash`.
public struct Id: JuteRecord, Hashable {
    /// The auth scheme (`world`, `auth`, `digest`, `ip`, ...).
    public var scheme: String
    /// The scheme-specific identity.
    public var id: String

    /// Makes an identity.
    public init(scheme: String, id: String) {
        self.scheme = scheme
        self.id = id
    }

    /// Everyone; the identity of the open ACL.
    public static let anyone = Id(scheme: "world", id: "anyone")
    /// Whoever the session authenticated as (only valid when setting an ACL).
    public static let authenticated = Id(scheme: "auth", id: "")

    /// Writes scheme then id.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeJuteString(scheme)
        buffer.writeJuteString(id)
    }

    /// Reads scheme then id.
    public static func decode(from buffer: inout ByteBuffer) throws(JuteDecodingError) -> Id {
        Id(
            scheme: try buffer.readJuteNonNullString(field: "Id.scheme"),
            id: try buffer.readJuteNonNullString(field: "Id.id")
        )
    }
}

/// One access-control entry (`org.apache.zookeeper.data.ACL`): who may do what.
public struct ACL: JuteRecord, Hashable {
    /// The permission bits.
    public var perms: Perms
    /// Who gets them.
    public var id: Id

    /// Makes an entry.
    public init(perms: Perms, id: Id) {
        self.perms = perms
        self.id = id
    }

    /// The usual default: everyone may do everything (`OPEN_ACL_UNSAFE`).
    public static let openUnsafe: [ACL] = [ACL(perms: .all, id: .anyone)]
    /// Everyone may read (`READ_ACL_UNSAFE`).
    public static let readUnsafe: [ACL] = [ACL(perms: .read, id: .anyone)]
    /// Only the creator's authenticated identities (`CREATOR_ALL_ACL`).
    public static let creatorAll: [ACL] = [ACL(perms: .all, id: .authenticated)]

    /// Writes perms then the identity.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeJuteInt(perms.rawValue)
        id.encode(into: &buffer)
    }

    /// Reads perms then the identity.
    public static func decode(from buffer: inout ByteBuffer) throws(JuteDecodingError) -> ACL {
        ACL(perms: Perms(rawValue: try buffer.readJuteInt(field: "ACL.perms")), id: try Id.decode(from: &buffer))
    }
}

extension ByteBuffer {
    /// Writes a `vector<ACL>`.
    @inlinable
    public mutating func writeJuteACLs(_ acls: [ACL]) {
        writeJuteVector(acls) { buffer, acl in acl.encode(into: &buffer) }
    }

    /// Reads a `vector<ACL>`; null becomes empty. Each ACL is at least 12 bytes.
    @inlinable
    public mutating func readJuteACLs(field: @autoclosure () -> String = "vector<ACL>") throws(JuteDecodingError)
        -> [ACL]
    {
        try readJuteVector(field: field(), minimumElementSize: 12) { (buffer) throws(JuteDecodingError) in
            try ACL.decode(from: &buffer)
        } ?? []
    }
}
