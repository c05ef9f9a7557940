/// A colour as a theme names it, before it is fitted to what the terminal can show.
///
/// Themes may use the 16 basic names, a 0–255 palette index, or `#rrggbb`; ``downgraded(to:)`` maps each to the
/// closest colour the terminal supports, so one theme file works on truecolor, 256-colour and 16-colour terminals.
public enum TerminalColor: Hashable, Sendable {
    /// The terminal's own default foreground or background (keeps transparent backgrounds).
    case `default`
    /// One of the 16 basic ANSI colours (0–7 normal, 8–15 bright).
    case basic(UInt8)
    /// An entry of the xterm 256-colour palette.
    case indexed(UInt8)
    /// A 24-bit colour.
    case rgb(UInt8, UInt8, UInt8)

    /// The names accepted for the 16 basic colours, in palette order.
    public static let basicNames: [String] = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
        "bright-black", "bright-red", "bright-green", "bright-yellow",
        "bright-blue", "bright-magenta", "bright-cyan", "bright-white",
    ]

    /// Parses a colour name, a decimal palette index or `#rrggbb`; `nil` when the text is none of them.
    ///
    /// "gray"/"grey" are accepted as aliases of bright-black because that is what people type.
    public init?(parsing text: String) {
        let lower = text.lowercased()
        if lower == "default" || lower == "none" {
            self = .default
            return
        }
        if lower == "gray" || lower == "grey" {
            self = .basic(8)
            return
        }
        if let i = Self.basicNames.firstIndex(of: lower) {
            self = .basic(UInt8(i))
            return
        }
        if lower.hasPrefix("#") {
            let hex = lower.dropFirst()
            guard hex.count == 6, let v = UInt32(hex, radix: 16) else { return nil }
            self = .rgb(UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF))
            return
        }
        if !lower.isEmpty, lower.count <= 3, lower.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(lower),
            n <= 255
        {
            self.init(index: n)
            return
        }
        return nil
    }

    /// A palette index as a colour: 0–15 are the basic colours, so they downgrade without loss.
    public init(index: Int) {
        let clamped = UInt8(max(0, min(255, index)))
        self = clamped < 16 ? .basic(clamped) : .indexed(clamped)
    }

    /// The text a theme file would use for this colour.
    public var description: String {
        switch self {
        case .default: return "default"
        case .basic(let i): return Self.basicNames[Int(i & 15)]
        case .indexed(let i): return String(i)
        case .rgb(let r, let g, let b):
            return "#" + [r, g, b].map { String($0, radix: 16).leftPadded(to: 2) }.joined()
        }
    }

    /// The approximate RGB value, used to find the nearest colour when downgrading.
    public var rgbValue: (r: Int, g: Int, b: Int)? {
        switch self {
        case .default: return nil
        case .rgb(let r, let g, let b): return (Int(r), Int(g), Int(b))
        case .basic(let i): return Self.basicRGB[Int(i & 15)]
        case .indexed(let i): return Self.paletteRGB(Int(i))
        }
    }

    /// This colour as the best match for a terminal with the given capability (`nil` when colours are off).
    public func downgraded(to capability: ColorCapability) -> TerminalColor? {
        switch capability {
        case .none:
            return nil
        case .truecolor:
            return self
        case .indexed256:
            if case .rgb(let r, let g, let b) = self { return .indexed(UInt8(Self.nearest256(Int(r), Int(g), Int(b)))) }
            return self
        case .ansi16:
            return downgradedTo16()
        case .ansi8:
            guard let c = downgradedTo16() else { return nil }
            if case .basic(let i) = c { return .basic(i & 7) }
            return c
        }
    }

    private func downgradedTo16() -> TerminalColor? {
        switch self {
        case .default, .basic: return self
        case .indexed, .rgb:
            guard let (r, g, b) = rgbValue else { return .default }
            var best = 0
            var bestDistance = Int.max
            for (i, c) in Self.basicRGB.enumerated() {
                let d = Self.distance((r, g, b), c)
                if d < bestDistance {
                    best = i
                    bestDistance = d
                }
            }
            return .basic(UInt8(best))
        }
    }

    /// The xterm defaults for the 16 basic colours.
    static let basicRGB: [(r: Int, g: Int, b: Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205),
        (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255),
        (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    private static let cubeLevels = [0, 95, 135, 175, 215, 255]

    static func paletteRGB(_ i: Int) -> (r: Int, g: Int, b: Int) {
        if i < 16 { return basicRGB[i] }
        if i < 232 {
            let n = i - 16
            return (cubeLevels[n / 36], cubeLevels[(n / 6) % 6], cubeLevels[n % 6])
        }
        let level = 8 + (i - 232) * 10
        return (level, level, level)
    }

    static func nearest256(_ r: Int, _ g: Int, _ b: Int) -> Int {
        func cubeIndex(_ v: Int) -> Int {
            var best = 0
            for (i, level) in cubeLevels.enumerated() where abs(level - v) < abs(cubeLevels[best] - v) { best = i }
            return best
        }
        let cube = 16 + 36 * cubeIndex(r) + 6 * cubeIndex(g) + cubeIndex(b)
        let average = (r + g + b) / 3
        let grayIndex = 232 + max(0, min(23, (average - 8 + 5) / 10))
        let cubeDistance = distance((r, g, b), paletteRGB(cube))
        let grayDistance = distance((r, g, b), paletteRGB(grayIndex))
        return grayDistance < cubeDistance ? grayIndex : cube
    }

    private static func distance(_ a: (r: Int, g: Int, b: Int), _ b: (r: Int, g: Int, b: Int)) -> Int {
        let dr = a.r - b.r
        let dg = a.g - b.g
        let db = a.b - b.b
        return 2 * dr * dr + 4 * dg * dg + 3 * db * db
    }
}

extension String {
    func leftPadded(to count: Int, with pad: Character = "0") -> String {
        self.count >= count ? self : String(repeating: pad, count: count - self.count) + self
    }
}
