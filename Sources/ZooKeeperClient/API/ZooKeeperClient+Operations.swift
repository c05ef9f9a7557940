import NIOCore
import ZooKeeperJute

extension ZooKeeperClient {
    /// Creates a node and returns its actual path (with the sequence suffix for sequential modes).
    ///
    /// `ttl` is required for the TTL modes (the server must run with `zookeeper.extendedTypesEnabled`)
    /// and ignored otherwise. Containers and TTL nodes use their own opcodes.
    /// Cancelling the task stops the wait, not the write: once sent, it may still be applied
    /// (the call throws `cancelled` either way; read the node to know).
    public func create(
        _ path: String, data: [UInt8] = [], acl: [ACL] = ACL.openUnsafe, mode: CreateMode = .persistent,
        ttl: Duration? = nil
    ) async throws(ZooKeeperError) -> String {
        if mode.isContainer || mode.isTTL {
            return try await createWithStat(path, data: data, acl: acl, mode: mode, ttl: ttl).path
        }
        let serverPath = try self.serverPath(path, allowTrailingSlash: mode.isSequential)
        let request = CreateRequest(path: serverPath, data: data, acl: acl, flags: mode)
        let reply = try await perform(.create, path: path, sizeHint: 64 + data.count + serverPath.utf8.count) {
            request.encode(into: &$0)
        }
        return chroot.clientPath(try decode(CreateResponse.self, reply, path: path).path)
    }

    /// Creates a node and returns its actual path and its stat (opcode `create2`, or the
    /// container/TTL opcodes, which also answer with a stat).
    /// Cancelling the task stops the wait, not the write: once sent, it may still be applied
    /// (the call throws `cancelled` either way; read the node to know).
    public func createWithStat(
        _ path: String, data: [UInt8] = [], acl: [ACL] = ACL.openUnsafe, mode: CreateMode = .persistent,
        ttl: Duration? = nil
    ) async throws(ZooKeeperError) -> (path: String, stat: Stat) {
        let serverPath = try self.serverPath(path, allowTrailingSlash: mode.isSequential)
        let sizeHint = 72 + data.count + serverPath.utf8.count
        let reply: RawReply
        if mode.isTTL {
            guard let ttl, ttl > .zero else {
                throw ZooKeeperError(.badArguments, path: path, message: "TTL modes need a positive ttl")
            }
            let request = CreateTTLRequest(
                path: serverPath, data: data, acl: acl, flags: mode, ttl: ttl.nanosecondsClamped / 1_000_000)
            reply = try await perform(.createTTL, path: path, sizeHint: sizeHint) { request.encode(into: &$0) }
        } else {
            let request = CreateRequest(path: serverPath, data: data, acl: acl, flags: mode)
            let opCode: OpCode = mode.isContainer ? .createContainer : .create2
            reply = try await perform(opCode, path: path, sizeHint: sizeHint) { request.encode(into: &$0) }
        }
        let response = try decode(Create2Response.self, reply, path: path)
        return (chroot.clientPath(response.path), response.stat)
    }

    /// Deletes a node if its version matches (`-1`: any version).
    /// Cancelling the task stops the wait, not the write: once sent, it may still be applied
    /// (the call throws `cancelled` either way; read the node to know).
    public func delete(_ path: String, version: Int32 = -1) async throws(ZooKeeperError) {
        let request = DeleteRequest(path: try serverPath(path), version: version)
        _ = try await perform(.delete, path: path) { request.encode(into: &$0) }
    }

    /// Returns the node's stat, or nil if it does not exist (NoNode is not an error here).
    /// With `watch`, a watch is left either way: it fires on change or deletion if the node exists,
    /// on creation if it does not.
    public func exists(_ path: String, watch: Bool = false) async throws(ZooKeeperError) -> Stat? {
        let request = ExistsRequest(path: try serverPath(path), watch: watch)
        let reply = try await performRaw(.exists, path: path, watch: watch ? .exists(request.path) : nil) {
            request.encode(into: &$0)
        }
        switch reply.header.err {
        case .ok: return try decode(ExistsResponse.self, reply, path: path).stat
        case .noNode: return nil
        default: throw ZooKeeperError(reply.header.err, path: path)
        }
    }

    /// Reads a node's data and stat; with `watch`, leaves a one-shot data watch (delivered on
    /// `watchEvents()`).
    public func getData(_ path: String, watch: Bool = false) async throws(ZooKeeperError) -> (data: [UInt8], stat: Stat)
    {
        let request = GetDataRequest(path: try serverPath(path), watch: watch)
        let reply = try await perform(.getData, path: path, watch: watch ? .data(request.path) : nil) {
            request.encode(into: &$0)
        }
        let response = try decode(GetDataResponse.self, reply, path: path)
        return (response.data, response.stat)
    }

    /// Replaces a node's data if its version matches (`-1`: any) and returns the new stat.
    /// Cancelling the task stops the wait, not the write: once sent, it may still be applied
    /// (the call throws `cancelled` either way; read the node to know).
    public func setData(_ path: String, data: [UInt8], version: Int32 = -1) async throws(ZooKeeperError) -> Stat {
        let request = SetDataRequest(path: try serverPath(path), data: data, version: version)
        let reply = try await perform(.setData, path: path, sizeHint: 64 + data.count) { request.encode(into: &$0) }
        return try decode(SetDataResponse.self, reply, path: path).stat
    }

    /// Lists a node's children (names, not paths); with `watch`, leaves a one-shot child watch.
    public func getChildren(_ path: String, watch: Bool = false) async throws(ZooKeeperError) -> [String] {
        let request = GetChildrenRequest(path: try serverPath(path), watch: watch)
        let reply = try await perform(.getChildren, path: path, watch: watch ? .child(request.path) : nil) {
            request.encode(into: &$0)
        }
        return try decode(GetChildrenResponse.self, reply, path: path).strings
    }

    /// Lists a node's children with the node's stat (opcode `getChildren2`).
    public func getChildrenWithStat(_ path: String, watch: Bool = false) async throws(ZooKeeperError)
        -> (children: [String], stat: Stat)
    {
        let request = GetChildren2Request(path: try serverPath(path), watch: watch)
        let reply = try await perform(.getChildren2, path: path, watch: watch ? .child(request.path) : nil) {
            request.encode(into: &$0)
        }
        let response = try decode(GetChildren2Response.self, reply, path: path)
        return (response.children, response.stat)
    }

    /// Counts every descendant of a node (not the node itself). ZooKeeper 3.6+.
    public func getAllChildrenNumber(_ path: String) async throws(ZooKeeperError) -> Int {
        let request = GetAllChildrenNumberRequest(path: try serverPath(path))
        let reply = try await perform(.getAllChildrenNumber, path: path) { request.encode(into: &$0) }
        return Int(try decode(GetAllChildrenNumberResponse.self, reply, path: path).totalNumber)
    }

    /// Lists this session's ephemeral nodes whose path starts with `prefix` (full client paths).
    /// ZooKeeper 3.6+.
    public func getEphemerals(prefix: String = "/") async throws(ZooKeeperError) -> [String] {
        guard prefix.hasPrefix("/"), !prefix.utf8.contains(0) else {
            throw ZooKeeperError(.badArguments, path: prefix, message: "invalid prefix")
        }
        let request = GetEphemeralsRequest(path: chroot.serverPath(prefix))
        let reply = try await perform(.getEphemerals, path: prefix) { request.encode(into: &$0) }
        return try decode(GetEphemeralsResponse.self, reply, path: prefix).strings.map { chroot.clientPath($0) }
    }

    /// Makes the connected server catch up with the leader before later reads; returns the path.
    public func sync(_ path: String) async throws(ZooKeeperError) -> String {
        let request = SyncRequest(path: try serverPath(path))
        let reply = try await perform(.sync, path: path) { request.encode(into: &$0) }
        return chroot.clientPath(try decode(SyncResponse.self, reply, path: path).path)
    }

    /// Runs operations atomically: all apply or none. Returns one result per operation. When the
    /// transaction fails, it is not thrown: the failing operation's result is `.error(code)`, the
    /// others are `.error(.ok)` (undone) or `.error(.runtimeInconsistency)` (not tried). Connection
    /// and session errors are thrown as usual.
    /// Cancelling the task stops the wait, not the write: once sent, it may still be applied
    /// (the call throws `cancelled` either way; read the node to know).
    public func multi(_ operations: [MultiOp]) async throws(ZooKeeperError) -> [MultiOperationResult] {
        var wireOperations: [MultiOperation] = []
        wireOperations.reserveCapacity(operations.count)
        var sizeHint = 16
        for operation in operations {
            let wire = try operation.wireOperation(chroot: chroot)
            if case .setData(let request) = wire { sizeHint += request.data.count }
            if case .create(let request) = wire { sizeHint += request.data.count }
            sizeHint += 64
            wireOperations.append(wire)
        }
        let request = MultiRequest(operations: wireOperations)
        let reply = try await performRaw(.multi, path: nil, sizeHint: sizeHint) { request.encode(into: &$0) }
        var body = reply.body
        guard let response = try? MultiResponse.decode(from: &body), !response.results.isEmpty || operations.isEmpty
        else {
            if reply.header.err != .ok { throw ZooKeeperError(reply.header.err) }
            throw ZooKeeperError(.marshallingError, message: "malformed multi response")
        }
        return response.results.map { result in
            if case .create(let path, let stat) = result { return .create(path: chroot.clientPath(path), stat: stat) }
            return result
        }
    }

    /// Reads a node's ACL and stat.
    public func getACL(_ path: String) async throws(ZooKeeperError) -> (acl: [ACL], stat: Stat) {
        let request = GetACLRequest(path: try serverPath(path))
        let reply = try await perform(.getACL, path: path) { request.encode(into: &$0) }
        let response = try decode(GetACLResponse.self, reply, path: path)
        return (response.acl, response.stat)
    }

    /// Replaces a node's ACL if its ACL version matches (`-1`: any) and returns the new stat.
    /// Cancelling the task stops the wait, not the write: once sent, it may still be applied
    /// (the call throws `cancelled` either way; read the node to know).
    public func setACL(_ path: String, acl: [ACL], version: Int32 = -1) async throws(ZooKeeperError) -> Stat {
        let request = SetACLRequest(path: try serverPath(path), acl: acl, version: version)
        let reply = try await perform(.setACL, path: path) { request.encode(into: &$0) }
        return try decode(SetACLResponse.self, reply, path: path).stat
    }

    /// Adds credentials to the session; they are replayed after every reconnect. A rejected
    /// credential throws `authFailed` and ends the session (the server closes it). Cancelling the
    /// task throws `cancelled` at once: credentials not yet sent are dropped, sent ones stay.
    public func addAuth(scheme: String, credentials: [UInt8]) async throws(ZooKeeperError) {
        if Task.isCancelled { throw driver.cancelledError() }
        let packet = AuthPacket(scheme: scheme, auth: credentials)
        let driver = self.driver
        let ticket = driver.makeTicket()
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<ReplyResult, Never>) in
                driver.submitAuth(packet, completion: .single(continuation), ticket: ticket)
            }
        } onCancel: {
            driver.cancel(ticket)
        }
        _ = try result.get()
    }

    /// Adds `digest` credentials (`user:password`), the scheme ZooKeeper ships with.
    public func addDigestAuth(user: String, password: String) async throws(ZooKeeperError) {
        try await addAuth(scheme: "digest", credentials: Array("\(user):\(password)".utf8))
    }

    /// Adds a persistent (or persistent recursive) watch: it stays after firing and is restored
    /// after reconnects. Events arrive on `watchEvents()`. ZooKeeper 3.6+.
    public func addWatch(_ path: String, mode: AddWatchMode) async throws(ZooKeeperError) {
        let request = AddWatchRequest(path: try serverPath(path), mode: mode)
        let registration: WatchRegistration =
            mode == .persistentRecursive ? .persistentRecursive(request.path) : .persistent(request.path)
        _ = try await perform(.addWatch, path: path, watch: registration) { request.encode(into: &$0) }
    }

    /// Removes this session's watches of `type` on a node, on the server and from the set
    /// re-registered after reconnects. Throws `noWatcher` if there was none.
    public func removeWatches(_ path: String, type: WatcherType = .any) async throws(ZooKeeperError) {
        let request = RemoveWatchesRequest(path: try serverPath(path), type: type)
        _ = try await perform(.removeWatches, path: path, watch: .remove(request.path, type)) {
            request.encode(into: &$0)
        }
    }

    /// Asks whether this session has watches of `type` on a node (throws `noWatcher` if not).
    public func checkWatches(_ path: String, type: WatcherType = .any) async throws(ZooKeeperError) {
        let request = CheckWatchesRequest(path: try serverPath(path), type: type)
        _ = try await perform(.checkWatches, path: path) { request.encode(into: &$0) }
    }
}

/// One operation of `multi`, in client paths.
public enum MultiOp: Sendable, Hashable {
    /// Create a node (`ttl` in milliseconds, only for TTL modes).
    case create(
        String, data: [UInt8] = [], acl: [ACL] = ACL.openUnsafe, mode: CreateMode = .persistent, ttl: Int64? = nil)
    /// Delete a node if its version matches (`-1`: any).
    case delete(String, version: Int32 = -1)
    /// Replace data if the version matches (`-1`: any).
    case setData(String, data: [UInt8], version: Int32 = -1)
    /// Fail the transaction unless the node has this version.
    case check(String, version: Int32)

    func wireOperation(chroot: Chroot) throws(ZooKeeperError) -> MultiOperation {
        func mapped(_ path: String, sequential: Bool = false) throws(ZooKeeperError) -> String {
            guard ZNodePath.isValid(path, allowTrailingSlash: sequential) else {
                throw ZooKeeperError(.badArguments, path: path, message: "invalid path")
            }
            return chroot.serverPath(path)
        }
        switch self {
        case .create(let path, let data, let acl, let mode, let ttl):
            let serverPath = try mapped(path, sequential: mode.isSequential)
            if mode.isTTL {
                guard let ttl, ttl > 0 else {
                    throw ZooKeeperError(.badArguments, path: path, message: "TTL modes need a positive ttl")
                }
                return .createTTL(CreateTTLRequest(path: serverPath, data: data, acl: acl, flags: mode, ttl: ttl))
            }
            return .create(CreateRequest(path: serverPath, data: data, acl: acl, flags: mode))
        case .delete(let path, let version):
            return .delete(DeleteRequest(path: try mapped(path), version: version))
        case .setData(let path, let data, let version):
            return .setData(SetDataRequest(path: try mapped(path), data: data, version: version))
        case .check(let path, let version):
            return .check(CheckVersionRequest(path: try mapped(path), version: version))
        }
    }
}

extension MultiOperationResult {
    /// The error of a failed operation (`nil` when it succeeded); in a failed transaction, `.ok`
    /// marks operations that were undone.
    public var errorCode: ErrorCode? {
        if case .error(let code) = self { return code }
        return nil
    }
}
