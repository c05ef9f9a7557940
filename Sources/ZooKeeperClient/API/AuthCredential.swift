/// Credentials for `addAuth`, as an operator types them: `scheme:credentials`, e.g. `digest:alice:secret`
/// (zkCli's `addauth digest alice:secret`). The scheme is everything before the first colon.
public struct AuthCredential: Sendable, Hashable, CustomStringConvertible {
    /// The auth scheme, e.g. `digest`.
    public var scheme: String
    /// The scheme's credentials, e.g. `alice:secret` for digest.
    public var credentials: [UInt8]

    /// Makes a credential.
    public init(scheme: String, credentials: [UInt8]) {
        self.scheme = scheme
        self.credentials = credentials
    }

    /// Parses `scheme:credentials`; nil when either part is empty.
    public init?(parsing text: String) {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let scheme = String(text[..<colon])
        let rest = Array(text[text.index(after: colon)...].utf8)
        guard !scheme.isEmpty, !rest.isEmpty else { return nil }
        self.init(scheme: scheme, credentials: rest)
    }

    /// `scheme:…`: the secret is never printed (logs, errors).
    public var description: String { "\(scheme):…" }
}

extension ZooKeeperClient {
    /// Adds every credential, in order (see ``addAuth(scheme:credentials:)``: they are replayed after every
    /// reconnect, and a rejected one ends the session with `authFailed`).
    public func addAuth(_ credentials: [AuthCredential]) async throws(ZooKeeperError) {
        for credential in credentials {
            try await addAuth(scheme: credential.scheme, credentials: credential.credentials)
        }
    }
}
