/// A row of tabs ("Ensemble | Findings | Tree | Sessions | Locks") with one active.
public struct Tabs: Hashable, Sendable {
    /// Tab titles.
    public var titles: [String]
    /// Index of the active tab.
    public var selected: Int

    /// Creates tabs.
    public init(_ titles: [String], selected: Int = 0) {
        self.titles = titles
        self.selected = max(0, min(selected, titles.count - 1))
    }

    /// Activates the next tab (wrapping).
    public mutating func next() { if !titles.isEmpty { selected = (selected + 1) % titles.count } }
    /// Activates the previous tab (wrapping).
    public mutating func previous() {
        if !titles.isEmpty { selected = (selected + titles.count - 1) % titles.count }
    }

    /// Column ranges of the tabs relative to the left edge; tabs that do not fit are dropped.
    public func layout(width: Int) -> [Range<Int>] {
        var x = 0
        var out: [Range<Int>] = []
        for title in titles {
            let w = SafeText(title).width + 2
            if x + w > width { break }
            out.append(x..<(x + w))
            x += w + 1
        }
        return out
    }

    /// Draws the tabs in the first row of `rect`.
    public func draw(on screen: inout Screen, in rect: Rect) {
        guard !rect.isEmpty else { return }
        let line = rect.row(0)
        screen.fill(line, role: .normal)
        for (i, range) in layout(width: rect.width).enumerated() {
            screen.write(
                " " + titles[i] + " ", x: line.x + range.lowerBound, y: line.y,
                role: i == selected ? .tabActive : .tabInactive, clip: line)
        }
    }

    /// The tab under a click at screen column `x`.
    public func index(atX x: Int, in rect: Rect) -> Int? {
        layout(width: rect.width).firstIndex { $0.contains(x - rect.x) }
    }
}
