import GRDB

/// The database's schema, one GRDB migration per version: a newer zkscope adds a migration, never edits one,
/// so a file written by an older `serve` is upgraded in place and nothing already stored is lost.
enum EventSchema {
    /// The migrations this build knows, in order.
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-events") { db in
            try db.create(table: "event") { table in
                // AUTOINCREMENT: ids never come back after a prune, so the row cap can trim by id alone.
                table.column("id", .integer).primaryKey(autoincrement: true)
                table.column("ensemble", .text).notNull()
                table.column("time", .double).notNull()
                table.column("kind", .text).notNull()
                table.column("code", .text)
                table.column("severity", .text)
                table.column("members", .text).notNull()
                table.column("message", .text).notNull()
                table.column("evidence", .text)
                table.column("detail", .text).notNull()
            }
            // `history --ensemble X --since T` and the dashboard's read are range scans on this index;
            // retention deletes by time alone.
            try db.create(index: "event_ensemble_time", on: "event", columns: ["ensemble", "time"])
            try db.create(index: "event_time", on: "event", columns: ["time"])
        }
        return migrator
    }()
}
