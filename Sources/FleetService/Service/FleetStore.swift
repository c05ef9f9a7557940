import EnsembleCore
import Foundation
import Synchronization
import TimelineStore

/// The state the pollers write and the HTTP routes read, behind one lock held only to copy or replace values:
/// a scrape copies the ``FleetState`` (copy-on-write, no work under the lock) and renders outside it, so scrapes
/// never wait for a poll and never trigger one.
///
/// Events go to the persistent timeline (``timeline``, SQLite in the state directory) when there is one, and
/// `/api/v1/events` reads them back from it, so a restarted `serve` still lists earlier events. Without one (tests)
/// the newest `eventCapacity` are kept in memory.
public final class FleetStore: Sendable {
    private struct Contents {
        var state: FleetState
        var events: [FleetEvent] = []
    }

    private let contents: Mutex<Contents>
    /// The most events kept in memory when there is no persistent timeline.
    public let eventCapacity: Int
    /// The persistent timeline, when `serve` has a state directory.
    public let timeline: EventStore?

    /// An empty store for these ensembles.
    public init(ensembles: [FleetState.Served], timeline: EventStore? = nil, eventCapacity: Int = 10_000) {
        self.contents = Mutex(Contents(state: FleetState(ensembles: ensembles)))
        self.timeline = timeline
        self.eventCapacity = max(1, eventCapacity)
    }

    /// The state as of now (a copy).
    public var state: FleetState { contents.withLock { $0.state } }

    /// Records one round of an ensemble and, without a persistent timeline, the events it caused (the poller
    /// writes them to the timeline itself).
    public func record(_ reading: EnsembleReading, events: [TimelineEvent], at date: Date) {
        let fleetEvents =
            timeline == nil ? events.map { FleetEvent(ensemble: reading.name, date: date, event: $0) } : []
        let capacity = eventCapacity
        contents.withLock { contents in
            contents.state.record(reading)
            contents.events.append(contentsOf: fleetEvents)
            if contents.events.count > capacity { contents.events.removeFirst(contents.events.count - capacity) }
        }
    }

    /// Events at or after `since` (Unix seconds), oldest first, at most `limit` (the newest), optionally of one
    /// ensemble; from the persistent timeline when there is one.
    public func events(since: Double, ensemble: String? = nil, limit: Int = 1000) throws -> [FleetEvent] {
        if let timeline {
            return try timeline.events(ensemble: ensemble, since: since, limit: max(1, limit)).map(
                FleetEvent.init(stored:))
        }
        let all = contents.withLock { $0.events }
        let matching = all.filter { $0.unixTime >= since && (ensemble == nil || $0.ensemble == ensemble) }
        return Array(matching.suffix(max(0, limit)))
    }
}
