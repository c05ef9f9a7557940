import Foundation

/// How certificate facts are written in findings, `check` and the dashboard, so all three say the same.
public enum CertificateText {
    /// `2026-12-04T11:30:00Z`: the same instant on every machine, in UTC, sortable.
    public static func date(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }

    /// `2 days`, `1 day`, `less than a day`; a negative count says `expired`.
    public static func days(_ days: Int) -> String {
        switch days {
        case ..<0: return "expired"
        case 0: return "less than a day"
        case 1: return "1 day"
        default: return "\(days) days"
        }
    }
}
