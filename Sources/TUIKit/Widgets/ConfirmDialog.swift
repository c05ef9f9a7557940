/// A yes/no question in a centred box ("Delete /app/lock?"); "No" is preselected so Enter never confirms by
/// accident.
public struct ConfirmDialog: Hashable, Sendable {
    /// What a key press did.
    public enum Outcome: Hashable, Sendable {
        /// The user confirmed.
        case confirmed
        /// The user declined or dismissed the dialog.
        case cancelled
    }

    /// Box title.
    public var title: String
    /// The question (wrapped to the box).
    public var message: String
    /// Label of the confirming button.
    public var confirmLabel: String
    /// Label of the declining button.
    public var cancelLabel: String
    /// Whether the confirming button is selected.
    public private(set) var confirmSelected = false

    /// Creates a dialog.
    public init(title: String, message: String, confirmLabel: String = "Yes", cancelLabel: String = "No") {
        self.title = title
        self.message = message
        self.confirmLabel = confirmLabel
        self.cancelLabel = cancelLabel
    }

    /// Handles one key: y/n answer directly, ←/→/Tab move between buttons, Enter takes the selected one, Esc
    /// cancels. Returns `nil` while the dialog stays open.
    public mutating func handle(_ key: Key) -> Outcome? {
        switch key {
        case .char("y"), .char("Y"): return .confirmed
        case .char("n"), .char("N"), .escape, .ctrl("c"), .char("q"): return .cancelled
        case .left, .right, .tab, .backTab, .char("h"), .char("l"):
            confirmSelected.toggle()
            return nil
        case .enter: return confirmSelected ? .confirmed : .cancelled
        default: return nil
        }
    }

    /// The box rectangle inside `rect`.
    public func frame(in rect: Rect) -> Rect {
        let width = min(rect.width, max(30, min(60, SafeText(message).width + 4)))
        let lines = SafeText(message).wrapped(to: max(1, width - 4)).count
        return rect.centered(width: width, height: lines + 4)
    }

    /// Draws the dialog centred in `rect`.
    public func draw(on screen: inout Screen, in rect: Rect) {
        let box = frame(in: rect)
        guard box.width >= 6, box.height >= 4 else { return }
        screen.fill(box, role: .dialog)
        screen.drawBox(box, role: .border, title: title)
        let inner = box.inset(top: 1, left: 2, bottom: 1, right: 2)
        for (i, line) in SafeText(message).wrapped(to: inner.width).enumerated() where i < inner.height - 1 {
            screen.write(line, x: inner.x, y: inner.y + i, role: .dialog, clip: inner)
        }
        let yes = "[ \(confirmLabel) ]"
        let no = "[ \(cancelLabel) ]"
        let total = SafeText(yes).width + 2 + SafeText(no).width
        let y = inner.maxY - 1
        let x = inner.x + max(0, (inner.width - total) / 2)
        let after = screen.write(yes, x: x, y: y, role: confirmSelected ? .selected : .dialog, clip: inner)
        screen.write(no, x: after + 2, y: y, role: confirmSelected ? .dialog : .selected, clip: inner)
    }
}
