import EnsembleCore
import Foundation
import GRDB

/// The persisted timeline: every event of every ensemble in one SQLite file (`timeline.sqlite` in the state
/// directory), so `history` and the dashboard still show what happened before `serve` or the dashboard
/// restarted ("it restarted 14 times overnight").
///
/// The writer (`serve`) opens it with ``open(directory:retention:maximumRows:)``; readers (`history`, the
/// dashboard) with ``openForReading(directory:)``, which never creates or changes anything. The file is in WAL
/// mode, so readers see committed events while the writer appends. Events older than `retention` are removed by
/// ``prune(now:)``, and every append keeps at most `maximumRows` rows (the oldest go first), so a member in a
/// restart loop cannot fill the disk. Every failure is an ``EventStoreError`` naming the file and the fix, never
/// a crash. Methods block briefly (one transaction); the store is `Sendable` and may be called from any actor.
public final class EventStore: Sendable {
    /// The default retention: 14 days.
    public static let defaultRetention: TimeInterval = 14 * 24 * 3600
    /// The default row cap: about 150 MB at ~300 bytes a row, months of a 100-ensemble fleet's normal events.
    public static let defaultMaximumRows = 500_000

    /// The database file.
    public let path: String
    /// How long events are kept (seconds).
    public let retention: TimeInterval
    /// The most rows kept.
    public let maximumRows: Int
    /// The connection(s): a pool for the writer, a read-only queue for readers.
    private let database: any DatabaseReader
    private let writer: (any DatabaseWriter)?

    private init(
        path: String, retention: TimeInterval, maximumRows: Int, database: any DatabaseReader,
        writer: (any DatabaseWriter)?
    ) {
        self.path = path
        self.retention = retention
        self.maximumRows = maximumRows
        self.database = database
        self.writer = writer
    }

    /// Opens the store for writing, creating the directory (0700), the file (0600) and the schema as needed.
    ///
    /// - Parameters:
    ///   - directory: the state directory (``StateDirectory/defaultPath(environment:)`` unless `--state-dir`).
    ///   - retention: how long events are kept, seconds (`--retention`, default 14 days).
    ///   - maximumRows: the hard cap on rows (at least 1).
    public static func open(
        directory: String, retention: TimeInterval = defaultRetention, maximumRows: Int = defaultMaximumRows
    ) throws(EventStoreError) -> EventStore {
        let path = StateDirectory.databasePath(in: directory)
        if let problem = StateDirectory.prepare(directory) {
            throw EventStoreError(
                code: .directory, path: path, message: problem + " (choose another with --state-dir)")
        }
        if let problem = StateDirectory.secureFile(path, create: true) {
            throw EventStoreError(code: .unsafeFile, path: path, message: problem + " (move it aside)")
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.label = "zkscope.timeline"
        configuration.prepareDatabase { db in
            // WAL without a sync per commit: a power cut may lose the last events, never the file.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            try pool.write { db in
                if try EventSchema.migrator.hasBeenSuperseded(db) { throw NewerSchema() }
            }
            try EventSchema.migrator.migrate(pool)
            return EventStore(
                path: path, retention: retention, maximumRows: max(1, maximumRows), database: pool, writer: pool)
        } catch {
            throw Self.mapped(error, path: path)
        }
    }

    /// Opens an existing store for reading only; nil when there is no database yet (`serve` has not run with
    /// this state directory). Nothing is created or changed.
    public static func openForReading(directory: String) throws(EventStoreError) -> EventStore? {
        let path = StateDirectory.databasePath(in: directory)
        guard StateDirectory.exists(path) else { return nil }
        if let problem = StateDirectory.secureFile(path, create: false) {
            throw EventStoreError(code: .unsafeFile, path: path, message: problem + " (move it aside)")
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        configuration.label = "zkscope.timeline.reader"
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.read { db in
                if try EventSchema.migrator.hasBeenSuperseded(db) { throw NewerSchema() }
            }
            return EventStore(
                path: path, retention: defaultRetention, maximumRows: defaultMaximumRows, database: queue, writer: nil)
        } catch {
            throw Self.mapped(error, path: path)
        }
    }

    /// Appends `events` of `ensemble` in one transaction (a fleet's round is one commit per ensemble, cheap for
    /// 100 ensembles), then trims the oldest rows beyond ``maximumRows``.
    ///
    /// Event times must be Unix seconds: a monitor's events count from its start, so add its start time first
    /// (``TimelineRecorder`` does).
    public func append(ensemble: String, events: [TimelineEvent]) throws(EventStoreError) {
        guard let writer else { throw readOnly() }
        guard !events.isEmpty else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let cap = Int64(self.maximumRows)
        do {
            try writer.write { db in
                let insert = try db.cachedStatement(
                    sql: """
                        INSERT INTO event (ensemble, time, kind, code, severity, members, message, evidence, detail)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                for event in events {
                    let finding = TimelineEventCode.finding(of: event)
                    let evidence = try TimelineEventCode.evidence(of: event).map {
                        String(decoding: try encoder.encode($0), as: UTF8.self)
                    }
                    try insert.execute(arguments: [
                        ensemble, event.time, TimelineEventCode.kind(of: event), finding?.code.rawValue,
                        finding?.severity.rawValue, String(decoding: try encoder.encode(event.members), as: UTF8.self),
                        event.message, evidence, String(decoding: try encoder.encode(event), as: UTF8.self),
                    ])
                }
                try db.execute(
                    sql: "DELETE FROM event WHERE id <= ?", arguments: [db.lastInsertedRowID - cap])
            }
        } catch {
            throw Self.mapped(error, path: path)
        }
    }

    /// Events since `since` (Unix seconds, inclusive), oldest first; of `ensemble` only when given. With a
    /// `limit`, the newest `limit` of them (still oldest first).
    public func events(ensemble: String? = nil, since: Double = 0, limit: Int? = nil) throws(EventStoreError)
        -> [StoredEvent]
    {
        var sql = "SELECT id, ensemble, time, kind, code, severity, members, message, evidence, detail FROM event"
        var arguments: StatementArguments = []
        var conditions = ["time >= ?"]
        arguments += [since]
        if let ensemble {
            conditions.append("ensemble = ?")
            arguments += [ensemble]
        }
        sql += " WHERE " + conditions.joined(separator: " AND ") + " ORDER BY time DESC, id DESC"
        if let limit {
            sql += " LIMIT ?"
            arguments += [max(0, limit)]
        }
        let query = sql
        let bound = arguments
        do {
            // A reader may open the file before `serve` made the table: that is an empty timeline.
            let rows = try database.read { db in
                try db.tableExists("event") ? try Row.fetchAll(db, sql: query, arguments: bound) : []
            }
            let decoder = JSONDecoder()
            return rows.reversed().map { row in Self.storedEvent(row, decoder: decoder) }
        } catch {
            throw Self.mapped(error, path: path)
        }
    }

    /// The date a `since` of `now` minus ``retention`` would give: events before it are pruned.
    public func cutoff(now: Date) -> Double { now.timeIntervalSince1970 - retention }

    /// Removes events older than ``retention`` and trims to ``maximumRows``; returns how many rows went.
    /// `serve` calls it at start and then now and then (hourly is plenty).
    @discardableResult
    public func prune(now: Date = Date()) throws(EventStoreError) -> Int {
        guard let writer else { throw readOnly() }
        let cutoff = self.cutoff(now: now)
        let cap = self.maximumRows
        do {
            return try writer.write { db in
                try db.execute(sql: "DELETE FROM event WHERE time < ?", arguments: [cutoff])
                var removed = db.changesCount
                try db.execute(
                    sql: """
                        DELETE FROM event WHERE id <= (SELECT id FROM event ORDER BY id DESC LIMIT 1 OFFSET ?)
                        """, arguments: [cap])
                removed += db.changesCount
                return removed
            }
        } catch {
            throw Self.mapped(error, path: path)
        }
    }

    /// How many events are stored (of `ensemble` when given).
    public func count(ensemble: String? = nil) throws(EventStoreError) -> Int {
        do {
            return try database.read { db in
                guard try db.tableExists("event") else { return 0 }
                if let ensemble {
                    return try Int.fetchOne(
                        db, sql: "SELECT COUNT(*) FROM event WHERE ensemble = ?", arguments: [ensemble])
                        ?? 0
                }
                return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event") ?? 0
            }
        } catch {
            throw Self.mapped(error, path: path)
        }
    }

    /// SQLite's plan for ``events(ensemble:since:limit:)`` of one ensemble (tests check the index is used).
    func queryPlan(ensemble: String, since: Double) throws -> String {
        try database.read { db in
            try Row.fetchAll(
                db,
                sql:
                    "EXPLAIN QUERY PLAN SELECT * FROM event WHERE time >= ? AND ensemble = ? ORDER BY time DESC, id DESC",
                arguments: [since, ensemble]
            ).map { row -> String in row["detail"] }.joined(separator: "; ")
        }
    }

    // MARK: - Rows and errors

    private static func storedEvent(_ row: Row, decoder: JSONDecoder) -> StoredEvent {
        let membersText: String = row["members"]
        let evidenceText: String? = row["evidence"]
        let detailText: String = row["detail"]
        let time: Double = row["time"]
        var event = try? decoder.decode(TimelineEvent.self, from: Data(detailText.utf8))
        event?.time = time
        return StoredEvent(
            id: row["id"], ensemble: row["ensemble"], time: time, kind: row["kind"], code: row["code"],
            severity: row["severity"],
            members: (try? decoder.decode([String].self, from: Data(membersText.utf8))) ?? [],
            message: row["message"],
            evidence: evidenceText.flatMap { try? decoder.decode([String: String].self, from: Data($0.utf8)) },
            event: event)
    }

    private struct NewerSchema: Error {}

    private func readOnly() -> EventStoreError {
        EventStoreError(
            code: .failed, path: path, message: "timeline database \(path): opened for reading only (a bug in zkscope)")
    }

    /// One line for any failure: damaged files get the move-aside fix, others the cause.
    static func mapped(_ error: any Error, path: String) -> EventStoreError {
        if let error = error as? EventStoreError { return error }
        if error is NewerSchema {
            return EventStoreError(
                code: .newerSchema, path: path,
                message: "timeline database \(path) was written by a newer zkscope: upgrade zkscope, "
                    + "or move the file aside to start a new one")
        }
        if let error = error as? DatabaseError {
            switch error.resultCode {
            case .SQLITE_NOTADB, .SQLITE_CORRUPT, .SQLITE_FORMAT:
                return .damaged(path, cause: error.message ?? "\(error.resultCode)")
            case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY, .SQLITE_AUTH:
                return EventStoreError(
                    code: .failed, path: path,
                    message: "timeline database \(path): cannot open (\(error.message ?? "\(error.resultCode)")): "
                        + "check its and its directory's owner and permissions")
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                return EventStoreError(
                    code: .failed, path: path,
                    message: "timeline database \(path): locked for more than 10 s by another process: try again")
            case .SQLITE_FULL:
                return EventStoreError(
                    code: .failed, path: path,
                    message: "timeline database \(path): the disk is full: free space or lower --retention")
            default:
                return EventStoreError(
                    code: .failed, path: path,
                    message: "timeline database \(path): \(error.message ?? "\(error.resultCode)")")
            }
        }
        return EventStoreError(code: .failed, path: path, message: "timeline database \(path): \(error)")
    }
}
