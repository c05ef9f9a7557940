import Foundation

/// `zkscope history --since`: a duration back from now (`30m`, `24h`, `7d`, `90s`, `2w`) or a moment
/// (ISO 8601, `2026-12-01T22:00:00Z`, or a date `2026-12-01`, taken as UTC midnight).
public enum HistoryWindow {
    /// The start (Unix seconds) `text` means at `now`, or one line saying what is accepted.
    public static func since(_ text: String, now: Date) -> Result<Double, HistoryWindowError> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let seconds = duration(trimmed) { return .success(now.timeIntervalSince1970 - seconds) }
        if let moment = moment(trimmed) { return .success(moment.timeIntervalSince1970) }
        return .failure(HistoryWindowError(text: text))
    }

    /// Seconds in `30m`, `24h`, `7d`, `90s`, `2w` (a whole or decimal number and one unit), nil otherwise.
    public static func duration(_ text: String) -> Double? {
        guard let unit = text.last, let number = Double(text.dropLast()), number >= 0, number.isFinite else {
            return nil
        }
        switch unit {
        case "s": return number
        case "m": return number * 60
        case "h": return number * 3600
        case "d": return number * 86400
        case "w": return number * 7 * 86400
        default: return nil
        }
    }

    /// An ISO 8601 moment (with or without fractional seconds) or a plain date (UTC midnight).
    static func moment(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withFullDate]
        return formatter.date(from: text)
    }
}

/// A `--since` that is neither a duration nor a moment.
public struct HistoryWindowError: Error, Equatable, CustomStringConvertible {
    /// What was given.
    public var text: String
    public var description: String {
        "--since \(text): not a duration or a time; use 30m, 24h, 7d or an ISO 8601 time such as 2026-12-01T22:00:00Z"
    }
}
