import EnsembleCore
import Foundation
import Testing

@testable import TimelineStore

/// The store stays cheap for a fleet: a round of 100 ensembles is 100 small transactions, and reading one
/// ensemble's window out of many rows uses the (ensemble, time) index.
@Suite struct EventStoreCostTests {
    @Test func aHundredEnsemblesRoundsAndAnIndexedRead() throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        let store = try EventStore.open(directory: temp.state)
        let clock = ContinuousClock()
        var rounds: [Duration] = []
        for round in 0..<20 {
            let began = clock.now
            for ensemble in 0..<100 {
                try store.append(
                    ensemble: "e\(ensemble)",
                    events: (0..<5).map { Events.restart("m\($0):2181", at: Double(round * 10 + $0)) })
            }
            rounds.append(clock.now - began)
        }
        #expect(try store.count() == 20 * 100 * 5)
        let began = clock.now
        let read = try store.events(ensemble: "e42", since: 150)
        let readTime = clock.now - began
        #expect(read.count == 25)
        let plan = try store.queryPlan(ensemble: "e42", since: 150)
        #expect(plan.contains("event_ensemble_time"), "\(plan)")
        // Generous bounds (a loaded 2-core machine): measured ~0.1 s per 100-ensemble round and ~1 ms per read.
        let worst = rounds.max() ?? .zero
        print("timeline cost: 100-ensemble round worst \(worst), median \(rounds.sorted()[10]); read \(readTime)")
        #expect(worst < .seconds(10))
        #expect(readTime < .seconds(5))
    }
}
