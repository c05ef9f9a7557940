import ZooKeeperJute

/// The one error type every client operation throws.
///
/// `code` uses ZooKeeper's own result codes, also for conditions the client detects itself:
/// `connectionLoss` (the connection dropped with the request in flight: its outcome is unknown),
/// `operationTimeout` (the request's deadline passed, or the server went silent),
/// `marshallingError` (a malformed reply), `badArguments` (an invalid path or an oversized request),
/// `closing` (the client was closed), `sessionExpired` and `authFailed` (terminal session states),
/// `sessionClosedRequireSASLAuth` (-124, the ensemble enforces SASL: see `saslRequired()`), zkscope's own
/// `saslFailed` (the SASL exchange failed: see `saslFailed(reason:user:mechanism:)`),
/// and zkscope's own `cancelled` (the caller's task was cancelled: it stopped waiting, but a request
/// already written may still be applied).
/// `Code` is an extensible struct, so codes from newer servers are carried through unchanged.
public struct ZooKeeperError: Error, Hashable, Sendable, CustomStringConvertible {
    /// ZooKeeper result codes (`ZOO_ERRORS`).
    public typealias Code = ErrorCode

    /// What went wrong.
    public var code: Code
    /// The znode path the operation addressed (client view, chroot stripped), when there is one.
    public var path: String?
    /// Extra detail for logs.
    public var message: String
    /// Why the client could not connect, on errors of a connect that failed (`connectionLoss` when every
    /// server failed with a cause retrying cannot fix, `operationTimeout` when the time ran out): typed, so
    /// callers need not read `message`.
    public var connectFailure: ConnectFailure?

    /// Makes an error.
    public init(_ code: Code, path: String? = nil, message: String = "", connectFailure: ConnectFailure? = nil) {
        self.code = code
        self.path = path
        self.message = message
        self.connectFailure = connectFailure
    }

    /// Errors are equal when code and path are: the message is free-form detail, so tests and
    /// callers can compare against `ZooKeeperError(.noNode, path: "/x")`.
    public static func == (lhs: ZooKeeperError, rhs: ZooKeeperError) -> Bool {
        lhs.code == rhs.code && lhs.path == rhs.path
    }

    /// Hashes code and path, consistently with `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(path)
    }

    /// `Code: message (path)`, for logs.
    public var description: String {
        var text = code.name
        if !message.isEmpty { text += ": \(message)" }
        if let path { text += " (\(path))" }
        return text
    }
}

extension ZooKeeperError {
    /// The ensemble enforces SASL (`enforce.auth.enabled=true`, `enforce.auth.schemes=sasl`) and closed a session
    /// that did not authenticate (SessionClosedRequireAuth, -124). The fix is on the client: give SASL credentials.
    public static func saslRequired() -> ZooKeeperError {
        ZooKeeperError(
            .sessionClosedRequireSASLAuth,
            message: "the ensemble requires SASL authentication and closed the session (SessionClosedRequireAuth, "
                + "-124): configure SASL credentials (ZooKeeperConfiguration.sasl)")
    }

    /// The SASL exchange failed: `reason` says whether the server refused the credentials (a wrong user name or
    /// password) or the mechanism could not run here. `user` and `mechanism` name what was tried; never the secret.
    public static func saslFailed(reason: String, user: String? = nil, mechanism: String? = nil) -> ZooKeeperError {
        let who = user.map { " as \"\($0)\"" } ?? ""
        let how = mechanism.map { " (\($0))" } ?? ""
        if mechanism == "GSSAPI" {
            // Kerberos failures found on this side already carry their fix (KerberosFailure).
            let fix =
                reason.contains("refused")
                ? "; the member rejected the Kerberos ticket: check its JAAS Server principal and keytab (its log "
                    + "says why) and that the clocks agree within 5 minutes"
                : ""
            return ZooKeeperError(.saslFailed, message: "SASL authentication\(who)\(how) failed: \(reason)\(fix)")
        }
        let fix =
            reason.contains("refused")
            ? "check the user name and password the ensemble's JAAS Server section lists"
            : "check the SASL settings"
        return ZooKeeperError(.saslFailed, message: "SASL authentication\(who)\(how) failed: \(reason); \(fix)")
    }
}
