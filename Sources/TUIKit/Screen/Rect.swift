/// A rectangle of terminal cells; widgets draw inside one and never outside it.
public struct Rect: Hashable, Sendable, CustomStringConvertible {
    /// Left column (0-based).
    public var x: Int
    /// Top row (0-based).
    public var y: Int
    /// Width in columns (never negative).
    public var width: Int
    /// Height in rows (never negative).
    public var height: Int

    /// Creates a rectangle; negative sizes become 0 so layout arithmetic on a tiny terminal cannot go wrong.
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    /// The empty rectangle at the origin.
    public static let zero = Rect(x: 0, y: 0, width: 0, height: 0)

    /// One past the right-most column.
    public var maxX: Int { x + width }
    /// One past the bottom row.
    public var maxY: Int { y + height }
    /// `true` when nothing can be drawn in it.
    public var isEmpty: Bool { width == 0 || height == 0 }

    /// `x,y widthxheight`, for test failure messages.
    public var description: String { "\(x),\(y) \(width)x\(height)" }

    /// Whether a cell lies inside (mouse hit-testing).
    public func contains(x px: Int, y py: Int) -> Bool { px >= x && px < maxX && py >= y && py < maxY }

    /// The overlap of two rectangles (empty when they do not overlap).
    public func intersection(_ other: Rect) -> Rect {
        let left = max(x, other.x)
        let top = max(y, other.y)
        let right = min(maxX, other.maxX)
        let bottom = min(maxY, other.maxY)
        return Rect(x: left, y: top, width: right - left, height: bottom - top)
    }

    /// The rectangle shrunk by the given margins (for borders and padding).
    public func inset(top: Int = 0, left: Int = 0, bottom: Int = 0, right: Int = 0) -> Rect {
        Rect(x: x + left, y: y + top, width: width - left - right, height: height - top - bottom)
    }

    /// The rectangle shrunk by `n` on every side.
    public func inset(by n: Int) -> Rect { inset(top: n, left: n, bottom: n, right: n) }

    /// A rectangle of the given size centred inside this one (clipped to it), for dialogs.
    public func centered(width w: Int, height h: Int) -> Rect {
        let cw = min(w, width)
        let ch = min(h, height)
        return Rect(x: x + (width - cw) / 2, y: y + (height - ch) / 2, width: cw, height: ch)
    }

    /// The top `n` rows.
    public func top(_ n: Int) -> Rect { Rect(x: x, y: y, width: width, height: min(n, height)) }
    /// The bottom `n` rows.
    public func bottom(_ n: Int) -> Rect {
        let h = min(n, height)
        return Rect(x: x, y: maxY - h, width: width, height: h)
    }
    /// One row of the rectangle (relative to its top).
    public func row(_ i: Int) -> Rect { Rect(x: x, y: y + i, width: width, height: i >= 0 && i < height ? 1 : 0) }

    /// Splits into stacked rows of the given sizes (see ``LayoutSize``).
    public func splitRows(_ sizes: [LayoutSize]) -> [Rect] {
        var top = y
        return LayoutSize.distribute(height, sizes).map { h in
            defer { top += h }
            return Rect(x: x, y: top, width: width, height: h)
        }
    }

    /// Splits into side-by-side columns of the given sizes (see ``LayoutSize``).
    public func splitColumns(_ sizes: [LayoutSize]) -> [Rect] {
        var left = x
        return LayoutSize.distribute(width, sizes).map { w in
            defer { left += w }
            return Rect(x: left, y: y, width: w, height: height)
        }
    }
}

/// How much of a split one part gets.
public enum LayoutSize: Hashable, Sendable {
    /// Exactly this many cells (less if the space runs out; earlier parts win).
    case fixed(Int)
    /// A share of what the fixed parts leave, proportional to `weight`, but at least `min` when there is room.
    case flex(weight: Int = 1, min: Int = 0)
    /// A percentage of the whole, at least `min` when there is room.
    case percent(Int, min: Int = 0)

    /// The sizes along one axis; their sum never exceeds `total`, so a small terminal cannot make parts overlap.
    public static func distribute(_ total: Int, _ sizes: [LayoutSize]) -> [Int] {
        var remaining = max(0, total)
        var out = Array(repeating: 0, count: sizes.count)
        // Fixed and percent parts first, in order.
        for (i, size) in sizes.enumerated() {
            switch size {
            case .fixed(let n):
                out[i] = min(max(0, n), remaining)
            case .percent(let p, let minimum):
                out[i] = min(max(max(0, minimum), max(0, total) * max(0, min(p, 100)) / 100), remaining)
            case .flex:
                continue
            }
            remaining -= out[i]
        }
        // Flex parts share the rest by weight; a part whose share is below its minimum is pinned at the minimum
        // and the others share what is left. With too little room the minimums are met in order.
        let flex = sizes.indices.compactMap { i -> (index: Int, weight: Int, min: Int)? in
            guard case .flex(let weight, let minimum) = sizes[i] else { return nil }
            return (i, max(0, weight), max(0, minimum))
        }
        guard !flex.isEmpty else { return out }
        let minimums = flex.reduce(0) { $0 + $1.min }
        if minimums >= remaining {
            for part in flex {
                out[part.index] = min(part.min, remaining)
                remaining -= out[part.index]
            }
            return out
        }
        var pinned: Set<Int> = []
        for _ in 0...flex.count {
            let free = flex.filter { !pinned.contains($0.index) }
            let pool = remaining - flex.filter { pinned.contains($0.index) }.reduce(0) { $0 + $1.min }
            let weights = free.reduce(0) { $0 + $1.weight }
            var changed = false
            for part in free {
                let share = weights > 0 ? pool * part.weight / weights : 0
                if share < part.min {
                    pinned.insert(part.index)
                    changed = true
                }
                out[part.index] = share
            }
            if changed { continue }
            for part in flex where pinned.contains(part.index) { out[part.index] = part.min }
            let handed = flex.reduce(0) { $0 + out[$1.index] }
            if let last = free.last(where: { $0.weight > 0 }) { out[last.index] += remaining - handed }
            break
        }
        return out
    }
}
