import EnsembleMonitor
import Foundation
import Testing
import ZKScopeApp
import ZooKeeperClient
import ZooKeeperLab
import ZooKeeperRecipes

/// The recursive delete recipe against a real server, listing with the one tree walker: children go before
/// parents, a subtree over the limit is left whole, failures are reported and the rest goes on; and the
/// dashboard's confirmed recursive delete runs it.
@Suite(.serialized)
struct RecursiveDeleteTests {
    /// The walker as the recipe's listing, as the dashboard hands it over.
    static func walk(_ client: ZooKeeperClient) -> RecursiveDelete.Enumerate {
        { root, visit in
            _ = try await TreeWalker(sessions: [client], options: TreeWalkOptions(root: root)).walk { entry in
                try visit(entry.path)
            }
        }
    }

    static func fill(_ client: ZooKeeperClient, _ root: String, top: Int, leaves: Int) async throws {
        _ = try await client.create(root)
        for t in 0..<top {
            let parent = "\(root)/t\(t)"
            _ = try await client.create(parent)
            for l in 0..<leaves { _ = try await client.create("\(parent)/l\(l)", data: [UInt8(l)]) }
        }
    }

    @Test func deletesChildrenBeforeParentsWithinItsLimitAndReportsFailures() async throws {
        #expect(
            RecursiveDelete.deletionOrder(preOrder: ["/a", "/a/b", "/a/b/c", "/a/d"]) == [
                "/a/d", "/a/b/c", "/a/b", "/a",
            ])
        #expect(throws: ZooKeeperError.self) { try RecursiveDelete(path: "/") }
        #expect(throws: ZooKeeperError.self) { try RecursiveDelete(path: "relative") }
        try await LabEnsemble.with(LabOptions(members: 1)) { lab in
            let client = try await ZooKeeperClient.connect(try ZooKeeperConfiguration(connectString: lab.connectString))
            try await Self.fill(client, "/doomed", top: 3, leaves: 20)
            _ = try await client.create("/doomed-sibling")

            // Over the limit: nothing is deleted.
            let small = try RecursiveDelete(path: "/doomed", limit: 10)
            await #expect(throws: ZooKeeperError.self) {
                _ = try await small.run(client: client, enumerate: Self.walk(client))
            }
            #expect(try await client.getAllChildrenNumber("/doomed") == 63)

            // Within it: the whole subtree goes, the sibling with a shared prefix stays.
            let report = try await RecursiveDelete(path: "/doomed").run(client: client, enumerate: Self.walk(client))
            #expect(report.listed == 64 && report.deleted == 64 && report.failed.isEmpty && report.alreadyGone == 0)
            #expect(report.summary == "deleted /doomed and 63 descendants")
            #expect(try await client.exists("/doomed") == nil)
            #expect(try await client.exists("/doomed-sibling") != nil)

            // A node that cannot be deleted is reported, and so are its ancestors (not empty); the rest goes.
            _ = try await client.create("/guarded")
            _ = try await client.create("/guarded/free")
            _ = try await client.create("/guarded/locked")
            _ = try await client.create("/guarded/locked/child")
            let noDelete = [ACL(perms: [.read, .write, .create, .admin], id: .anyone)]
            _ = try await client.setACL("/guarded/locked", acl: noDelete)
            let partial = try await RecursiveDelete(path: "/guarded").run(client: client, enumerate: Self.walk(client))
            #expect(partial.listed == 4 && partial.deleted == 1, "\(partial)")
            #expect(partial.failed.map(\.path) == ["/guarded/locked/child", "/guarded/locked", "/guarded"])
            #expect(partial.failed.map(\.error.code) == [.noAuth, .notEmpty, .notEmpty])
            #expect(
                partial.summary.hasPrefix("deleted 1 of 4 nodes under /guarded; 3 failed (first: /guarded/locked/child")
            )
            #expect(try await client.exists("/guarded/free") == nil)
            await client.close()
        }
    }

    @Test func theDashboardsConfirmedRecursiveDeleteUsesTheRecipe() async throws {
        try await LabEnsemble.with(LabOptions(members: 1)) { lab in
            let client = try await ZooKeeperClient.connect(try ZooKeeperConfiguration(connectString: lab.connectString))
            try await Self.fill(client, "/app", top: 2, leaves: 5)
            let controller = TreeController(connectString: lab.connectString, log: AppLog(path: nil)) { _ in }
            let (message, isError) = await controller.write(.delete(path: "/app", recursive: true))
            #expect(!isError && message == "deleted /app and 12 descendants", "\(message)")
            #expect(try await client.exists("/app") == nil)
            await controller.close()
            await client.close()
        }
    }
}
