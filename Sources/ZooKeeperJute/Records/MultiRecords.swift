import NIOCore

/// One operation of a multi (transaction) request.
public enum MultiOperation: Sendable, Equatable {
    /// Create a node (plain, sequential, ephemeral or container modes).
    case create(CreateRequest)
    /// Create a node with a TTL.
    case createTTL(CreateTTLRequest)
    /// Delete a node.
    case delete(DeleteRequest)
    /// Replace data.
    case setData(SetDataRequest)
    /// Check a version; fails the whole transaction if it does not match.
    case check(CheckVersionRequest)

    /// The opcode written in the operation's `MultiHeader`.
    public var opCode: OpCode {
        switch self {
        case .create(let request): return request.flags.isContainer ? .createContainer : .create2
        case .createTTL: return .createTTL
        case .delete: return .delete
        case .setData: return .setData
        case .check: return .check
        }
    }

    /// Writes the operation's body (without its header).
    public func encodeBody(into buffer: inout ByteBuffer) {
        switch self {
        case .create(let request): request.encode(into: &buffer)
        case .createTTL(let request): request.encode(into: &buffer)
        case .delete(let request): request.encode(into: &buffer)
        case .setData(let request): request.encode(into: &buffer)
        case .check(let request): request.encode(into: &buffer)
        }
    }
}

/// A multi request: each operation behind a `MultiHeader`, then an end marker.
public struct MultiRequest: JuteRecord {
    /// The operations, applied atomically in order.
    public var operations: [MultiOperation]

    /// Makes a request.
    public init(operations: [MultiOperation]) { self.operations = operations }

    /// Writes every operation and the end marker.
    public func encode(into buffer: inout ByteBuffer) {
        for operation in operations {
            MultiHeader(type: operation.opCode, done: false, err: ErrorCode(rawValue: -1)).encode(into: &buffer)
            operation.encodeBody(into: &buffer)
        }
        MultiHeader(type: OpCode(rawValue: -1), done: true, err: ErrorCode(rawValue: -1)).encode(into: &buffer)
    }

    /// Reads operations until the end marker (used by tests and fake servers).
    public static func decode(from buffer: inout ByteBuffer) throws(JuteDecodingError) -> MultiRequest {
        var operations: [MultiOperation] = []
        while true {
            let header = try MultiHeader.decode(from: &buffer)
            if header.done { break }
            switch header.type {
            case .create, .create2, .createContainer:
                operations.append(.create(try CreateRequest.decode(from: &buffer)))
            case .createTTL: operations.append(.createTTL(try CreateTTLRequest.decode(from: &buffer)))
            case .delete: operations.append(.delete(try DeleteRequest.decode(from: &buffer)))
            case .setData: operations.append(.setData(try SetDataRequest.decode(from: &buffer)))
            case .check: operations.append(.check(try CheckVersionRequest.decode(from: &buffer)))
            default: throw JuteDecodingError(.invalidValue, field: "MultiHeader.type")
            }
        }
        return MultiRequest(operations: operations)
    }
}

/// The result of one operation of a multi request.
public enum MultiOperationResult: Sendable, Equatable {
    /// A node was created (stat present for create2/container/TTL results).
    case create(path: String, stat: Stat?)
    /// A node was deleted.
    case delete
    /// Data was replaced.
    case setData(Stat)
    /// A version check passed.
    case check
    /// Children (read-only multi).
    case getChildren([String])
    /// Data (read-only multi).
    case getData([UInt8], Stat)
    /// The operation failed, or was rolled back because another one failed (`runtimeInconsistency`),
    /// or succeeded before the failure and was undone (`ok`).
    case error(ErrorCode)
}

/// A multi response: one result per operation, then an end marker.
public struct MultiResponse: JuteRecord {
    /// One result per operation, in order.
    public var results: [MultiOperationResult]

    /// Makes a response.
    public init(results: [MultiOperationResult]) { self.results = results }

    /// Writes each result behind its header, then the end marker.
    public func encode(into buffer: inout ByteBuffer) {
        for result in results {
            switch result {
            case .create(let path, let stat):
                if let stat {
                    MultiHeader(type: .create2, done: false, err: .ok).encode(into: &buffer)
                    Create2Response(path: path, stat: stat).encode(into: &buffer)
                } else {
                    MultiHeader(type: .create, done: false, err: .ok).encode(into: &buffer)
                    buffer.writeJuteString(path)
                }
            case .delete: MultiHeader(type: .delete, done: false, err: .ok).encode(into: &buffer)
            case .setData(let stat):
                MultiHeader(type: .setData, done: false, err: .ok).encode(into: &buffer)
                stat.encode(into: &buffer)
            case .check: MultiHeader(type: .check, done: false, err: .ok).encode(into: &buffer)
            case .getChildren(let children):
                MultiHeader(type: .getChildren, done: false, err: .ok).encode(into: &buffer)
                buffer.writeJuteStringVector(children)
            case .getData(let data, let stat):
                MultiHeader(type: .getData, done: false, err: .ok).encode(into: &buffer)
                GetDataResponse(data: data, stat: stat).encode(into: &buffer)
            case .error(let code):
                MultiHeader(type: .error, done: false, err: code).encode(into: &buffer)
                ErrorResponse(err: code).encode(into: &buffer)
            }
        }
        MultiHeader(type: OpCode(rawValue: -1), done: true, err: ErrorCode(rawValue: -1)).encode(into: &buffer)
    }

    /// Reads results until the end marker; an unknown result type is a clean error. The loop is
    /// bounded because every iteration consumes at least one 9-byte header.
    public static func decode(from buffer: inout ByteBuffer) throws(JuteDecodingError) -> MultiResponse {
        var results: [MultiOperationResult] = []
        while true {
            let header = try MultiHeader.decode(from: &buffer)
            if header.done { break }
            switch header.type {
            case .create:
                results.append(.create(path: try buffer.readJuteNonNullString(field: "CreateResponse.path"), stat: nil))
            case .create2, .createContainer, .createTTL:
                let response = try Create2Response.decode(from: &buffer)
                results.append(.create(path: response.path, stat: response.stat))
            case .delete: results.append(.delete)
            case .setData: results.append(.setData(try Stat.decode(from: &buffer)))
            case .check: results.append(.check)
            case .getChildren: results.append(.getChildren(try buffer.readJuteStringVector(field: "GetChildren")))
            case .getData:
                let response = try GetDataResponse.decode(from: &buffer)
                results.append(.getData(response.data, response.stat))
            case .error: results.append(.error(try ErrorResponse.decode(from: &buffer).err))
            default: throw JuteDecodingError(.invalidValue, field: "MultiHeader.type")
            }
        }
        return MultiResponse(results: results)
    }
}
