import EnsembleMonitor
import ZooKeeperClient

/// The real ``ZNodeAccess``: the tree pane's ``TreeController`` (one session to any member, watches on what is
/// expanded) and the compare view's ``CompareController`` (one session per member), their answers merged into one
/// stream in arrival order.
public final class LiveZNodeAccess: ZNodeAccess {
    /// Answers of both controllers.
    public let results: AsyncStream<ZNodeResult>
    private let treeController: TreeController
    private let compareController: CompareController
    private let sink: AsyncStream<ZNodeResult>.Continuation

    /// Creates both controllers; they connect on their first request.
    /// - Parameters:
    ///   - connectString: every member, `host:port,host:port`, for the tree's session.
    ///   - members: each member's `host:port`, one compare column each.
    ///   - credentials: added to every session (`--auth`).
    ///   - sasl: SASL credentials every session authenticates with (`--sasl-user`, `--jaas`), nil for none.
    ///   - maxReplySize: every session's reply limit (`--max-reply-size`).
    ///   - tls: TLS for every session (`--tls…`), nil for plaintext.
    public init(
        connectString: String, members: [String], credentials: [AuthCredential] = [], sasl: SASLCredentials? = nil,
        maxReplySize: Int = ZooKeeperConfiguration.defaultMaxReplySize, tls: TLSSettings? = nil, log: AppLog
    ) {
        let (results, sink) = AsyncStream<ZNodeResult>.makeStream(bufferingPolicy: .unbounded)
        self.results = results
        self.sink = sink
        treeController = TreeController(
            connectString: connectString, credentials: credentials, sasl: sasl, maxReplySize: maxReplySize, tls: tls,
            log: log
        ) { sink.yield(.tree($0)) }
        compareController = CompareController(
            members: members, credentials: credentials, sasl: sasl, maxReplySize: maxReplySize, tls: tls, log: log
        ) { sink.yield(.compare($0)) }
    }

    /// Creates both controllers with one ensemble's session options (credentials, SASL, reply limit, TLS).
    public convenience init(connectString: String, members: [String], session: SessionOptions, log: AppLog) {
        self.init(
            connectString: connectString, members: members, credentials: session.credentials, sasl: session.sasl,
            maxReplySize: session.maxReplySize, tls: session.tls, log: log)
    }

    public func tree(_ request: TreeRequest) { treeController.handle(request) }

    public func compare(_ request: CompareRequest) { compareController.handle(request) }

    public func write(_ request: WriteRequest) async -> StatusMessage {
        let (text, isError) = await treeController.write(request)
        return StatusMessage(text: text, isError: isError)
    }

    public func close() async {
        await treeController.close()
        await compareController.close()
        sink.finish()
    }
}
