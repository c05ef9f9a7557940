/// An htop-style horizontal bar (`[|||||||     42%]`) for a fraction such as the share of writes or the fill of
/// a connection limit.
public enum Meter {
    /// The bar text for `fraction` (clamped to 0...1; non-finite counts as 0) in `width` columns, with `text`
    /// right-aligned inside the brackets when it fits.
    public static func render(fraction: Double, width: Int, text: String = "") -> String {
        guard width >= 2 else { return String(repeating: "[", count: max(0, width)) }
        let inner = width - 2
        let clamped = fraction.isFinite ? min(1, max(0, fraction)) : 0
        let filled = Int((clamped * Double(inner)).rounded())
        var cells = Array(repeating: Character(" "), count: inner)
        for i in 0..<filled { cells[i] = "|" }
        let label = Array(text)
        if !label.isEmpty && label.count <= inner {
            for (offset, c) in label.enumerated() { cells[inner - label.count + offset] = c }
        }
        return "[" + String(cells) + "]"
    }

    /// Draws the bar in the first row of `rect`: the filled part in `role`, the rest and brackets in
    /// ``StyleRole/dim``.
    public static func draw(
        fraction: Double, text: String = "", on screen: inout Screen, in rect: Rect, role: StyleRole = .statusOK
    ) {
        guard !rect.isEmpty else { return }
        let line = rect.row(0)
        let bar = render(fraction: fraction, width: line.width, text: text)
        screen.write(bar, x: line.x, y: line.y, role: .dim, clip: line)
        let clamped = fraction.isFinite ? min(1, max(0, fraction)) : 0
        let filled = Int((clamped * Double(max(0, line.width - 2))).rounded())
        screen.setRole(role, in: Rect(x: line.x + 1, y: line.y, width: filled, height: 1))
    }
}
