import ArgumentParser
import CommandOutput
import Foundation
import TimelineStore

/// `zkscope history`: the persisted timeline `serve` wrote (restarts, elections, leader changes, state changes,
/// findings raised and cleared), oldest first. Reads only; the formats are a contract (README `## History`).
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Print the persisted timeline of events (written by zkscope serve).",
        discussion: """
            One line per event: UTC time, ensemble, kind (and finding code), members, message. \
            The database is timeline.sqlite in the state directory \
            ($XDG_STATE_HOME/zkscope, else ~/.local/state/zkscope).
            """
    )

    /// A failed write of the listing: one line, exit 1.
    static let outputFailure = OutputFailure(command: "zkscope history", status: 1)

    @Option(name: .long, help: "Only this ensemble's events (its name in the fleet configuration).")
    var ensemble: String?

    @Option(name: .long, help: "How far back: a duration (30m, 24h, 7d) or an ISO 8601 time.")
    var since = "24h"

    @Flag(name: .long, help: "One JSON document (database, ensemble, since, count, events).")
    var json = false

    @Option(name: .customLong("state-dir"), help: "The state directory holding timeline.sqlite.")
    var stateDirectory: String?

    @Option(name: .long, help: "At most this many events (the newest).")
    var limit: Int = 100_000

    func validate() throws {
        if case .failure(let error) = HistoryWindow.since(since, now: Date()) {
            throw ValidationError(error.description)
        }
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
        if let ensemble, ensemble.isEmpty { throw ValidationError("--ensemble needs a name") }
    }

    func run() throws {
        guard case .success(let start) = HistoryWindow.since(since, now: Date()) else { return }
        guard let directory = stateDirectory ?? StateDirectory.defaultPath() else {
            Self.fail("no state directory: neither $XDG_STATE_HOME nor a home directory is set; use --state-dir DIR")
        }
        let database = StateDirectory.databasePath(in: directory)
        let events: [StoredEvent]
        let exists: Bool
        do {
            let store = try EventStore.openForReading(directory: directory)
            exists = store != nil
            events = try store?.events(ensemble: ensemble, since: start, limit: limit) ?? []
        } catch {
            Self.fail("zkscope history: \(error.message)")
        }
        if json {
            let document = HistoryJSON.document(
                events, database: database, exists: exists, ensemble: ensemble, since: start)
            guard let text = try? HistoryJSON.render(document) else {
                Self.fail("zkscope history: cannot encode the events as JSON")
            }
            StandardOutput.line(text, failure: Self.outputFailure)
            return
        }
        let empty = HistoryText.emptyLine(database: database, exists: exists, ensemble: ensemble, since: start)
        StandardOutput.line(
            HistoryText.render(events, emptyLine: empty).joined(separator: "\n"), failure: Self.outputFailure)
    }

    static func fail(_ message: String) -> Never {
        StandardError.line(message)
        OutputFailure.terminate(1)
    }
}
