import Foundation

/// Number and duration formatting shared by the panes: short, fixed-width-friendly, and "-" for unknown, so a
/// missing signal is visibly missing rather than a misleading zero.
public enum Format {
    /// A count, `-` when unknown; large values as `12.3k` / `4.5M` so columns stay narrow.
    public static func count(_ value: Int64?) -> String {
        guard let value else { return "-" }
        let magnitude = abs(value)
        if magnitude < 100_000 { return String(value) }
        if magnitude < 10_000_000 { return String(format: "%.1fk", Double(value) / 1_000) }
        return String(format: "%.1fM", Double(value) / 1_000_000)
    }

    /// A rate per second with one decimal below 100.
    public static func rate(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "-" }
        if value < 100 { return String(format: "%.1f", value) }
        if value < 100_000 { return String(format: "%.0f", value) }
        return String(format: "%.1fk", value / 1_000)
    }

    /// Milliseconds (`0.4`, `12`, `1.2k`).
    public static func milliseconds(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "-" }
        if value < 10 { return String(format: "%.1f", value) }
        if value < 10_000 { return String(format: "%.0f", value) }
        return String(format: "%.1fk", value / 1_000)
    }

    /// A duration in seconds as `45s`, `12m03s`, `3h12m`, `4d07h`.
    public static func duration(seconds: Double?) -> String {
        guard let seconds, seconds.isFinite, seconds >= 0 else { return "-" }
        let total = Int(seconds)
        if total < 60 { return "\(total)s" }
        if total < 3600 { return String(format: "%dm%02ds", total / 60, total % 60) }
        if total < 86_400 { return String(format: "%dh%02dm", total / 3600, total % 3600 / 60) }
        return String(format: "%dd%02dh", total / 86_400, total % 86_400 / 3600)
    }

    /// A read:write ratio as `12:1`, `∞` with no writes, `-` when unknown.
    public static func ratio(_ value: Double?) -> String {
        guard let value else { return "-" }
        if value.isInfinite { return "∞" }
        guard value.isFinite else { return "-" }
        if value < 10 { return String(format: "%.1f:1", value) }
        return String(format: "%.0f:1", value)
    }

    /// Wall-clock `HH:MM:SS` in the local time zone, for the timeline.
    public static func clock(_ unixSeconds: Double) -> String {
        let local = Int(unixSeconds.rounded(.down)) + TimeZone.current.secondsFromGMT()
        let day = ((local % 86_400) + 86_400) % 86_400
        return String(format: "%02d:%02d:%02d", day / 3600, day % 3600 / 60, day % 60)
    }

    /// Local `MM-DD HH:MM:SS`, for persisted timeline events (they may be days old).
    public static func dayAndClock(_ unixSeconds: Double) -> String {
        let local = Int(unixSeconds.rounded(.down)) + TimeZone.current.secondsFromGMT()
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        let components = calendar.dateComponents([.month, .day], from: Date(timeIntervalSince1970: Double(local)))
        return String(format: "%02d-%02d ", components.month ?? 0, components.day ?? 0) + clock(unixSeconds)
    }

    /// A session id the way ZooKeeper prints it (`0x100000a3b2c0001`).
    public static func session(_ id: Int64) -> String { "0x" + String(UInt64(bitPattern: id), radix: 16) }
}
