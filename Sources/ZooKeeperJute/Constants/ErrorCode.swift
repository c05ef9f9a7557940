/// A ZooKeeper result code (C `ZOO_ERRORS`, Java `KeeperException.Code`).
///
/// Extensible on purpose: a server may send a code this table does not know, and it must still be
/// carried to the caller rather than crash or be folded into a generic error.
public struct ErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The wire value.
    public var rawValue: Int32
    /// Wraps a wire value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// Success.
    public static let ok = ErrorCode(rawValue: 0)
    /// A server-side system error (never returned by the server itself; a range marker).
    public static let systemError = ErrorCode(rawValue: -1)
    /// A runtime inconsistency was found (also marks multi operations rolled back after a failure).
    public static let runtimeInconsistency = ErrorCode(rawValue: -2)
    /// A data inconsistency was found.
    public static let dataInconsistency = ErrorCode(rawValue: -3)
    /// The connection to the server was lost with the request in flight: the outcome is unknown.
    public static let connectionLoss = ErrorCode(rawValue: -4)
    /// A request or reply could not be (de)serialised.
    public static let marshallingError = ErrorCode(rawValue: -5)
    /// The operation is not implemented by the server.
    public static let unimplemented = ErrorCode(rawValue: -6)
    /// The operation did not finish before its deadline.
    public static let operationTimeout = ErrorCode(rawValue: -7)
    /// Invalid arguments (for example a malformed path).
    public static let badArguments = ErrorCode(rawValue: -8)
    /// The client is in a state where the call is not allowed (closed, expired).
    public static let invalidState = ErrorCode(rawValue: -9)
    /// A reconfiguration has no quorum.
    public static let newConfigNoQuorum = ErrorCode(rawValue: -13)
    /// A reconfiguration is already in progress.
    public static let reconfigInProgress = ErrorCode(rawValue: -14)
    /// TLS failure.
    public static let sslConnectionError = ErrorCode(rawValue: -15)
    /// API errors start here (a range marker).
    public static let apiError = ErrorCode(rawValue: -100)
    /// The node does not exist.
    public static let noNode = ErrorCode(rawValue: -101)
    /// Not authorised by the node's ACL.
    public static let noAuth = ErrorCode(rawValue: -102)
    /// The expected version did not match.
    public static let badVersion = ErrorCode(rawValue: -103)
    /// Ephemeral nodes may not have children.
    public static let noChildrenForEphemerals = ErrorCode(rawValue: -108)
    /// The node already exists.
    public static let nodeExists = ErrorCode(rawValue: -110)
    /// The node has children.
    public static let notEmpty = ErrorCode(rawValue: -111)
    /// The session has expired; its ephemeral nodes and watches are gone.
    public static let sessionExpired = ErrorCode(rawValue: -112)
    /// Invalid callback.
    public static let invalidCallback = ErrorCode(rawValue: -113)
    /// Invalid ACL.
    public static let invalidACL = ErrorCode(rawValue: -114)
    /// Authentication failed.
    public static let authFailed = ErrorCode(rawValue: -115)
    /// The client is closing.
    public static let closing = ErrorCode(rawValue: -116)
    /// Not an error: no server responses to process.
    public static let nothing = ErrorCode(rawValue: -117)
    /// The session moved to another server.
    public static let sessionMoved = ErrorCode(rawValue: -118)
    /// A write was sent to a read-only server.
    public static let notReadOnly = ErrorCode(rawValue: -119)
    /// An ephemeral node was requested on a local session.
    public static let ephemeralOnLocalSession = ErrorCode(rawValue: -120)
    /// No such watcher (removeWatches / checkWatches).
    public static let noWatcher = ErrorCode(rawValue: -121)
    /// The request timed out inside the server.
    public static let requestTimeout = ErrorCode(rawValue: -122)
    /// Reconfiguration is disabled.
    public static let reconfigDisabled = ErrorCode(rawValue: -123)
    /// The server requires SASL authentication.
    public static let sessionClosedRequireSASLAuth = ErrorCode(rawValue: -124)
    /// A quota was exceeded.
    public static let quotaExceeded = ErrorCode(rawValue: -125)
    /// The server throttled the operation; retry.
    public static let throttledOp = ErrorCode(rawValue: -127)

    /// zkscope's own code, never sent by a server: the task waiting for the reply was cancelled,
    /// so the caller stopped waiting. A request already written may still be applied by the server
    /// (cancelling stops the wait, not the operation). Client-only codes zkscope adds are numbered
    /// from -1000 down, far below every code ZooKeeper defines (-1 to -127 in 3.9), so a newer
    /// server's code cannot collide with them.
    public static let cancelled = ErrorCode(rawValue: -1000)
    /// zkscope's own code: the server's reply was larger than the client accepts
    /// (`ZooKeeperConfiguration.maxReplySize`). The reply was read past and dropped, the
    /// connection stays usable; raise the limit to read such a node.
    public static let replyTooLarge = ErrorCode(rawValue: -1001)
    /// zkscope's own code: the SASL exchange failed (the server refused the credentials, or the mechanism could
    /// not run on the client: a missing Cyrus plugin, a malformed challenge). Terminal for the session; unlike
    /// `sessionClosedRequireSASLAuth` (-124 before any SASL was tried), credentials were given and are wrong.
    public static let saslFailed = ErrorCode(rawValue: -1002)

    /// ZooKeeper's name for the code, for logs and error messages.
    public var name: String {
        switch self {
        case .ok: return "OK"
        case .systemError: return "SystemError"
        case .runtimeInconsistency: return "RuntimeInconsistency"
        case .dataInconsistency: return "DataInconsistency"
        case .connectionLoss: return "ConnectionLoss"
        case .marshallingError: return "MarshallingError"
        case .unimplemented: return "Unimplemented"
        case .operationTimeout: return "OperationTimeout"
        case .badArguments: return "BadArguments"
        case .invalidState: return "InvalidState"
        case .newConfigNoQuorum: return "NewConfigNoQuorum"
        case .reconfigInProgress: return "ReconfigInProgress"
        case .sslConnectionError: return "SSLConnectionError"
        case .apiError: return "APIError"
        case .noNode: return "NoNode"
        case .noAuth: return "NoAuth"
        case .badVersion: return "BadVersion"
        case .noChildrenForEphemerals: return "NoChildrenForEphemerals"
        case .nodeExists: return "NodeExists"
        case .notEmpty: return "NotEmpty"
        case .sessionExpired: return "SessionExpired"
        case .invalidCallback: return "InvalidCallback"
        case .invalidACL: return "InvalidACL"
        case .authFailed: return "AuthFailed"
        case .closing: return "Closing"
        case .nothing: return "Nothing"
        case .sessionMoved: return "SessionMoved"
        case .notReadOnly: return "NotReadOnly"
        case .ephemeralOnLocalSession: return "EphemeralOnLocalSession"
        case .noWatcher: return "NoWatcher"
        case .requestTimeout: return "RequestTimeout"
        case .reconfigDisabled: return "ReconfigDisabled"
        case .sessionClosedRequireSASLAuth: return "SessionClosedRequireSASLAuth"
        case .quotaExceeded: return "QuotaExceeded"
        case .throttledOp: return "ThrottledOp"
        case .cancelled: return "Cancelled"
        case .replyTooLarge: return "ReplyTooLarge"
        case .saslFailed: return "SASLFailed"
        default: return "Unknown"
        }
    }

    /// `Name(code)`, for logs.
    public var description: String { "\(name)(\(rawValue))" }
}
