import Foundation
import Testing
import ZooKeeperClient
import ZooKeeperLab
import ZooKeeperRecipes

/// Our lock recipes against Apache Curator 5.4 on one real ensemble: a Java process and two Swift
/// clients contend for `/lock/mutex/aaa`; nobody ever holds it with someone else, everybody gets it,
/// and the znodes look exactly like Curator's.
@Suite(.serialized)
struct LockInteropTests {
    /// Rounds per contender (3 contenders): enough for dozens of hand-overs between Java and Swift,
    /// small enough to keep each case well under a minute on a loaded 2-core machine.
    static let rounds = 100
    static let lockPath = "/lock/mutex/aaa"
    static let marker = "/lock-marker"
    static let log = "/lock-log"

    static func lab() -> LabOptions { LabOptions(members: 1, tickTimeMilliseconds: 500) }

    @Test(arguments: LockWitness.Recipe.allCases)
    func swiftAndCuratorNeverHoldTheLockAtOnce(recipe: LockWitness.Recipe) async throws {
        try await LabEnsemble.with(Self.lab()) { lab in
            let setup = try await LockWitness.client(lab.connectString)
            let first = try await LockWitness.client(lab.connectString)
            let second = try await LockWitness.client(lab.connectString)
            let java = try await LockWitness.startJava(
                lab.connectString, recipe: recipe.rawValue, lockPath: Self.lockPath, marker: Self.marker, log: Self.log,
                rounds: Self.rounds)
            do {
                _ = try await setup.create(Self.log)
                try await java.waitForOutput("READY", timeout: .seconds(90))
                let clock = ContinuousClock()
                let start = clock.now
                _ = try await setup.create(Self.marker + "-go")
                async let runA = LockWitness.runSwift(
                    client: first, recipe: recipe, lockPath: Self.lockPath, marker: Self.marker, log: Self.log,
                    rounds: Self.rounds, name: "swift-1")
                async let runB = LockWitness.runSwift(
                    client: second, recipe: recipe, lockPath: Self.lockPath, marker: Self.marker, log: Self.log,
                    rounds: Self.rounds, name: "swift-2")
                let (a, b) = try await (runA, runB)
                let javaResult = await java.wait(timeout: .seconds(120))
                let elapsed = clock.now - start

                #expect(javaResult.succeeded, "\(javaResult)")
                #expect(javaResult.lines.filter { $0.hasPrefix("ROUND ") }.count == Self.rounds)
                #expect(javaResult.lines.contains("DONE violations=0"))
                #expect(a.violations.isEmpty, "\(a.violations)")
                #expect(b.violations.isEmpty, "\(b.violations)")
                #expect(a.rounds == Self.rounds && b.rounds == Self.rounds)

                let holders = try await LockWitness.holders(client: setup, log: Self.log)
                #expect(holders.count == 3 * Self.rounds)
                for name in ["java", "swift-1", "swift-2"] {
                    #expect(holders.filter { $0 == name }.count == Self.rounds, "\(name)")
                }
                // Real contention: the lock went back and forth between Java and Swift many times.
                let javaSwiftHandovers = zip(holders, holders.dropFirst()).filter { ($0 == "java") != ($1 == "java") }
                    .count
                #expect(javaSwiftHandovers >= 10, "\(holders)")
                #expect(try await setup.exists(Self.marker) == nil)
                // Everything released: no contender node is left.
                let shape = try await LockWitness.shape(client: setup, root: Self.lockPath)
                #expect(!shape.contains { $0.contains("ephemeral") }, "\(shape)")
                print(
                    "lock-interop \(recipe): \(3 * Self.rounds) holds, \(javaSwiftHandovers) java<->swift hand-overs,"
                        + " \(elapsed) total, longest swift wait \(max(a.longestWait, b.longestWait))")
            } catch {
                await java.stop()
                await setup.close()
                await first.close()
                await second.close()
                throw error
            }
            await setup.close()
            await first.close()
            await second.close()
        }
    }

    /// What Curator leaves behind, held and released, is what we leave behind: same names (up to
    /// the random UUID and sequence), same kinds (ephemeral contenders, parents that are not).
    /// The lab's container reaper runs only after a minute, so nothing vanishes while we look.
    @Test(arguments: LockWitness.Recipe.allCases)
    func znodesMatchCuratorsHeldAndReleased(recipe: LockWitness.Recipe) async throws {
        try await LabEnsemble.with(Self.lab()) { lab in
            let client = try await LockWitness.client(lab.connectString)
            let javaPath = "/lock/mutex/java-\(recipe.rawValue)"
            let swiftPath = "/lock/mutex/swift-\(recipe.rawValue)"
            let log = "/log"
            _ = try await client.create(log)
            _ = try await client.create(Self.marker + "-go")

            // Released: two rounds each, then compare what is left.
            let javaRun = try await LockWitness.startJava(
                lab.connectString, recipe: recipe.rawValue, lockPath: javaPath, marker: Self.marker, log: log, rounds: 2
            )
            let javaResult = await javaRun.wait(timeout: .seconds(90))
            #expect(javaResult.succeeded, "\(javaResult)")
            let swiftRun = try await LockWitness.runSwift(
                client: client, recipe: recipe, lockPath: swiftPath, marker: Self.marker, log: log, rounds: 2,
                name: "swift")
            #expect(swiftRun.rounds == 2 && swiftRun.violations.isEmpty)
            let releasedJava = try await LockWitness.shape(client: client, root: javaPath)
            let releasedSwift = try await LockWitness.shape(client: client, root: swiftPath)
            let expectedReleased =
                recipe == .mutex ? [". persistent"] : [". persistent", "leases persistent", "locks persistent"]
            #expect(releasedJava == expectedReleased)
            #expect(releasedSwift == releasedJava)

            // Held: Curator holds one lock, we hold the other.
            let holder = try await LockWitness.startJava(
                lab.connectString, recipe: recipe.rawValue, lockPath: javaPath, marker: Self.marker, log: log,
                rounds: -1)
            do {
                try await holder.waitForOutput("HELD", timeout: .seconds(90))
                let lock = try recipe.make(client, path: swiftPath)
                #expect(try await lock.acquire(.seconds(10)))
                let heldJava = try await LockWitness.shape(client: client, root: javaPath)
                let heldSwift = try await LockWitness.shape(client: client, root: swiftPath)
                let expectedHeld =
                    recipe == .mutex
                    ? [". persistent", "_c_*-lock-NNNNNNNNNN ephemeral"]
                    : [
                        ". persistent", "leases persistent", "leases/_c_*-lease-NNNNNNNNNN ephemeral",
                        "locks persistent",
                    ]
                #expect(heldJava == expectedHeld)
                #expect(heldSwift == heldJava)

                // The dashboard's recogniser sees the same recipe and the right holder on both.
                let javaSession = try #require(
                    holder.stdout.split(separator: "\n").first { $0.hasPrefix("HELD ") }.flatMap {
                        Int64($0.dropFirst(5))
                    })
                let javaLayout = try #require(
                    try await LockLayout.read(from: client, path: javaPath))
                let swiftLayout = try #require(
                    try await LockLayout.read(from: client, path: swiftPath))
                let expectedRecipe: LockLayout.Recipe = recipe == .mutex ? .curatorMutex : .curatorSemaphoreMutex
                #expect(javaLayout.recipe == expectedRecipe && swiftLayout.recipe == expectedRecipe)
                #expect(javaLayout.holder?.sessionID == javaSession)
                #expect(swiftLayout.holder?.sessionID == client.sessionID)
                #expect(javaLayout.holder?.contenderID != nil && swiftLayout.holder?.contenderID != nil)
                try await lock.release()
                #expect(try await LockWitness.shape(client: client, root: swiftPath) == expectedReleased)
            } catch {
                await holder.stop()
                await client.close()
                throw error
            }
            _ = await holder.kill()
            await client.close()
        }
    }

    /// Curator creates every parent of a lock node as a container (the server deletes it once its
    /// last child is gone), and so do we. Clients cannot see the difference in a stat, so the lab
    /// runs its container reaper every 500 ms: after a few rounds, Curator's lock paths and ours
    /// disappear with every parent up to `/lock`, while a persistent control node stays.
    @Test func lockParentsAreContainersLikeCurators() async throws {
        var options = Self.lab()
        options.jvmOptions.append("-Dznode.container.checkIntervalMs=500")
        try await LabEnsemble.with(options) { lab in
            let client = try await LockWitness.client(lab.connectString)
            _ = try await client.create("/log")
            _ = try await client.create(Self.marker + "-go")
            _ = try await client.create("/control")
            _ = try await client.create("/control/child")
            try await client.delete("/control/child")
            var paths: [String] = []
            for recipe in LockWitness.Recipe.allCases {
                let javaPath = "/lock/mutex/java-\(recipe.rawValue)"
                let swiftPath = "/lock/mutex/swift-\(recipe.rawValue)"
                paths += [javaPath, swiftPath]
                let java = try await LockWitness.startJava(
                    lab.connectString, recipe: recipe.rawValue, lockPath: javaPath, marker: Self.marker, log: "/log",
                    rounds: 2)
                let swiftRun = try await LockWitness.runSwift(
                    client: client, recipe: recipe, lockPath: swiftPath, marker: Self.marker, log: "/log", rounds: 2,
                    name: "swift")
                let javaResult = await java.wait(timeout: .seconds(90))
                #expect(javaResult.succeeded, "\(javaResult)")
                #expect(swiftRun.rounds == 2 && swiftRun.violations.isEmpty)
            }
            try await LockWitness.waitUntil("the lock parents to be reaped", timeout: .seconds(60)) {
                try await client.exists("/lock") == nil
            }
            for path in paths { #expect(try await client.exists(path) == nil, "\(path)") }
            #expect(try await client.exists("/control") != nil, "a persistent node is not reaped")
            let logged = try await LockWitness.holders(client: client, log: "/log")
            #expect(logged.count == 8)
            await client.close()
        }
    }
}
