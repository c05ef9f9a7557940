import Synchronization
import TUIKit

/// A ``TerminalDevice`` with no terminal behind it: it keeps the newest frame, counts frames, and is fed input by
/// its owner.
///
/// Tests drive a ``DashboardSession`` with it in milliseconds (press a key, wait for the frame that shows the
/// result), benchmarks time key → frame and change → frame without ncurses, and a process that hosts several
/// sessions can keep the ones not on screen headless.
public final class HeadlessTerminal: TerminalDevice {
    public let events: AsyncStream<InputEvent>
    private let input: AsyncStream<InputEvent>.Continuation
    private let state: Mutex<State>

    private struct State {
        var width: Int
        var height: Int
        var frames = 0
        var last: Screen?
        var repaints = 0
        var theme: String?
        var waiters: [Waiter] = []
        var nextWaiter = 0
        /// Waiters whose time ran out before they were registered.
        var expired: Set<Int> = []
    }

    /// Someone waiting for a frame that satisfies `condition`.
    private struct Waiter {
        var id: Int
        var after: Int
        var condition: @Sendable (Screen) -> Bool
        var continuation: CheckedContinuation<Screen?, Never>
    }

    /// A device of the given size.
    public init(width: Int = 120, height: Int = 40) {
        (events, input) = AsyncStream<InputEvent>.makeStream(bufferingPolicy: .unbounded)
        state = Mutex(State(width: width, height: height))
    }

    public var size: (width: Int, height: Int) { state.withLock { ($0.width, $0.height) } }

    public func present(_ screen: Screen) {
        let ready = state.withLock { state -> [(CheckedContinuation<Screen?, Never>)] in
            state.frames += 1
            state.last = screen
            let frame = state.frames
            var ready: [CheckedContinuation<Screen?, Never>] = []
            state.waiters.removeAll { waiter in
                guard frame > waiter.after, waiter.condition(screen) else { return false }
                ready.append(waiter.continuation)
                return true
            }
            return ready
        }
        for continuation in ready { continuation.resume(returning: screen) }
    }

    public func repaint() { state.withLock { $0.repaints += 1 } }

    public func setTheme(_ theme: Theme) { state.withLock { $0.theme = theme.name } }

    // MARK: - The owner's side

    /// Frames presented so far.
    public var frameCount: Int { state.withLock { $0.frames } }
    /// The newest frame.
    public var lastFrame: Screen? { state.withLock { $0.last } }
    /// Repaints asked for so far.
    public var repaints: Int { state.withLock { $0.repaints } }
    /// The name of the theme set last (nil: none was set).
    public var themeName: String? { state.withLock { $0.theme } }

    /// Feeds an input event to the session.
    public func send(_ event: InputEvent) { input.yield(event) }

    /// Feeds a key press.
    public func press(_ key: Key) { send(.key(key)) }

    /// Feeds the characters of `text` as key presses (a `:` command, a filter).
    public func type(_ text: String) {
        for character in text { press(.char(character)) }
    }

    /// Changes the size and tells the session, as a terminal window being resized does.
    public func resize(width: Int, height: Int) {
        state.withLock {
            $0.width = width
            $0.height = height
        }
        send(.resize(width: width, height: height))
    }

    /// Ends the input stream, as a terminal that goes away does.
    public func close() { input.finish() }

    /// The first frame after the `after`-th (0: any frame, the newest included) that satisfies `condition`, or
    /// nil when none is presented within `timeout`.
    public func frame(
        after: Int = 0, within timeout: Duration = .seconds(10), where condition: @escaping @Sendable (Screen) -> Bool
    ) async -> Screen? {
        let id = state.withLock { state -> Int in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        let timer = Task { [weak self] in
            guard (try? await Task.sleep(for: timeout)) != nil else { return }
            self?.expire(id)
        }
        defer { timer.cancel() }
        return await withCheckedContinuation { continuation in
            let answer = state.withLock { state -> Screen?? in
                if state.expired.remove(id) != nil { return .some(nil) }
                if state.frames > after, let last = state.last, condition(last) { return last }
                state.waiters.append(Waiter(id: id, after: after, condition: condition, continuation: continuation))
                return nil
            }
            if let answer { continuation.resume(returning: answer) }
        }
    }

    /// Gives up on a waiter whose time is over.
    private func expire(_ id: Int) {
        let expired = state.withLock { state -> CheckedContinuation<Screen?, Never>? in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else {
                state.expired.insert(id)
                return nil
            }
            return state.waiters.remove(at: index).continuation
        }
        expired?.resume(returning: nil)
    }
}
