import EnsembleCore
import Foundation
import Synchronization

/// The state the pollers write and the HTTP routes read, behind one lock held only to copy or replace values:
/// a scrape copies the ``FleetState`` (copy-on-write, no work under the lock) and renders outside it, so scrapes
/// never wait for a poll and never trigger one.
///
/// Events are kept in memory (the newest `eventCapacity`) for `/api/v1/events` until the persistent timeline
/// store takes over.
public final class FleetStore: Sendable {
    private struct Contents {
        var state: FleetState
        var events: [FleetEvent] = []
    }

    private let contents: Mutex<Contents>
    /// The most events kept for `/api/v1/events`.
    public let eventCapacity: Int

    /// An empty store for these ensembles.
    public init(ensembles: [FleetState.Served], eventCapacity: Int = 10_000) {
        self.contents = Mutex(Contents(state: FleetState(ensembles: ensembles)))
        self.eventCapacity = max(1, eventCapacity)
    }

    /// The state as of now (a copy).
    public var state: FleetState { contents.withLock { $0.state } }

    /// Records one round of an ensemble and the events it caused.
    public func record(_ reading: EnsembleReading, events: [TimelineEvent], at date: Date) {
        let fleetEvents = events.map { FleetEvent(ensemble: reading.name, date: date, event: $0) }
        let capacity = eventCapacity
        contents.withLock { contents in
            contents.state.record(reading)
            contents.events.append(contentsOf: fleetEvents)
            if contents.events.count > capacity { contents.events.removeFirst(contents.events.count - capacity) }
        }
    }

    /// Events after `since` (Unix seconds), oldest first, at most `limit`, optionally of one ensemble.
    public func events(since: Double, ensemble: String? = nil, limit: Int = 1000) -> [FleetEvent] {
        let all = contents.withLock { $0.events }
        let matching = all.filter { $0.unixTime > since && (ensemble == nil || $0.ensemble == ensemble) }
        return Array(matching.prefix(max(0, limit)))
    }
}
