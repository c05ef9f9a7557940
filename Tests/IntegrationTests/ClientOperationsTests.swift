import Foundation
import Testing
import ZooKeeperClient
import ZooKeeperLab

/// Waits for the first element of `stream` matching `predicate`, or nil after `timeout`.
func firstMatch<Element: Sendable>(
    _ stream: AsyncStream<Element>, timeout: Duration, where predicate: @escaping @Sendable (Element) -> Bool
) async -> Element? {
    await withTaskGroup(of: Element?.self) { group in
        group.addTask {
            for await element in stream where predicate(element) { return element }
            return nil
        }
        group.addTask {
            try? await Task.sleep(for: timeout)
            return nil
        }
        let first = await group.next() ?? nil
        group.cancelAll()
        return first
    }
}

/// Collects watch events, in arrival order, until `done` says the set seen is complete or
/// `timeout` passes; returns what was seen either way, so a failing test can print it.
func collectEvents(
    _ stream: AsyncStream<WatchEvent>, timeout: Duration, until done: @escaping @Sendable (Set<WatchEvent>) -> Bool
) async -> [WatchEvent] {
    await withTaskGroup(of: [WatchEvent]?.self) { group in
        group.addTask {
            var seen: [WatchEvent] = []
            for await event in stream {
                seen.append(event)
                if done(Set(seen)) { break }
            }
            return seen
        }
        group.addTask {
            try? await Task.sleep(for: timeout)
            return nil
        }
        var result: [WatchEvent] = []
        if let first = await group.next(), let seen = first {
            result = seen
        } else {
            group.cancelAll()
            while let next = await group.next() { if let seen = next { result = seen } }
        }
        group.cancelAll()
        return result
    }
}

/// Options for a fast standalone lab: a 500 ms tick allows session timeouts from 1 s to 10 s, and
/// TTL nodes are enabled so every create mode can be exercised.
func fastLabOptions(members: Int = 1) -> LabOptions {
    var options = LabOptions(members: members, adminServer: false, tickTimeMilliseconds: 500)
    options.jvmOptions += ["-Dzookeeper.extendedTypesEnabled=true"]
    return options
}

func clientConfiguration(_ connectString: String, sessionTimeout: Duration = .seconds(4)) throws
    -> ZooKeeperConfiguration
{
    var configuration = try ZooKeeperConfiguration(connectString: connectString)
    configuration.sessionTimeout = sessionTimeout
    configuration.requestTimeout = .seconds(5)
    return configuration
}

/// Every operation of the client against a real ZooKeeper 3.8 server.
@Suite(.serialized)
struct ClientOperationsTests {
    @Test func everyOperationAgainstARealServer() async throws {
        try await LabEnsemble.with(fastLabOptions()) { lab in
            let client = try await ZooKeeperClient.connect(try clientConfiguration(lab.connectString))
            defer { Task { await client.close() } }
            #expect(client.sessionID != nil)
            #expect(client.negotiatedSessionTimeout == .seconds(4))

            // create: every mode
            #expect(try await client.create("/app", data: Array("root".utf8)) == "/app")
            let ephemeral = try await client.create("/app/e", mode: .ephemeral)
            #expect(ephemeral == "/app/e")
            let sequential = try await client.create("/app/s-", mode: .persistentSequential)
            #expect(sequential == "/app/s-0000000001")
            let ephemeralSequential = try await client.create("/app/es-", mode: .ephemeralSequential)
            #expect(ephemeralSequential == "/app/es-0000000002")
            let container = try await client.createWithStat("/app/container", mode: .container)
            #expect(container.path == "/app/container")
            // ZooKeeper 3.8 reports ephemeralOwner 0 for containers (observed), like a persistent node.
            let containerStat = try #require(try await client.exists("/app/container"))
            #expect(containerStat.czxid == container.stat.czxid)
            let ttl = try await client.createWithStat("/app/ttl", mode: .persistentWithTTL, ttl: .seconds(60))
            #expect(ttl.path == "/app/ttl")
            let ttlSequential = try await client.create(
                "/app/ttls-", mode: .persistentSequentialWithTTL, ttl: .seconds(60))
            #expect(ttlSequential.hasPrefix("/app/ttls-"))
            let withStat = try await client.createWithStat("/app/stat", data: [1, 2, 3])
            #expect(withStat.stat.dataLength == 3)
            await #expect(throws: ZooKeeperError(.nodeExists, path: "/app")) {
                try await client.create("/app")
            }
            await #expect(throws: ZooKeeperError(.noNode, path: "/missing/child")) {
                try await client.create("/missing/child")
            }
            await #expect(throws: ZooKeeperError.self) { try await client.create("bad path") }

            // exists / getData / setData
            #expect(try await client.exists("/nope") == nil)
            let stat = try #require(try await client.exists("/app/stat"))
            #expect(stat.version == 0)
            let (data, dataStat) = try await client.getData("/app")
            #expect(data == Array("root".utf8))
            #expect(dataStat.numChildren == 7)
            let newStat = try await client.setData("/app/stat", data: [9], version: 0)
            #expect(newStat.version == 1)
            await #expect(throws: ZooKeeperError(.badVersion, path: "/app/stat")) {
                try await client.setData("/app/stat", data: [8], version: 0)
            }
            #expect(try await client.getData("/app/stat").data == [9])
            await #expect(throws: ZooKeeperError(.noNode, path: "/nope")) { try await client.getData("/nope") }

            // children
            let children = try await client.getChildren("/app").sorted()
            #expect(children.count == 7)
            #expect(children.contains("e") && children.contains("s-0000000001"))
            let (children2, parentStat) = try await client.getChildrenWithStat("/app")
            #expect(children2.count == 7 && parentStat.numChildren == 7)
            #expect(try await client.getAllChildrenNumber("/app") == 7)
            let ephemerals = try await client.getEphemerals(prefix: "/app").sorted()
            #expect(ephemerals == ["/app/e", "/app/es-0000000002"])
            #expect(try await client.sync("/app") == "/app")

            // delete
            await #expect(throws: ZooKeeperError(.notEmpty, path: "/app")) { try await client.delete("/app") }
            await #expect(throws: ZooKeeperError(.badVersion, path: "/app/stat")) {
                try await client.delete("/app/stat", version: 0)
            }
            try await client.delete("/app/stat", version: 1)
            #expect(try await client.exists("/app/stat") == nil)

            // ACLs and auth
            let (acl, aclStat) = try await client.getACL("/app")
            #expect(acl == ACL.openUnsafe)
            #expect(aclStat.aversion == 0)
            try await client.addDigestAuth(user: "alice", password: "secret")
            _ = try await client.create("/app/private", data: [1], acl: ACL.creatorAll)
            let (privateACL, _) = try await client.getACL("/app/private")
            #expect(privateACL.count == 1 && privateACL[0].id.scheme == "digest")
            #expect(privateACL[0].id.id.hasPrefix("alice:"))
            let readOnly = try await client.setACL("/app/e", acl: ACL.readUnsafe, version: 0)
            #expect(readOnly.aversion == 1)
            await #expect(throws: ZooKeeperError(.noAuth, path: "/app/e")) {
                try await client.setData("/app/e", data: [1])
            }

            // a second session without the credentials cannot read the private node
            let other = try await ZooKeeperClient.connect(try clientConfiguration(lab.connectString))
            await #expect(throws: ZooKeeperError(.noAuth, path: "/app/private")) {
                try await other.getData("/app/private")
            }
            #expect(try await other.getEphemerals().isEmpty)
            await other.close()

            // close deletes the ephemerals at once
            await client.close()
            #expect(client.sessionState == .closed)
            await #expect(throws: ZooKeeperError.self) { try await client.exists("/app") }
            let observer = try await ZooKeeperClient.connect(try clientConfiguration(lab.connectString))
            #expect(try await observer.exists("/app/e") == nil)
            #expect(try await observer.exists("/app/s-0000000001") != nil)
            #expect(try await observer.exists("/app/es-0000000002") == nil)
            await observer.close()
        }
    }

    @Test func multiAppliesAllOrNothing() async throws {
        try await LabEnsemble.with(fastLabOptions()) { lab in
            let client = try await ZooKeeperClient.connect(try clientConfiguration(lab.connectString))
            _ = try await client.create("/m")
            let results = try await client.multi([
                .create("/m/a", data: [1]),
                .create("/m/seq-", mode: .persistentSequential),
                .setData("/m", data: [2]),
                .check("/m", version: 1),
                .delete("/m/a"),
            ])
            #expect(results.count == 5)
            guard results.count == 5 else { return }
            if case .create(let path, _) = results[0] { #expect(path == "/m/a") } else { Issue.record("\(results)") }
            if case .create(let path, _) = results[1] {
                #expect(path == "/m/seq-0000000001")
            } else {
                Issue.record("\(results)")
            }
            if case .setData(let stat) = results[2] { #expect(stat.version == 1) } else { Issue.record("\(results)") }
            #expect(results[3] == .check)
            #expect(results[4] == .delete)
            #expect(results.allSatisfy { $0.errorCode == nil })

            let failed = try await client.multi([
                .create("/m/b"),
                .check("/m", version: 99),
                .create("/m/c"),
            ])
            #expect(failed.count == 3)
            #expect(failed.compactMap(\.errorCode).contains(.badVersion))
            #expect(try await client.exists("/m/b") == nil)
            await client.close()
        }
    }

    @Test func watchesOneShotAndPersistent() async throws {
        try await LabEnsemble.with(fastLabOptions()) { lab in
            let client = try await ZooKeeperClient.connect(try clientConfiguration(lab.connectString))
            let writer = try await ZooKeeperClient.connect(try clientConfiguration(lab.connectString))
            let events = client.watchEvents()
            _ = try await writer.create("/w", data: [0])
            _ = try await client.getData("/w", watch: true)
            #expect(try await client.exists("/w/new", watch: true) == nil)
            _ = try await client.getChildren("/w", watch: true)
            try await client.addWatch("/p", mode: .persistentRecursive)

            _ = try await writer.setData("/w", data: [1])  // data watch
            _ = try await writer.create("/w/new")  // exist watch + child watch
            _ = try await writer.create("/p")  // persistent recursive: created
            _ = try await writer.setData("/w", data: [2])  // no watch left: nothing
            _ = try await writer.create("/p/q")  // persistent recursive: child created
            let expected: Set<WatchEvent> = [
                WatchEvent(type: .nodeDataChanged, state: .syncConnected, path: "/w"),
                WatchEvent(type: .nodeCreated, state: .syncConnected, path: "/w/new"),
                WatchEvent(type: .nodeChildrenChanged, state: .syncConnected, path: "/w"),
                WatchEvent(type: .nodeCreated, state: .syncConnected, path: "/p"),
                WatchEvent(type: .nodeCreated, state: .syncConnected, path: "/p/q"),
            ]
            let seen = await collectEvents(events, timeout: .seconds(10)) { expected.isSubset(of: $0) }
            #expect(seen.contains(WatchEvent(type: .nodeDataChanged, state: .syncConnected, path: "/w")))
            #expect(seen.contains(WatchEvent(type: .nodeCreated, state: .syncConnected, path: "/w/new")))
            #expect(seen.contains(WatchEvent(type: .nodeChildrenChanged, state: .syncConnected, path: "/w")))
            #expect(seen.contains(WatchEvent(type: .nodeCreated, state: .syncConnected, path: "/p")))
            #expect(seen.contains(WatchEvent(type: .nodeCreated, state: .syncConnected, path: "/p/q")))
            // One-shot: the second change of /w (made before /p/q was created) fired nothing.
            #expect(seen.filter { $0.path == "/w" && $0.type == .nodeDataChanged }.count == 1)

            try await client.checkWatches("/p", type: .any)
            try await client.removeWatches("/p", type: .any)
            await #expect(throws: ZooKeeperError(.noWatcher, path: "/p")) {
                try await client.removeWatches("/p", type: .any)
            }
            _ = try await client.getData("/w", watch: true)
            try await client.removeWatches("/w", type: .data)
            await client.close()
            await writer.close()
        }
    }

    @Test func chrootIsAddedAndStripped() async throws {
        try await LabEnsemble.with(fastLabOptions()) { lab in
            let root = try await ZooKeeperClient.connect(try clientConfiguration(lab.connectString))
            _ = try await root.create("/tenant")
            let client = try await ZooKeeperClient.connect(try clientConfiguration(lab.connectString + "/tenant"))
            let events = client.watchEvents()
            #expect(try await client.create("/x", data: [1]) == "/x")
            #expect(try await client.create("/seq-", mode: .ephemeralSequential) == "/seq-0000000001")
            #expect(try await root.getData("/tenant/x").data == [1])
            #expect(try await client.getChildren("/").sorted() == ["seq-0000000001", "x"])
            #expect(try await client.getEphemerals() == ["/seq-0000000001"])
            _ = try await client.exists("/x", watch: true)
            _ = try await root.setData("/tenant/x", data: [2])
            let event = await firstMatch(events, timeout: .seconds(5)) { _ in true }
            #expect(event == WatchEvent(type: .nodeDataChanged, state: .syncConnected, path: "/x"))
            let results = try await client.multi([.create("/y")])
            #expect(results.count == 1)
            if case .create(let path, _) = results.first { #expect(path == "/y") } else { Issue.record("\(results)") }
            await client.close()
            await root.close()
        }
    }
}
