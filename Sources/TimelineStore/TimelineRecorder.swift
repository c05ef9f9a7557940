import EnsembleCore

/// The easy writer for `serve`: hand it each poll round's events (``MonitorUpdate``'s `events`, or the
/// tracker's whole bounded `events` list) and it appends only those it has not recorded yet, with their times
/// moved from the monitor's clock (seconds since it started) to Unix seconds.
///
/// An actor, one per ensemble, so rounds of different ensembles record concurrently while each ensemble's
/// events stay in order.
public actor TimelineRecorder {
    /// The store written to.
    public let store: EventStore
    /// The ensemble's name, stored with every event.
    public let ensemble: String
    /// Added to an event's time to get Unix seconds: the Unix time at which the monitor started.
    public let timeOffset: Double
    private var filter = NewEventFilter()

    /// A recorder for one ensemble's monitor; `timeOffset` is `Date().timeIntervalSince1970` taken when the
    /// monitor was created (its event times count from its start), 0 when events already carry Unix time.
    public init(store: EventStore, ensemble: String, timeOffset: Double) {
        self.store = store
        self.ensemble = ensemble
        self.timeOffset = timeOffset
    }

    /// Appends the events of `events` not recorded before (in one transaction); returns how many were new.
    /// On a failure nothing is marked recorded, so the next call tries them again.
    @discardableResult
    public func record(_ events: [TimelineEvent]) throws(EventStoreError) -> Int {
        var probe = filter
        let new = probe.admit(events)
        guard !new.isEmpty else { return 0 }
        let shifted = new.map { event in
            var event = event
            event.time += timeOffset
            return event
        }
        try store.append(ensemble: ensemble, events: shifted)
        filter = probe
        return new.count
    }
}

/// Picks the events of a list not seen in earlier lists: those newer than the newest seen, plus those at that
/// same time not seen yet (one round's events share a time). Works for per-round lists and for the tracker's
/// whole bounded list alike.
public struct NewEventFilter: Sendable {
    private var newestTime = -Double.infinity
    private var seenAtNewest: [TimelineEvent] = []

    /// An empty filter: everything is new.
    public init() {}

    /// The events of `events` not admitted before, in their order; remembers them.
    public mutating func admit(_ events: [TimelineEvent]) -> [TimelineEvent] {
        var new: [TimelineEvent] = []
        for event in events {
            if event.time > newestTime {
                newestTime = event.time
                seenAtNewest = [event]
                new.append(event)
            } else if event.time == newestTime, !seenAtNewest.contains(event) {
                seenAtNewest.append(event)
                new.append(event)
            }
        }
        return new
    }
}
