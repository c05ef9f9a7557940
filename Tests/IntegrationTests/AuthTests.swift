import Foundation
import Synchronization
import Testing
import ZooKeeperClient
import ZooKeeperJute
import ZooKeeperLab

@testable import ZKScopeApp

/// `--auth` against a real server: a node only alice may read is NoAuth without credentials, readable through
/// `zkscope tree`, the dashboard's tree controller and the compare view with them, and still NoAuth with a wrong
/// password (digest auth never fails the session: it only adds an identity the ACL does not match).
@Suite(.serialized)
struct AuthTests {
    static let secret = Array("only alice".utf8)

    @Test func credentialsReadWhatTheACLProtects() async throws {
        try await LabEnsemble.with(LabOptions(members: 1)) { lab in
            let owner = try await ZooKeeperClient.connect(
                try ZooKeeperConfiguration(connectString: lab.connectString), timeout: .seconds(20))
            try await owner.addAuth([try #require(AuthCredential(parsing: "digest:alice:secret"))])
            _ = try await owner.create("/secret", data: Self.secret, acl: ACL.creatorAll)
            await owner.close()

            // zkscope tree: NoAuth without credentials or with a wrong password, the data with the right ones.
            func tree(_ extra: [String]) async throws -> String {
                let result = try await ZKScopeExecutable.run(
                    ["tree", "/secret", "--json", "--data", "--servers", lab.connectString] + extra,
                    timeout: .seconds(60))
                #expect(result.exitCode == 0, "\(result)")
                return result.stdout
            }
            #expect(try await tree([]).contains("\"error\":\"NoAuth\""))
            #expect(try await tree(["--auth", "digest:alice:wrong"]).contains("\"error\":\"NoAuth\""))
            let readable = try await tree(["--auth", "digest:alice:secret"])
            #expect(readable.contains(Data(Self.secret).base64EncodedString()), "\(readable)")
            #expect(!readable.contains("NoAuth"))
            let bad = try await ZKScopeExecutable.run(["tree", "/", "--auth", "alice", "--servers", lab.connectString])
            #expect(bad.exitCode != 0 && bad.stderr.contains("scheme:credentials"))

            // The dashboard's tree controller and compare view, with the credentials.
            let credentials = [try #require(AuthCredential(parsing: "digest:alice:secret"))]
            let updates = Updates()
            let tree = TreeController(
                connectString: lab.connectString, credentials: credentials, log: AppLog(path: nil)
            ) { update in updates.add(tree: update) }
            tree.handle(.detail(path: "/secret"))
            let detail = try await updates.wait { $0.details.first { $0.path == "/secret" } }
            #expect(detail.data == Self.secret)
            await tree.close()

            let compare = CompareController(
                members: [lab.connectString], credentials: credentials, log: AppLog(path: nil)
            ) { update in updates.add(compare: update) }
            compare.handle(.show(path: "/secret"))
            let state = try await updates.wait { $0.compared.first { $0.path == "/secret" }?.state }
            #expect(state.node?.dataPrefix == Self.secret, "\(state)")
            await compare.close()
        }
    }

    /// `check --deep` compares what only credentials can read: the protected node differs on one of three
    /// standalones; without `--auth` it reads as unreadable everywhere alike and is not named.
    @Test func deepComparisonReadsProtectedNodesWithCredentials() async throws {
        try await LabEnsemble.with(LabOptions(members: 3, topology: .independentStandalones)) { lab in
            for member in lab.members {
                let client = try await ZooKeeperClient.connect(
                    try ZooKeeperConfiguration(connectString: "\(member.host):\(member.clientPort)"),
                    timeout: .seconds(20))
                try await client.addAuth([try #require(AuthCredential(parsing: "digest:alice:secret"))])
                let data = Array((member.id == 1 ? "one" : "same").utf8)
                _ = try await client.create("/guarded", data: data, acl: ACL.creatorAll)
                await client.close()
            }
            let servers = lab.members.map { "\($0.host):\($0.clientPort)@\($0.adminPort)" }.joined(separator: ",")
            func divergentPaths(_ extra: [String]) async throws -> String {
                let result = try await ZKScopeBinary.run(
                    ["check", "--servers", servers, "--json", "--deep", "--interval", "0.5", "--window", "1"] + extra)
                let object = try #require(
                    try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result)")
                let findings = try #require(object["findings"] as? [[String: Any]])
                let divergence = findings.first { $0["code"] as? String == "content-divergence" }
                return (divergence?["evidence"] as? [String: String])?["paths"] ?? ""
            }
            #expect(try await !divergentPaths([]).contains("/guarded"))
            #expect(try await divergentPaths(["--auth", "digest:alice:secret"]).contains("/guarded"))
        }
    }

    /// What the controllers delivered.
    final class Updates: Sendable {
        struct Seen: Sendable {
            var details: [NodeDetail] = []
            var compared: [CompareUpdate] = []
        }
        let seen = Mutex<Seen>(Seen())

        func add(tree update: TreeUpdate) {
            if case .detail(let detail) = update { seen.withLock { $0.details.append(detail) } }
        }

        func add(compare update: CompareUpdate) {
            if case .loading = update.state { return }
            seen.withLock { $0.compared.append(update) }
        }

        func wait<T>(_ find: (Seen) -> T?) async throws -> T {
            let deadline = ContinuousClock.now + .seconds(30)
            while ContinuousClock.now < deadline {
                if let found = seen.withLock({ find($0) }) { return found }
                try await Task.sleep(for: .milliseconds(20))
            }
            throw LabError("nothing delivered within 30 s: \(seen.withLock { "\($0)" })")
        }
    }
}
