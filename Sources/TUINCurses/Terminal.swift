import CNCurses
import Foundation
import TUIKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The real terminal: ncursesw driven from one dedicated thread, fed with TUIKit ``Screen``s, producing
/// ``InputEvent``s.
///
/// ncurses is not thread-safe, and a blocking read must not stall Swift's small cooperative pool, so every ncurses
/// call happens on a private thread. That thread waits in `poll()` on the keyboard and a wake-up pipe: a key press
/// is read at once, a new frame is drawn at once (only the cells that changed), and a resize is noticed within
/// 100 ms. The terminal is restored by ``close()``, on SIGINT/SIGTERM/SIGHUP/SIGQUIT (then the process exits with
/// 128+signal), at `exit()`, and on crash signals before the previous handler runs; SIGTSTP and ``suspend()``
/// hand the terminal back to the shell until `fg`.
public final class Terminal: @unchecked Sendable {
    /// Why the terminal could not be opened.
    public enum OpenError: Error, CustomStringConvertible {
        /// Standard input or output is not a terminal (piped, redirected, or no TTY in CI).
        case notATerminal
        /// ncurses could not initialise (unknown `TERM`, for example).
        case initializationFailed(String)
        /// terminfo does not know the terminal type `TERM` names (or `TERM` is unset).
        case unknownTerminal(String)
        /// The terminal cannot move the cursor or clear the screen (`TERM=dumb`, a printing terminal): a full-screen
        /// program would leave it blank.
        case noCursorAddressing(String)

        /// A message for the user.
        public var description: String {
            switch self {
            case .notATerminal: return "standard input and output must be a terminal"
            case .initializationFailed(let why): return "cannot initialise the terminal: \(why)"
            case .unknownTerminal(let name):
                if name.isEmpty {
                    return "TERM is not set, so the terminal type is unknown (set it, e.g. TERM=xterm-256color)"
                }
                return "the terminal type TERM=\(TextSanitizer.visible(name)) is unknown to terminfo "
                    + "(set TERM to your terminal's, e.g. xterm-256color)"
            case .noCursorAddressing(let name):
                return "this terminal (TERM=\(TextSanitizer.visible(name))) cannot run a full-screen program: "
                    + "it has no cursor addressing"
            }
        }
    }

    /// Why the terminal `TERM` names cannot run a full-screen program, or nil when it can. Reads terminfo only,
    /// so a command can refuse before it starts anything (the demo's lab) rather than draw a blank screen.
    public static func unsuitability(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> OpenError? {
        let name = environment["TERM"] ?? ""
        if name.isEmpty { return .unknownTerminal("") }
        switch zk_terminal_suitability(name, STDOUT_FILENO) {
        case 0: return nil
        case 1: return .unknownTerminal(name)
        default: return .noCursorAddressing(name)
        }
    }

    /// Keys, mouse events and resizes, in order. Ends when the terminal is closed.
    public let events: AsyncStream<InputEvent>
    private let continuation: AsyncStream<InputEvent>.Continuation

    private let lock = NSLock()
    private var pendingFrame: Screen?
    private var pendingTheme: Theme?
    private var forceRepaint = false
    private var suspendRequested = false
    private var stopRequested = false
    private var currentSize: (width: Int, height: Int) = (80, 24)
    private var currentCapability: ColorCapability = .none
    private var stats = Statistics()
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let ready = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private var openError: OpenError?

    /// Numbers about drawing, for the self-test and for performance checks.
    public struct Statistics: Sendable {
        /// Frames drawn.
        public var frames = 0
        /// Cells sent to ncurses by the last frame (a small number means diffing works).
        public var cellsLastFrame = 0
        /// Wall time of the last frame's ncurses work, in milliseconds.
        public var lastFrameMilliseconds = 0.0
    }

    /// Options for opening the terminal.
    public struct Options: Sendable {
        /// The theme to start with.
        public var theme: Theme
        /// Whether to report mouse clicks and wheel steps.
        public var mouse: Bool
        /// Overrides the detected colour capability (e.g. `--color=16`); `NO_COLOR` still wins.
        public var capability: ColorCapability?
        /// Environment used for `NO_COLOR` / `COLORTERM` detection.
        public var environment: [String: String]

        /// Creates options.
        public init(
            theme: Theme = .builtinDefault, mouse: Bool = true, capability: ColorCapability? = nil,
            environment: [String: String] = ProcessInfo.processInfo.environment
        ) {
            self.theme = theme
            self.mouse = mouse
            self.capability = capability
            self.environment = environment
        }
    }

    private init(wakeRead: Int32, wakeWrite: Int32) {
        (events, continuation) = AsyncStream<InputEvent>.makeStream(bufferingPolicy: .bufferingNewest(4096))
        self.wakeRead = wakeRead
        self.wakeWrite = wakeWrite
    }

    /// Takes over the terminal (alternate screen, raw keys, colours, mouse). Blocks up to 5 s while the terminal
    /// thread initialises ncurses.
    public static func open(_ options: Options = Options()) throws(OpenError) -> Terminal {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw .notATerminal }
        if let unsuitable = unsuitability(environment: options.environment) { throw unsuitable }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw .initializationFailed("pipe() failed") }
        for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        let terminal = Terminal(wakeRead: fds[0], wakeWrite: fds[1])
        let thread = Thread { terminal.run(options) }
        thread.name = "zkscope-terminal"
        thread.start()
        if terminal.ready.wait(timeout: .now() + 5) == .timedOut {
            throw .initializationFailed("the terminal thread did not start")
        }
        if let error = terminal.openError { throw error }
        return terminal
    }

    /// The terminal size in cells (updated on resize, before the ``InputEvent/resize(width:height:)`` event).
    public var size: (width: Int, height: Int) { lock.withLock { currentSize } }

    /// The colour capability in use (after `NO_COLOR` and the 256-colour cap).
    public var capability: ColorCapability { lock.withLock { currentCapability } }

    /// Drawing statistics.
    public var statistics: Statistics { lock.withLock { stats } }

    /// Shows a frame. Returns at once; if frames arrive faster than they can be drawn, only the newest is drawn.
    public func present(_ screen: Screen) {
        lock.withLock { pendingFrame = screen }
        wake()
    }

    /// Switches the theme (`:theme NAME`); the next frame is repainted completely.
    public func setTheme(_ theme: Theme) {
        lock.withLock { pendingTheme = theme }
        wake()
    }

    /// Repaints the whole terminal with the next frame (Ctrl-L, or after something else wrote to the TTY).
    public func repaint() {
        lock.withLock { forceRepaint = true }
        wake()
    }

    /// Gives the terminal back to the shell and stops the process (job control, Ctrl-Z in raw mode); when the
    /// shell resumes it (`fg`), the screen is taken back and a ``InputEvent/resize(width:height:)`` event asks the
    /// application for a fresh frame.
    public func suspend() {
        lock.withLock { suspendRequested = true }
        wake()
    }

    /// Restores the terminal and stops the thread (waits up to 2 s). Safe to call more than once.
    public func close() {
        let first = lock.withLock {
            defer { stopRequested = true }
            return !stopRequested
        }
        guard first else { return }
        wake()
        _ = finished.wait(timeout: .now() + 2)
    }

    private func wake() {
        var byte: UInt8 = 0
        _ = write(wakeWrite, &byte, 1)
    }

    // MARK: - Terminal thread

    private func run(_ options: Options) {
        Self.chooseLocale(environment: options.environment)
        guard TerminalGuard.install(fd: STDIN_FILENO, wakeFD: wakeWrite) else {
            openError = .initializationFailed("cannot read the terminal settings")
            ready.signal()
            return
        }
        let outFD = dup(STDOUT_FILENO)
        let inFD = dup(STDIN_FILENO)
        guard let output = fdopen(outFD, "w"), let input = fdopen(inFD, "r"), let screen = newterm(nil, output, input)
        else {
            TerminalGuard.uninstall()
            openError = .initializationFailed("unknown terminal type \"\(options.environment["TERM"] ?? "")\"")
            ready.signal()
            return
        }
        _ = set_term(screen)
        raw()
        noecho()
        nonl()
        _ = keypad(zk_stdscr(), true)
        _ = nodelay(zk_stdscr(), true)
        _ = set_escdelay(25)
        curs_set(0)
        if options.mouse {
            _ = mousemask(KeyMapping.mouseMask, nil)
            _ = mouseinterval(0)
        }
        var defaultColors = false
        var capability = ColorCapability.none
        if has_colors() {
            start_color()
            defaultColors = use_default_colors() == OK
            let detected = ColorCapability.detect(colors: Int(zk_colors()), environment: options.environment)
            capability = min(options.capability ?? detected, detected, .indexed256)
        }
        var renderer = FrameRenderer(
            colors: ColorPairs(theme: options.theme, capability: capability, defaultColors: defaultColors))
        lock.withLock {
            currentSize = (Int(zk_cols()), Int(zk_lines()))
            currentCapability = capability
        }
        ready.signal()

        var exitSignal: Int32 = 0
        loop: while true {
            var fds = [
                pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0),
            ]
            _ = poll(&fds, 2, 100)
            exitSignal = drainWakePipe()
            if exitSignal != 0 { break loop }
            readInput(renderer: &renderer)
            let (frame, theme, repaint, stop, suspend) = lock.withLock {
                defer {
                    pendingFrame = nil
                    pendingTheme = nil
                    forceRepaint = false
                    suspendRequested = false
                }
                return (pendingFrame, pendingTheme, forceRepaint, stopRequested, suspendRequested)
            }
            if stop { break loop }
            if suspend {
                endwin()
                // ncurses writes through the FILE it was given: flush it, or the shell gets the screen back
                // before the "leave alternate screen" sequence reaches the terminal.
                fflush(output)
                TerminalGuard.suspended(true)
                // raise() stops this very thread at once; kill(getpid()) could let it run on and redraw first.
                _ = raise(SIGSTOP)  // stops here until SIGCONT (`fg`)
                TerminalGuard.suspended(false)
                _ = clearok(zk_stdscr(), true)
                _ = wrefresh(zk_stdscr())
                renderer.invalidate()
                let size = (Int(zk_cols()), Int(zk_lines()))
                lock.withLock { currentSize = size }
                continuation.yield(.resize(width: size.0, height: size.1))
                continue loop
            }
            if let theme {
                renderer.invalidate(
                    colors: ColorPairs(theme: theme, capability: capability, defaultColors: defaultColors))
            }
            if repaint {
                renderer.invalidate()
                _ = clearok(zk_stdscr(), true)
            }
            if let frame {
                let start = DispatchTime.now().uptimeNanoseconds
                renderer.draw(frame, rows: Int(zk_lines()), columns: Int(zk_cols()))
                _ = doupdate()
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
                lock.withLock {
                    stats.frames += 1
                    stats.cellsLastFrame = renderer.lastCellsWritten
                    stats.lastFrameMilliseconds = elapsed
                }
            }
        }
        endwin()
        fflush(output)
        delscreen(screen)
        TerminalGuard.uninstall()
        // A termination signal ends the process here, before the event stream finishes, so the application's
        // loop cannot exit with status 0 first.
        if exitSignal != 0 { exit(128 + exitSignal) }
        continuation.finish()
        finished.signal()
    }

    /// Sets the locale from the environment (ncursesw draws UTF-8 only in a UTF-8 locale). When no locale is
    /// configured at all (LANG/LC_ALL/LC_CTYPE unset, common in containers) the plain C locale would turn every
    /// border and non-ASCII name into "?", so C.UTF-8 is used instead; an explicitly chosen non-UTF-8 locale is
    /// respected, and the renderer then draws ASCII stand-ins.
    static func chooseLocale(environment: [String: String]) {
        setlocale(LC_ALL, "")
        let configured = ["LC_ALL", "LC_CTYPE", "LANG"].contains { !(environment[$0] ?? "").isEmpty }
        guard !configured, !isUTF8Locale() else { return }
        if setlocale(LC_CTYPE, "C.UTF-8") == nil { _ = setlocale(LC_CTYPE, "C.utf8") }
    }

    /// Whether the current character locale is UTF-8.
    static func isUTF8Locale() -> Bool {
        guard let name = setlocale(LC_CTYPE, nil) else { return false }
        let lower = String(cString: name).lowercased()
        return lower.contains("utf-8") || lower.contains("utf8")
    }

    /// Empties the wake-up pipe; returns a signal number if a termination signal was among the bytes (SIGTSTP
    /// from `kill -TSTP` becomes a suspend request instead).
    private func drainWakePipe() -> Int32 {
        var buffer = [UInt8](repeating: 0, count: 64)
        var signal: Int32 = 0
        for _ in 0..<16 {
            let n = read(wakeRead, &buffer, buffer.count)
            if n <= 0 { break }
            for byte in buffer[0..<n] where byte != 0 {
                if Int32(byte) == SIGTSTP {
                    lock.withLock { suspendRequested = true }
                } else {
                    signal = Int32(byte)
                }
            }
        }
        return signal
    }

    /// Reads every pending key (bounded per round so a flood cannot starve drawing).
    private func readInput(renderer: inout FrameRenderer) {
        for _ in 0..<512 {
            var character: wint_t = 0
            let result = wget_wch(zk_stdscr(), &character)
            if result == ERR { return }
            if result == zk_key_code_yes() {
                let code = Int32(bitPattern: UInt32(character))
                if code == KEY_RESIZE {
                    let size = (Int(zk_cols()), Int(zk_lines()))
                    lock.withLock { currentSize = size }
                    renderer.invalidate()
                    _ = clearok(zk_stdscr(), true)
                    continuation.yield(.resize(width: size.0, height: size.1))
                } else if code == KEY_MOUSE {
                    var mouse = MEVENT()
                    if getmouse(&mouse) == OK, let event = KeyMapping.event(mouse: mouse) { continuation.yield(event) }
                } else if let event = KeyMapping.event(keyCode: code) {
                    continuation.yield(event)
                }
            } else if let event = KeyMapping.event(character: UInt32(character)) {
                continuation.yield(event)
            }
        }
    }
}
