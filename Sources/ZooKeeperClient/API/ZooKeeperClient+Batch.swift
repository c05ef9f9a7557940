import NIOCore
import ZooKeeperJute

/// One read of a batch.
public enum ReadRequest: Sendable, Hashable {
    /// Data and stat of a node.
    case getData(String, watch: Bool = false)
    /// Children of a node (names); with `includeStat`, also its stat (opcode getChildren2).
    case getChildren(String, watch: Bool = false, includeStat: Bool = false)
    /// Stat of a node, nil if it does not exist.
    case exists(String, watch: Bool = false)

    /// The client path.
    public var path: String {
        switch self {
        case .getData(let path, _), .getChildren(let path, _, _), .exists(let path, _): return path
        }
    }
}

/// The result of one read of a batch.
public enum ReadResult: Sendable, Hashable {
    /// From `getData`.
    case data([UInt8], Stat)
    /// From `getChildren` (stat present when asked for).
    case children([String], Stat?)
    /// From `exists` (nil: no such node).
    case stat(Stat?)
}

extension ZooKeeperClient {
    /// Sends many reads in one event-loop hop and one flush, and resumes the caller once with every
    /// result, in request order. Meant for bulk walkers: it costs far fewer allocations and context
    /// switches than one `async` call per node. Requests beyond the in-flight window wait in the
    /// queue as usual; each slot fails on its own (e.g. `noNode` for a node deleted meanwhile).
    /// Cancelling the task returns at once: every slot not yet answered fails with `cancelled`
    /// (its request is not sent if it was still queued, its reply dropped if it was).
    public func readBatch(_ requests: [ReadRequest]) async -> [Result<ReadResult, ZooKeeperError>] {
        if requests.isEmpty { return [] }
        if Task.isCancelled {
            return requests.map { .failure(self.driver.cancelledError(path: $0.path)) }
        }
        var frames: [(ByteBuffer, WatchRegistration?)] = []
        frames.reserveCapacity(requests.count)
        var early: [Int: ZooKeeperError] = [:]
        for (index, request) in requests.enumerated() {
            do {
                frames.append(try makeReadFrame(request))
            } catch {
                early[index] = error
                // Keep slots aligned: an invalid request still needs a placeholder, answered locally.
                frames.append((ByteBuffer(), nil))
            }
        }
        let driver = self.driver
        let sendable = early.isEmpty ? frames : frames.enumerated().filter { early[$0.offset] == nil }.map(\.element)
        let ticket = driver.makeTicket(count: sendable.count)
        let replies: [ReplyResult] = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let collector = BatchCollector(count: sendable.count, continuation: continuation)
                if !sendable.isEmpty { driver.submitBatch(sendable, collector: collector, ticket: ticket) }
            }
        } onCancel: {
            driver.cancel(ticket)
        }
        var results: [Result<ReadResult, ZooKeeperError>] = []
        results.reserveCapacity(requests.count)
        var replyIndex = 0
        for (index, request) in requests.enumerated() {
            if let error = early[index] {
                results.append(.failure(error))
                continue
            }
            let reply = replyIndex < replies.count ? replies[replyIndex] : .failure(ZooKeeperError(.systemError))
            replyIndex += 1
            results.append(decodeRead(request, reply))
        }
        return results
    }

    private func makeReadFrame(_ request: ReadRequest) throws(ZooKeeperError) -> (ByteBuffer, WatchRegistration?) {
        let path = request.path
        let serverPath = try self.serverPath(path)
        let body = GetDataRequest(path: serverPath, watch: false)
        switch request {
        case .getData(_, let watch):
            let frame = try makeFrame(.getData, path: path, sizeHint: 8 + serverPath.utf8.count) {
                GetDataRequest(path: body.path, watch: watch).encode(into: &$0)
            }
            return (frame, watch ? .data(serverPath) : nil)
        case .getChildren(_, let watch, let includeStat):
            let frame = try makeFrame(
                includeStat ? .getChildren2 : .getChildren, path: path, sizeHint: 8 + serverPath.utf8.count
            ) {
                GetChildrenRequest(path: body.path, watch: watch).encode(into: &$0)
            }
            return (frame, watch ? .child(serverPath) : nil)
        case .exists(_, let watch):
            let frame = try makeFrame(.exists, path: path, sizeHint: 8 + serverPath.utf8.count) {
                ExistsRequest(path: body.path, watch: watch).encode(into: &$0)
            }
            return (frame, watch ? .exists(serverPath) : nil)
        }
    }

    private func decodeRead(_ request: ReadRequest, _ result: ReplyResult) -> Result<ReadResult, ZooKeeperError> {
        let path = request.path
        switch result {
        case .failure(var error):
            error.path = path
            return .failure(error)
        case .success(let reply):
            do throws(ZooKeeperError) {
                switch request {
                case .exists:
                    if reply.header.err == .noNode { return .success(.stat(nil)) }
                    guard reply.header.err == .ok else { throw ZooKeeperError(reply.header.err, path: path) }
                    return .success(.stat(try decode(ExistsResponse.self, reply, path: path).stat))
                case .getData:
                    guard reply.header.err == .ok else { throw ZooKeeperError(reply.header.err, path: path) }
                    let response = try decode(GetDataResponse.self, reply, path: path)
                    return .success(.data(response.data, response.stat))
                case .getChildren(_, _, let includeStat):
                    guard reply.header.err == .ok else { throw ZooKeeperError(reply.header.err, path: path) }
                    if includeStat {
                        let response = try decode(GetChildren2Response.self, reply, path: path)
                        return .success(.children(response.children, response.stat))
                    }
                    return .success(.children(try decode(GetChildrenResponse.self, reply, path: path).strings, nil))
                }
            } catch {
                return .failure(error)
            }
        }
    }
}
