import Foundation
import TimelineStore

/// `zkscope history --json`: one pretty, key-sorted document (the README's contract), made safe for a terminal.
///
/// `{"database", "ensemble" (null: all), "since", "count", "events": [{"time", "ensemble", "kind", "code"?,
/// "severity"?, "members", "message", "evidence"?}]}`; times are UTC ISO 8601 with milliseconds, events
/// oldest first. With no database yet, `events` is empty and `database_exists` false.
public enum HistoryJSON {
    /// The document.
    public struct Document: Encodable, Equatable {
        public var database: String
        public var databaseExists: Bool
        public var ensemble: String?
        public var since: String
        public var count: Int
        public var events: [Event]

        enum CodingKeys: String, CodingKey {
            case database, ensemble, since, count, events
            case databaseExists = "database_exists"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(database, forKey: .database)
            try container.encode(databaseExists, forKey: .databaseExists)
            try container.encode(ensemble, forKey: .ensemble)  // null means every ensemble: always present
            try container.encode(since, forKey: .since)
            try container.encode(count, forKey: .count)
            try container.encode(events, forKey: .events)
        }
    }

    /// One event.
    public struct Event: Encodable, Equatable {
        public var time: String
        public var ensemble: String
        public var kind: String
        public var code: String?
        public var severity: String?
        public var members: [String]
        public var message: String
        public var evidence: [String: String]?
    }

    /// The document for `events`.
    public static func document(
        _ events: [StoredEvent], database: String, exists: Bool, ensemble: String?, since: Double
    ) -> Document {
        Document(
            database: database, databaseExists: exists, ensemble: ensemble, since: timestamp(since),
            count: events.count,
            events: events.map {
                Event(
                    time: timestamp($0.time), ensemble: $0.ensemble, kind: $0.kind, code: $0.code,
                    severity: $0.severity, members: $0.members, message: $0.message, evidence: $0.evidence)
            })
    }

    /// The text, without a trailing newline.
    public static func render(_ document: Document) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return TerminalSafeJSON.escape(String(decoding: try encoder.encode(document), as: UTF8.self))
    }

    /// UTC ISO 8601 with milliseconds.
    public static func timestamp(_ time: Double) -> String {
        FollowPrinter.timestamp(Date(timeIntervalSince1970: time))
    }
}
