import EnsembleCore
import EnsembleMonitor
import Foundation

/// `zkscope check --follow`: one JSON object per line for every event (leader change, election,
/// restart, freeze, member state change, finding raised or cleared), flushed at once, for logs and pipes.
///
/// Line keys: `time` (ISO 8601 UTC), `kind`, `members`, `message`, and when they apply `code`,
/// `severity`, `from`, `to`, `evidence`.
public enum FollowPrinter {
    /// One event line.
    public struct Line: Encodable {
        public var time: String
        public var kind: String
        public var members: [String]
        public var message: String
        public var code: String?
        public var severity: String?
        public var from: String?
        public var to: String?
        public var evidence: [String: String]?
    }

    /// Polls until the process is stopped, printing events as they happen; a failed write ends the
    /// process (`OutputFailure.check`: quietly for a closed pipe, else one line and UNKNOWN).
    public static func run(_ monitor: EnsembleMonitor) async {
        let writer = OutputWriter()
        for await update in monitor.updates() {
            let now = timestamp(Date())
            for event in update.events {
                guard let text = try? json(line(event, time: now)) else { continue }
                do {
                    try writer.write(text + "\n")
                } catch {
                    OutputFailure.check.exit(error)
                }
            }
            do { try writer.flush() } catch { OutputFailure.check.exit(error) }
        }
    }

    /// One line's JSON text (without the newline): keys sorted, slashes as they are, and everything a
    /// terminal would obey escaped (`TerminalSafeJSON`).
    public static func json(_ line: Line) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return TerminalSafeJSON.escape(String(decoding: try encoder.encode(line), as: UTF8.self))
    }

    /// The `time` of a line: ISO 8601, UTC, milliseconds.
    public static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// The JSON line for one event.
    public static func line(_ event: TimelineEvent, time: String) -> Line {
        var line = Line(time: time, kind: "", members: event.members, message: event.message)
        switch event.kind {
        case .memberStateChanged(let from, let to):
            line.kind = "member-state-changed"
            line.from = from.rawValue
            line.to = to.rawValue
        case .roleChanged(let from, let to):
            line.kind = "role-changed"
            line.from = from?.description
            line.to = to?.description
        case .leaderChanged(let from, let to):
            line.kind = "leader-changed"
            line.from = from
            line.to = to
        case .election(let from, let to):
            line.kind = "election"
            line.from = from.map(String.init)
            line.to = String(to)
        case .memberRestarted(let kind):
            line.kind = "member-restarted"
            line.to = kind.rawValue
            line.evidence = event.evidence
        case .memberPaused:
            line.kind = "member-paused"
            line.evidence = event.evidence
        case .findingRaised(let finding):
            line.kind = "finding-raised"
            line.code = finding.code.rawValue
            line.severity = finding.severity.rawValue
            line.evidence = finding.evidence
        case .findingCleared(let finding):
            line.kind = "finding-cleared"
            line.code = finding.code.rawValue
            line.severity = finding.severity.rawValue
        }
        return line
    }
}
