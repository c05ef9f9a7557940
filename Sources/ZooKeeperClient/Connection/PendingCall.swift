import NIOConcurrencyHelpers
import NIOCore
import ZooKeeperJute

/// A reply as the connection hands it to a caller: the header, and the body still undecoded (a
/// slice of the received frame, so nothing is copied on the event loop). The caller's task decodes
/// it, which keeps the event loop free for the next reply.
struct RawReply: Sendable {
    /// The reply header.
    var header: ReplyHeader
    /// The body; empty when `header.err` is not ok.
    var body: ByteBuffer
}

/// What a caller receives.
typealias ReplyResult = Result<RawReply, ZooKeeperError>

/// Gathers the replies of a batch so its caller is resumed once, with every result in order.
/// Confined to the driver's event loop.
final class BatchCollector: @unchecked Sendable {
    private var results: [ReplyResult?]
    private var remaining: Int
    private let continuation: CheckedContinuation<[ReplyResult], Never>

    init(count: Int, continuation: CheckedContinuation<[ReplyResult], Never>) {
        self.results = Array(repeating: nil, count: count)
        self.remaining = count
        self.continuation = continuation
        if count == 0 { continuation.resume(returning: []) }
    }

    func complete(_ index: Int, _ result: ReplyResult) {
        guard results.indices.contains(index), case .none = results[index] else { return }
        results[index] = result
        remaining -= 1
        if remaining == 0 {
            continuation.resume(
                returning: results.map { $0 ?? .failure(ZooKeeperError(.systemError, message: "missing result")) })
        }
    }
}

/// How to hand back a reply.
enum Completion {
    /// One waiting caller.
    case single(CheckedContinuation<ReplyResult, Never>)
    /// One slot of a batch.
    case batch(BatchCollector, Int)

    func resume(_ result: ReplyResult) {
        switch self {
        case .single(let continuation): continuation.resume(returning: result)
        case .batch(let collector, let index): collector.complete(index, result)
        }
    }
}

/// A request known to the driver: its encoded frame until it is written, and its completion.
struct PendingCall {
    /// The frame (length, xid placeholder, opcode, body); nil once written.
    var frame: ByteBuffer?
    /// Who waits for the reply.
    var completion: Completion

    /// Takes the frame out so its memory is released once written.
    mutating func takeFrame() -> ByteBuffer? {
        let frame = self.frame
        self.frame = nil
        return frame
    }
}

/// Links a waiting caller to its requests so its task's cancellation can reach them.
///
/// The ids are allocated when the call is made (on the caller's thread), so the cancellation
/// handler knows them without waiting for the driver's loop. The handler runs on any thread: it
/// raises `flag`, then hops to the loop to cancel the ids. The loop checks the flag when the call
/// arrives there; since the flag is raised before the cancel hop is queued, either the call arrives
/// first (and the cancel hop then finds it) or the call sees the flag and fails without being sent.
struct CallTicket: Sendable {
    /// The call's request ids (one per request of a batch).
    let ids: Range<UInt64>
    /// Raised once the caller's task is cancelled.
    private let flag = NIOLockedValueBox(false)

    init(ids: Range<UInt64>) { self.ids = ids }

    /// The ids as state-machine request ids.
    var requestIDs: Range<ConnectionStateMachine.RequestID> {
        ConnectionStateMachine.RequestID(
            rawValue: ids.lowerBound)..<ConnectionStateMachine.RequestID(
                rawValue: ids.upperBound)
    }

    /// Whether the caller's task was cancelled.
    var isCancelled: Bool { flag.withLockedValue { $0 } }

    /// Marks the call cancelled; returns false if it already was.
    func markCancelled() -> Bool {
        flag.withLockedValue { cancelled in
            defer { cancelled = true }
            return !cancelled
        }
    }
}
