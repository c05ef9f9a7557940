import CNCurses
import TUIKit

/// Translates what `wget_wch` returns into TUIKit's terminal-independent ``InputEvent``s.
enum KeyMapping {
    /// A character returned with `OK`.
    static func event(character value: UInt32) -> InputEvent? {
        switch value {
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 27: return .key(.escape)
        case 8, 127: return .key(.backspace)
        case 1...26: return .key(.ctrl(Character(Unicode.Scalar(UInt8(value + 96)))))
        case 0, 28...31: return nil
        default:
            guard let scalar = Unicode.Scalar(value), !(0x80..<0xA0).contains(value) else { return nil }
            return .key(.char(Character(scalar)))
        }
    }

    /// A function-key code returned with `KEY_CODE_YES` (mouse and resize are handled by the caller).
    static func event(keyCode code: Int32) -> InputEvent? {
        switch code {
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_PPAGE: return .key(.pageUp)
        case KEY_NPAGE: return .key(.pageDown)
        case KEY_HOME, KEY_A1: return .key(.home)
        case KEY_END, KEY_C1: return .key(.end)
        case KEY_ENTER: return .key(.enter)
        case KEY_BTAB: return .key(.backTab)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_DC: return .key(.delete)
        case KEY_IC: return .key(.insert)
        case (KEY_F0 + 1)...(KEY_F0 + 24): return .key(.function(Int(code - KEY_F0)))
        default: return nil
        }
    }

    /// A mouse report; releases and motion are dropped (clicks are reported on press).
    static func event(mouse: MEVENT) -> InputEvent? {
        let state = mouse.bstate
        let button: MouseButton
        if state & (zk_button1_pressed() | zk_button1_clicked()) != 0 {
            button = .left
        } else if state & (zk_button2_pressed() | zk_button2_clicked()) != 0 {
            button = .middle
        } else if state & (zk_button3_pressed() | zk_button3_clicked()) != 0 {
            button = .right
        } else if state & zk_button4_pressed() != 0 {
            button = .scrollUp
        } else if state & zk_button5_pressed() != 0 {
            button = .scrollDown
        } else {
            return nil
        }
        return .mouse(MouseEvent(x: Int(mouse.x), y: Int(mouse.y), button: button))
    }

    /// The mouse events to ask ncurses for.
    static var mouseMask: mmask_t {
        zk_button1_pressed() | zk_button2_pressed() | zk_button3_pressed() | zk_button4_pressed()
            | zk_button5_pressed()
    }
}
