/// A one-row bar chart of a series (request rates, latency) using the eight block characters.
public enum Sparkline {
    /// Bar glyphs from lowest to highest; a value of zero is a blank so idle periods read as gaps.
    public static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// The last `width` values as bars, right-aligned (newest on the right), scaled to `range` (default
    /// `0...max`). Non-finite values count as 0; any positive value shows at least the lowest bar.
    public static func render(_ values: [Double], width: Int, range: ClosedRange<Double>? = nil) -> String {
        guard width > 0 else { return "" }
        let shown = values.suffix(width).map { $0.isFinite ? $0 : 0 }
        let low = range?.lowerBound ?? 0
        let high = range?.upperBound ?? max(shown.max() ?? 0, low)
        var out = String(repeating: " ", count: width - shown.count)
        for value in shown {
            if value <= low || high <= low {
                out.append(value > low ? blocks[blocks.count - 1] : " ")
                continue
            }
            let fraction = min(1, (value - low) / (high - low))
            let level = max(0, min(blocks.count - 1, Int((fraction * Double(blocks.count)).rounded(.up)) - 1))
            out.append(blocks[level])
        }
        return out
    }

    /// Draws the series into one row of `rect` in ``StyleRole/sparkline``.
    public static func draw(
        _ values: [Double], on screen: inout Screen, in rect: Rect, range: ClosedRange<Double>? = nil,
        role: StyleRole = .sparkline
    ) {
        guard !rect.isEmpty else { return }
        screen.write(render(values, width: rect.width, range: range), x: rect.x, y: rect.y, role: role, clip: rect)
    }
}
