import EnsembleCore
import Foundation
import Testing

@testable import TimelineStore

/// The store against a real SQLite file in a temporary directory.
@Suite struct EventStoreTests {
    @Test func appendAndQueryRoundTrip() throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        let store = try EventStore.open(directory: temp.state)
        let events = [
            Events.restart("127.0.0.1:2181", at: 1_000), Events.leader("127.0.0.1:2181", "127.0.0.1:2182", at: 1_001),
            Events.raised("127.0.0.1:2181", at: 1_001),
        ]
        try store.append(ensemble: "prod", events: events)
        let stored = try store.events()
        #expect(stored.map(\.kind) == ["member-restarted", "leader-changed", "finding-raised"])
        #expect(stored.map(\.event) == events)
        #expect(stored.map(\.ensemble) == ["prod", "prod", "prod"])
        #expect(stored[0].evidence?["uptime_after_ms"] == "1200")
        #expect(stored[2].code == "member-down")
        #expect(stored[2].severity == "warning")
        #expect(stored[2].evidence == ["refused_polls": "3"])
        #expect(stored[1].members == ["127.0.0.1:2181", "127.0.0.1:2182"])
        #expect(stored.map(\.id) == stored.map(\.id).sorted())
    }

    @Test func sinceEnsembleAndLimitFilter() throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        let store = try EventStore.open(directory: temp.state)
        try store.append(ensemble: "prod", events: (0..<5).map { Events.restart("a:1", at: 100 + Double($0)) })
        try store.append(ensemble: "staging", events: [Events.restart("b:1", at: 102.5)])
        #expect(try store.events(since: 102).map(\.time) == [102, 102.5, 103, 104])
        #expect(try store.events(ensemble: "staging").map(\.time) == [102.5])
        #expect(try store.events(ensemble: "prod", since: 103).map(\.time) == [103, 104])
        #expect(try store.events(ensemble: "nope").isEmpty)
        // The newest `limit`, oldest first.
        #expect(try store.events(ensemble: "prod", limit: 2).map(\.time) == [103, 104])
        #expect(try store.count() == 6)
        #expect(try store.count(ensemble: "prod") == 5)
    }

    @Test func retentionPrunesOldEvents() throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        let now = Date(timeIntervalSince1970: 2_000_000)
        let store = try EventStore.open(directory: temp.state, retention: 3600)
        try store.append(
            ensemble: "prod",
            events: [
                Events.restart("a:1", at: now.timeIntervalSince1970 - 7200),
                Events.restart("a:1", at: now.timeIntervalSince1970 - 3601),
                Events.restart("a:1", at: now.timeIntervalSince1970 - 60),
            ])
        #expect(try store.prune(now: now) == 2)
        #expect(try store.events().map(\.time) == [now.timeIntervalSince1970 - 60])
        #expect(try store.prune(now: now) == 0)
    }

    @Test func rowCapKeepsTheNewestOnEveryAppend() throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        let store = try EventStore.open(directory: temp.state, maximumRows: 10)
        for batch in 0..<7 {
            try store.append(
                ensemble: "loop", events: (0..<3).map { Events.restart("a:1", at: Double(batch * 3 + $0)) })
        }
        #expect(try store.count() == 10)
        #expect(try store.events().map(\.time) == (11..<21).map(Double.init))
        // A reopened store with a smaller cap trims on prune.
        let smaller = try EventStore.open(directory: temp.state, maximumRows: 4)
        #expect(try smaller.prune(now: Date(timeIntervalSince1970: 30)) == 6)
        #expect(try smaller.events().map(\.time) == [17, 18, 19, 20])
    }

    @Test func reopenedStoreKeepsEvents() throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        do {
            let store = try EventStore.open(directory: temp.state)
            try store.append(ensemble: "prod", events: [Events.restart("a:1", at: 5)])
        }
        let again = try EventStore.open(directory: temp.state)
        try again.append(ensemble: "prod", events: [Events.restart("a:1", at: 6)])
        #expect(try again.events().map(\.time) == [5, 6])
        let reader = try #require(try EventStore.openForReading(directory: temp.state))
        #expect(try reader.events().map(\.time) == [5, 6])
    }

    @Test func readerSeesTheWritersNewEventsWhileItIsOpen() throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        let writer = try EventStore.open(directory: temp.state)
        let reader = try #require(try EventStore.openForReading(directory: temp.state))
        #expect(try reader.events().isEmpty)
        try writer.append(ensemble: "prod", events: [Events.restart("a:1", at: 7)])
        #expect(try reader.events().map(\.time) == [7])
        #expect(throws: EventStoreError.self) {
            try reader.append(ensemble: "prod", events: [Events.restart("a:1", at: 8)])
        }
        #expect(Events.mode(StateDirectory.databasePath(in: temp.state) + "-wal") != nil)
    }

    @Test func noDatabaseYetIsNilForReaders() throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        #expect(try EventStore.openForReading(directory: temp.state) == nil)
        #expect(Events.mode(temp.state) == nil)
    }

    @Test func directoryIs0700AndFile0600() throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        let store = try EventStore.open(directory: temp.state + "/nested")
        try store.append(ensemble: "prod", events: [Events.restart("a:1", at: 1)])
        #expect(Events.mode(temp.state) == 0o700)
        #expect(Events.mode(temp.state + "/nested") == 0o700)
        #expect(Events.mode(store.path) == 0o600)
        #expect(Events.mode(store.path + "-wal") == 0o600)
    }

    @Test func symbolicLinkIsRefused() throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        try FileManager.default.createDirectory(
            atPath: temp.state, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let target = temp.path + "/elsewhere"
        #expect(FileManager.default.createFile(atPath: target, contents: Data()))
        try FileManager.default.createSymbolicLink(
            atPath: StateDirectory.databasePath(in: temp.state), withDestinationPath: target)
        let error = #expect(throws: EventStoreError.self) { try EventStore.open(directory: temp.state) }
        #expect(error?.code == .unsafeFile)
        #expect(error?.message.contains("symbolic link") == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: target)).isEmpty)
        #expect(throws: EventStoreError.self) { try EventStore.openForReading(directory: temp.state) }
    }

    @Test func groupWritableDirectoryIsRefused() throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        try FileManager.default.createDirectory(
            atPath: temp.state, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o777])
        let error = #expect(throws: EventStoreError.self) { try EventStore.open(directory: temp.state) }
        #expect(error?.code == .directory)
        #expect(error?.message.contains("chmod 700") == true)
    }

    @Test func corruptFileIsOneLineNamingTheFileAndTheFix() throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        try FileManager.default.createDirectory(
            atPath: temp.state, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let path = StateDirectory.databasePath(in: temp.state)
        #expect(
            FileManager.default.createFile(
                atPath: path, contents: Data(repeating: 0x5A, count: 8192), attributes: [.posixPermissions: 0o600]))
        let writing = #expect(throws: EventStoreError.self) { try EventStore.open(directory: temp.state) }
        #expect(writing?.code == .damaged)
        #expect(writing?.message.contains(path) == true)
        #expect(writing?.message.contains("mv \(path) \(path).broken") == true)
        #expect(writing?.message.contains("\n") == false)
        let reading = #expect(throws: EventStoreError.self) {
            _ = try EventStore.openForReading(directory: temp.state)?.events()
        }
        #expect(reading?.code == .damaged)
    }

    @Test func damagedPagesAfterTheHeaderAreReportedNotCrashed() throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        do {
            let store = try EventStore.open(directory: temp.state)
            try store.append(ensemble: "prod", events: (0..<500).map { Events.restart("a:1", at: Double($0)) })
        }
        let path = StateDirectory.databasePath(in: temp.state)
        // Overwrite everything after the first page (the header stays valid, the tables do not).
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seek(toOffset: 4096)
        try handle.write(contentsOf: Data(repeating: 0xA5, count: 64 * 1024))
        try handle.close()
        let error = #expect(throws: EventStoreError.self) {
            let store = try EventStore.open(directory: temp.state)
            _ = try store.events()
        }
        #expect(error?.code == .damaged)
    }

    /// Two writers on one file (two `serve` shards sharing a state directory) wait for each other, never fail.
    @Test func twoWritersOnOneFileBothLand() async throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        let first = try EventStore.open(directory: temp.state)
        let second = try EventStore.open(directory: temp.state)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (name, store) in [("a", first), ("b", second)] {
                group.addTask {
                    for round in 0..<100 {
                        try store.append(
                            ensemble: name,
                            events: [Events.restart("m:1", at: Double(round)), Events.raised("m:1", at: Double(round))])
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try first.count(ensemble: "a") == 200)
        #expect(try second.count(ensemble: "b") == 200)
    }
}
