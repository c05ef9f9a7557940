import EnsembleCore
import Foundation
import TimelineStore
import ZKScopeApp

/// The dashboard's read of the persisted timeline: the newest events `serve` stored for one ensemble in the
/// state directory's `timeline.sqlite`, opened read-only when it exists (it may appear while the dashboard runs).
final class StoredTimelineSource: PersistedTimelineSource {
    /// The state directory (`$XDG_STATE_HOME/zkscope`, else `~/.local/state/zkscope`).
    let directory: String
    /// The most events read (the newest of the retention window).
    let limit: Int
    private let store = StoreBox()

    init(directory: String, limit: Int = 2000) {
        self.directory = directory
        self.limit = limit
    }

    func events(ensemble: String) async throws -> [TimelineEvent] {
        guard let store = try store.open(directory: directory) else { return [] }
        let since = Date().timeIntervalSince1970 - EventStore.defaultRetention
        return try store.events(ensemble: ensemble, since: since, limit: limit).compactMap(\.event)
    }

    /// The store once it could be opened.
    private final class StoreBox: @unchecked Sendable {
        private let lock = NSLock()
        private var store: EventStore?

        func open(directory: String) throws -> EventStore? {
            try lock.withLock {
                if let store { return store }
                store = try EventStore.openForReading(directory: directory)
                return store
            }
        }
    }
}
