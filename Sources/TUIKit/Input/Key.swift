/// A key press, independent of how the terminal encoded it.
public enum Key: Hashable, Sendable, CustomStringConvertible {
    /// A printable character (letters, digits, punctuation, space, any Unicode character).
    case char(Character)
    /// A control combination, `.ctrl("c")` for Ctrl-C (always a lowercase letter).
    case ctrl(Character)
    /// Arrow up.
    case up
    /// Arrow down.
    case down
    /// Arrow left.
    case left
    /// Arrow right.
    case right
    /// Page up.
    case pageUp
    /// Page down.
    case pageDown
    /// Home.
    case home
    /// End.
    case end
    /// Enter / Return.
    case enter
    /// Escape (on its own, after the escape delay).
    case escape
    /// Tab.
    case tab
    /// Shift-Tab.
    case backTab
    /// Backspace.
    case backspace
    /// Delete.
    case delete
    /// Insert.
    case insert
    /// F1–F12 (`.function(1)` is F1).
    case function(Int)

    /// The name shown in the help screen and function bar: "q", "↑", "PgDn", "F1", "^C", "Tab".
    public var description: String {
        switch self {
        case .char(" "): return "Space"
        case .char(let c): return String(c)
        case .ctrl(let c): return "^" + c.uppercased()
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .tab: return "Tab"
        case .backTab: return "S-Tab"
        case .backspace: return "Bksp"
        case .delete: return "Del"
        case .insert: return "Ins"
        case .function(let n): return "F\(n)"
        }
    }
}

/// A mouse button or wheel direction.
public enum MouseButton: Hashable, Sendable {
    /// Left button.
    case left
    /// Middle button.
    case middle
    /// Right button.
    case right
    /// Wheel up.
    case scrollUp
    /// Wheel down.
    case scrollDown
}

/// A mouse event at a screen cell.
public struct MouseEvent: Hashable, Sendable {
    /// Column (0-based).
    public var x: Int
    /// Row (0-based).
    public var y: Int
    /// What was pressed.
    public var button: MouseButton
    /// Creates an event.
    public init(x: Int, y: Int, button: MouseButton) {
        self.x = x
        self.y = y
        self.button = button
    }
}

/// Everything the terminal can tell the application.
public enum InputEvent: Hashable, Sendable {
    /// A key press.
    case key(Key)
    /// A mouse click or wheel step.
    case mouse(MouseEvent)
    /// The terminal changed size; the next frame must be drawn for this size.
    case resize(width: Int, height: Int)
}
