import TUIKit

extension DashboardModel {
    mutating func drawTreePane(on screen: inout Screen, in rect: Rect) {
        screen.write("tree: not yet", x: rect.x, y: rect.y, role: .dim, clip: rect)
    }

    mutating func drawSessionsPane(on screen: inout Screen, in rect: Rect) {
        screen.write("sessions: not yet", x: rect.x, y: rect.y, role: .dim, clip: rect)
    }

    mutating func drawLocksPane(on screen: inout Screen, in rect: Rect) {
        screen.write("locks: not yet", x: rect.x, y: rect.y, role: .dim, clip: rect)
    }
}

extension TreePaneModel {
    mutating func handleMouse(_ mouse: MouseEvent, in rect: Rect, delta: Int) -> [AppEffect] { [] }
}
