import NIOConcurrencyHelpers

/// Fans values out to any number of `AsyncStream` subscribers.
///
/// Each `subscribe()` returns a new stream; a subscriber that stops iterating (or is cancelled)
/// is removed. Streams buffer without bound so no event is ever dropped silently: a subscriber
/// that never reads should be dropped by its owner.
final class Broadcaster<Element: Sendable>: Sendable {
    private struct State {
        var nextID = 0
        var subscribers: [Int: AsyncStream<Element>.Continuation] = [:]
        var latest: Element?
        var finished = false
    }

    private let state = NIOLockedValueBox(State())
    private let replaysLatest: Bool

    /// `replaysLatest`: new subscribers first get the latest value (used for state streams, so a
    /// late subscriber knows where things stand).
    init(replaysLatest: Bool, initial: Element? = nil) {
        self.replaysLatest = replaysLatest
        state.withLockedValue { $0.latest = initial }
    }

    /// A new stream of values from now on (preceded by the latest one if `replaysLatest`).
    func subscribe() -> AsyncStream<Element> {
        let (stream, continuation) = AsyncStream.makeStream(of: Element.self, bufferingPolicy: .unbounded)
        let finished: Bool = state.withLockedValue { state in
            if replaysLatest, let latest = state.latest { continuation.yield(latest) }
            if state.finished { return true }
            let id = state.nextID
            state.nextID += 1
            state.subscribers[id] = continuation
            continuation.onTermination = { [weak self] _ in
                self?.state.withLockedValue { _ = $0.subscribers.removeValue(forKey: id) }
            }
            return false
        }
        if finished { continuation.finish() }
        return stream
    }

    /// The latest value sent.
    var latest: Element? { state.withLockedValue { $0.latest } }

    /// Sends a value to every subscriber.
    func yield(_ value: Element) {
        let subscribers = state.withLockedValue { state -> [AsyncStream<Element>.Continuation] in
            guard !state.finished else { return [] }
            state.latest = value
            return Array(state.subscribers.values)
        }
        for subscriber in subscribers { subscriber.yield(value) }
    }

    /// Ends every stream; later subscribers get the latest value (if replayed) and then the end.
    func finish() {
        let subscribers = state.withLockedValue { state -> [AsyncStream<Element>.Continuation] in
            state.finished = true
            let all = Array(state.subscribers.values)
            state.subscribers.removeAll()
            return all
        }
        for subscriber in subscribers { subscriber.finish() }
    }
}
