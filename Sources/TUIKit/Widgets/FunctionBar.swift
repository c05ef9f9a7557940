/// The htop-style bottom bar ("F1Help  F5Tree  qQuit"), generated from the key table.
public struct FunctionBar<Action: Hashable & Sendable>: Sendable {
    /// The items in order.
    public var items: [FunctionBarItem<Action>]

    /// A bar with the given items (usually ``KeyBindingTable/functionBar(for:)``).
    public init(items: [FunctionBarItem<Action>]) { self.items = items }

    /// A bar for a context of a key table.
    public init(table: KeyBindingTable<Action>, context: KeyContext) { self.items = table.functionBar(for: context) }

    /// Where each item sits: columns relative to the bar's left edge. Items that do not fit are dropped whole.
    public func layout(width: Int) -> [(range: Range<Int>, item: FunctionBarItem<Action>)] {
        var x = 0
        var out: [(range: Range<Int>, item: FunctionBarItem<Action>)] = []
        for item in items {
            let w = SafeText(item.key).width + SafeText(item.label).width + 1
            if x + w > width { break }
            out.append((x..<(x + w), item))
            x += w
        }
        return out
    }

    /// Draws the bar in the first row of `rect`.
    public func draw(on screen: inout Screen, in rect: Rect) {
        guard !rect.isEmpty else { return }
        let line = rect.row(0)
        screen.fill(line, role: .functionLabel)
        for (range, item) in layout(width: rect.width) {
            let x = screen.write(item.key, x: line.x + range.lowerBound, y: line.y, role: .functionKey, clip: line)
            screen.write(item.label, x: x, y: line.y, role: .functionLabel, clip: line)
        }
    }

    /// The action of the item under a click at screen column `x` (`nil` between items).
    public func action(atX x: Int, in rect: Rect) -> Action? {
        layout(width: rect.width).first { $0.range.contains(x - rect.x) }?.item.action
    }
}
