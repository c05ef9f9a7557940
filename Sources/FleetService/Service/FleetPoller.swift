import EnsembleCore
import EnsembleMonitor
import FleetConfiguration
import Foundation
import Logging
import ServiceLifecycle
import TimelineStore

/// Polls every ensemble of the fleet, each on its own clock, and records each round into the ``FleetStore``.
///
/// One ``EnsembleMonitor`` task per profile: an unreachable or hostile ensemble only slows its own rounds (each
/// probe has a deadline inside the monitor) and only changes its own rows. Rounds are never started by a scrape.
/// Stops when the service group shuts down gracefully (SIGTERM, SIGINT) or is cancelled.
public struct FleetPoller: Service {
    let profiles: [EnsembleProfile]
    let store: FleetStore
    let thresholds: Thresholds
    let logger: Logger

    /// A poller for `profiles` writing into `store`.
    public init(profiles: [EnsembleProfile], store: FleetStore, thresholds: Thresholds = .defaults, logger: Logger) {
        self.profiles = profiles
        self.store = store
        self.thresholds = thresholds
        self.logger = logger
    }

    /// Runs until graceful shutdown or cancellation.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                for profile in profiles {
                    group.addTask { await poll(profile) }
                }
                if let timeline = store.timeline {
                    group.addTask { await prune(timeline) }
                }
            }
        }
    }

    private func poll(_ profile: EnsembleProfile) async {
        var logger = self.logger
        logger[metadataKey: "ensemble"] = "\(profile.name)"
        // The monitor's event times count from its start; the recorder turns them into Unix seconds.
        let started = Date().timeIntervalSince1970
        // Windows longer than the history kept (serve keeps a short one per ensemble) are cut to what it holds.
        let settings = profile.settings
        let monitor = EnsembleMonitor(
            configuration: profile.configuration, settings: settings,
            thresholds: thresholds.windows(atMost: Double(settings.historyCapacity) * settings.intervalSeconds),
            logger: logger)
        let recorder = store.timeline.map { TimelineRecorder(store: $0, ensemble: profile.name, timeOffset: started) }
        for await update in monitor.updates(bufferingNewest: 1) {
            let reading = EnsembleReading(
                name: profile.name, report: update.tracker.report, snapshot: update.state.snapshot,
                roundDuration: update.roundDuration)
            store.record(reading, events: update.events, at: Date())
            guard let recorder, !update.events.isEmpty else { continue }
            do {
                _ = try await recorder.record(update.events)
            } catch {
                // A full disk or a locked file loses events, never the poll loop; the next round retries them.
                logger.error("the timeline could not be written: \(error)")
            }
        }
    }

    /// Drops events older than the retention, now and every hour.
    private func prune(_ timeline: EventStore) async {
        while !Task.isCancelled {
            do {
                _ = try timeline.prune(now: Date())
            } catch {
                logger.error("the timeline could not be pruned: \(error)")
            }
            try? await Task.sleep(for: .seconds(3600))
        }
    }
}
