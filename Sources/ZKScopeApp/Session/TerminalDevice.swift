import TUIKit

/// The screen and keyboard a ``DashboardSession`` runs on: it draws whole frames and reads keys, mouse and resize
/// events.
///
/// The real one is the ncurses terminal (the executable conforms `TUINCurses.Terminal`); ``HeadlessTerminal``
/// records frames and is fed keys by tests, benchmarks and sessions that are not on screen. Frames are complete
/// in-memory ``Screen``s: a device that diffs them (ncurses does) writes only what changed.
public protocol TerminalDevice: Sendable {
    /// The size now; the session draws its first frame at this size, later sizes come as `.resize` events.
    var size: (width: Int, height: Int) { get }
    /// Keys, mouse and resize events; the stream ends when the terminal goes away (the session then ends).
    var events: AsyncStream<InputEvent> { get }
    /// Shows a frame.
    func present(_ screen: Screen)
    /// Draws the whole screen again on the next frame (Ctrl-L, after something else wrote to the terminal).
    func repaint()
    /// Draws with another theme from now on.
    func setTheme(_ theme: Theme)
}
