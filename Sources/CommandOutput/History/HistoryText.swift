import Foundation
import TUIKit
import TimelineStore

/// `zkscope history`: one line per event, oldest first, the same whatever the local time zone:
/// `TIME(UTC ISO 8601)  ENSEMBLE  KIND[ CODE]  MEMBERS  MESSAGE`. Stored text (hosts, server replies in
/// messages) goes through `TextSanitizer`, so it cannot drive the terminal.
public enum HistoryText {
    /// The lines (each without a newline); the empty-store line when there are no events.
    public static func render(_ events: [StoredEvent], emptyLine: String) -> [String] {
        guard !events.isEmpty else { return [emptyLine] }
        return events.map(line)
    }

    /// One event's line.
    public static func line(_ event: StoredEvent) -> String {
        let kind = event.code.map { "\(event.kind) \($0)" } ?? event.kind
        let members = event.members.isEmpty ? "-" : event.members.joined(separator: ",")
        return [timestamp(event.time), event.ensemble, kind, members, event.message]
            .map { TextSanitizer.visible($0) }.joined(separator: "  ")
    }

    /// What `history` says when nothing matched: where it looked, what it asked for, and who writes there.
    public static func emptyLine(database: String, exists: Bool, ensemble: String?, since: Double) -> String {
        guard exists else {
            return "no timeline yet: \(database) does not exist (zkscope serve writes it; "
                + "--state-dir picks another directory)"
        }
        let whose = ensemble.map { " of ensemble \($0)" } ?? ""
        return "no events\(whose) since \(timestamp(since)) in \(database) (zkscope serve writes it)"
    }

    /// UTC ISO 8601 to the second: `2026-12-02T07:00:00Z`.
    public static func timestamp(_ time: Double) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: time.rounded(.down)))
    }
}
