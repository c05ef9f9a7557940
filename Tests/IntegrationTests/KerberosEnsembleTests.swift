import Foundation
import Testing
import ZooKeeperClient
import ZooKeeperLab

/// Issue 14's acceptance against real parts: a real MIT KDC (LabKDC, its own realm on a loopback port) and a
/// 3-member ensemble whose members log in with `Krb5LoginModule` and enforce SASL. kazoo (GSSAPI through puresasl,
/// after `kinit`) writes a tree with a node only `sasl:client@REALM` may read; `zkscope tree --json --data` with
/// the client keytab reads exactly that; `check --json` and the dashboard show the true roles; a wrong keytab, an
/// unknown principal, clock skew (the KDC's clock shifted with libfaketime) and a stopped KDC are each one clear
/// line and a non-zero exit well within the deadline. One KDC and one ensemble for the whole suite.
@Suite(.serialized)
struct KerberosEnsembleTests {
    @Test func kerberosEnsembleEndToEnd() async throws {
        let work = try WitnessRunner.makeWorkDirectory(prefix: "zkscope-krb")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let kdc = try await LabKDC.start(
            directory: work + "/kdc", principals: ["zookeeper/127.0.0.1", "client", "rotated", "ghost"])
        defer { Task { await kdc.stop() } }
        var options = LabOptions(members: 3, tickTimeMilliseconds: 500)
        options.security = LabSecurity(sasl: LabSASL(kerberos: LabKerberos(kdc: kdc)))
        try await LabEnsemble.with(options) { lab in
            let client = kdc.qualified("client")
            let environment = kdc.clientEnvironment
            let kerberos = ["--keytab", kdc.keytab(of: "client"), "--principal", client]

            // kazoo, from a ticket cache kinit filled, writes the tree (one node for client@REALM only).
            let cache = "FILE:" + work + "/kazoo.ccache"
            try kdc.kinit("client", cache: cache)
            let written = try await Kazoo.run(
                """
                import sys, base64
                from kazoo.client import KazooClient
                from kazoo.security import make_acl
                zk = KazooClient(hosts=sys.argv[1], sasl_options={"mechanism": "GSSAPI", "service": "zookeeper",
                                                                  "principal": sys.argv[2]})
                zk.start(timeout=30)
                zk.create("/krb", b"root")
                zk.create("/krb/open", b"anyone")
                zk.create("/krb/client-only", b"only the client", acl=[make_acl("sasl", sys.argv[2], all=True)])
                zk.create("/krb/nested/leaf", b"leaf", makepath=True)
                print("ACL", zk.get_acls("/krb/client-only")[0][0].id.id)
                def walk(path):
                    data, _ = zk.get(path)
                    print("NODE", path, base64.b64encode(data or b"").decode())
                    for child in sorted(zk.get_children(path)):
                        walk(path + "/" + child)
                walk("/krb")
                zk.stop()
                """, arguments: [lab.connectString, client], timeout: .seconds(90),
                environment: environment.merging(["KRB5CCNAME": cache]) { $1 })
            #expect(written.lines.contains("ACL \(client)"), "\(written)")
            let kazooNodes = Set(
                written.lines.filter { $0.hasPrefix("NODE ") }.map { line in
                    let fields = line.split(separator: " ", omittingEmptySubsequences: false)
                    return "\(fields[1]) \(fields.count > 2 ? fields[2] : "")"
                })
            #expect(kazooNodes.count == 5, "\(written)")

            // 1. tree --json --data with the client keytab: exactly what kazoo read, the client-only node included.
            let tree = try await ZKScopeExecutable.run(
                ["tree", "--json", "--data", "--servers", lab.connectString] + kerberos + ["/krb"],
                timeout: .seconds(90), environment: ProcessInfo.processInfo.environment.merging(environment) { $1 })
            #expect(tree.exitCode == 0, "\(tree.stderr)")
            print("kerberos tree read \(tree.lines.count) lines")
            let treeNodes = Set(
                tree.lines.compactMap { line -> String? in
                    guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                        let path = object["path"] as? String
                    else { return nil }
                    return "\(path) \(object["data"] as? String ?? "")"
                })
            #expect(treeNodes == kazooNodes, "\(tree.stdout)\n\(tree.stderr)")

            // The same through a JAAS Client section (Krb5LoginModule with the keytab).
            let jaas = work + "/client-jaas.conf"
            try Data(
                """
                Client {
                  com.sun.security.auth.module.Krb5LoginModule required
                  useKeyTab=true keyTab="\(kdc.keytab(of: "client"))" storeKey=true useTicketCache=false
                  principal="\(client)";
                };
                """.utf8
            ).write(to: URL(fileURLWithPath: jaas))
            let viaJAAS = try await ZKScopeExecutable.run(
                ["tree", "--json", "--data", "--servers", lab.connectString, "--jaas", jaas, "/krb/client-only"],
                timeout: .seconds(90), environment: ProcessInfo.processInfo.environment.merging(environment) { $1 })
            #expect(viaJAAS.exitCode == 0 && viaJAAS.stdout.contains("/krb/client-only"), "\(viaJAAS)")

            // And from the ticket cache kinit filled (--kerberos, KRB5CCNAME).
            let viaCache = try await ZKScopeExecutable.run(
                ["tree", "--json", "--data", "--servers", lab.connectString, "--kerberos", "/krb/client-only"],
                timeout: .seconds(90),
                environment: ProcessInfo.processInfo.environment.merging(environment) { $1 }
                    .merging(["KRB5CCNAME": cache]) { $1 })
            #expect(viaCache.exitCode == 0 && viaCache.stdout.contains("/krb/client-only"), "\(viaCache)")

            // 2. check --json --deep: every member's true role, the deep walk authenticated on each member.
            let servers = lab.members.map { "\($0.clientAddress)@\($0.adminPort)" }.joined(separator: ",")
            let check = try await ZKScopeExecutable.run(
                ["check", "--servers", servers, "--json", "--deep", "--interval", "0.5", "--window", "3"] + kerberos,
                timeout: .seconds(150),
                environment: ProcessInfo.processInfo.environment.merging(environment) { $1 })
            let document = try #require(
                try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any], "\(check)")
            let members = try #require(document["members"] as? [[String: Any]])
            let leader = try #require(await lab.leaderID())
            #expect(members.count == 3)
            for (id, member) in zip(lab.ids, members) {
                #expect(member["role"] as? String == (id == leader ? "leader" : "follower"), "\(member)")
            }
            let findings = document["findings"] as? [[String: Any]] ?? []
            #expect(!findings.contains { $0["code"] as? String == "content-divergence" }, "\(findings)")

            // 3. The dashboard in tmux: the roles, and the tree pane reading the client-only node.
            if DashboardTmuxTests.preconditions() {
                let tmux = try DashboardTmuxTests.open(
                    lab, extra: kerberos.map { "'\($0)'" }.joined(separator: " "),
                    environment: "KRB5_CONFIG='\(kdc.krb5Conf)'")
                defer { _ = try? tmux.run(["kill-server"]) }
                let screen = tmux.wait(seconds: 45) { text in
                    text.contains(" leader ") && text.components(separatedBy: " follower ").count == 3
                }
                #expect(screen != nil, "the roles never appeared: \(tmux.capture())")
                print("kerberos dashboard screen:\n\(screen ?? "")")
                try tmux.run(["send-keys", "-t", "t", ":tree /krb/client-only", "Enter"])
                #expect(
                    tmux.wait(seconds: 30) { $0.contains("client-only") && $0.contains("only the client") } != nil,
                    "the client-only node's data never showed in the tree pane: \(tmux.capture())")
                try tmux.run(["send-keys", "-t", "t", "q"])
                #expect(tmux.wait { $0.contains("EXIT=0") } != nil)
            }

            // Re-authentication in a long-running client: a principal whose tickets live 30 s; once they have
            // expired, the member the session is on dies, and the session moves, gets new tickets from the keytab
            // and authenticates again. (In-process MIT Kerberos reads KRB5_CONFIG from the environment; no other
            // suite of this process uses Kerberos.)
            setenv("KRB5_CONFIG", kdc.krb5Conf, 1)
            try kdc.addPrincipal("shortlived", maxLife: "30s")
            let shortlived = KerberosCredentials(
                principal: kdc.qualified("shortlived"), keytab: kdc.keytab(of: "shortlived"))
            let lifetime = try KerberosTicketCheck.check(shortlived)
            #expect(lifetime <= .seconds(30) && lifetime > .zero, "\(lifetime)")
            let ticketsGot = ContinuousClock.now
            var configuration = try ZooKeeperConfiguration(connectString: lab.connectString)
            configuration.sasl = .kerberos(shortlived)
            configuration.sessionTimeout = .seconds(10)
            configuration.reconnectBackoffMax = .milliseconds(200)
            let session = try await ZooKeeperClient.connect(configuration, timeout: .seconds(30))
            #expect(try await session.getData("/krb/open").data == Array("anyone".utf8))
            let sessionID = session.sessionID
            // Setup, not an assertion: keep the session busy until the tickets it started with have expired.
            while ContinuousClock.now - ticketsGot < lifetime + .seconds(3) {
                _ = try await session.exists("/krb")
                try await Task.sleep(for: .seconds(1))
            }
            let server = try #require(session.connectedServer)
            let victim = try #require(lab.members.first { $0.clientPort == server.port })
            let states = session.connectionStates()
            try await lab.kill(victim.id)
            #expect(await firstMatch(states, timeout: .seconds(60)) { $0 == .suspended } != nil)
            #expect(await firstMatch(states, timeout: .seconds(60)) { $0 == .connected } != nil)
            #expect(session.sessionID == sessionID)
            #expect(session.connectedServer?.port != victim.clientPort)
            #expect(try await session.getData("/krb/open").data == Array("anyone".utf8))
            await session.close()
            print("kerberos re-authentication after expiry: tickets lived \(lifetime), session moved off \(victim.id)")

            // 4. Failures: each one line naming the cause, a non-zero exit, well within the 60 s deadline.
            func failing(_ arguments: [String], _ words: String, extra: [String: String] = [:]) async throws {
                let started = ContinuousClock.now
                let run = try await ZKScopeExecutable.run(
                    ["tree", "--json", "--servers", lab.connectString] + arguments + ["/krb"],
                    timeout: .seconds(60),
                    environment: ProcessInfo.processInfo.environment.merging(environment) { $1 }.merging(extra) { $1 })
                let elapsed = ContinuousClock.now - started
                print("kerberos failure case took \(elapsed), exit \(run.exitCode): \(run.stderr)")
                #expect(run.exitCode != 0, "\(arguments): \(run)")
                #expect(run.stderr.contains(words), "\(arguments): \(run.stderr)")
                #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
                #expect(elapsed < .seconds(30), "\(arguments) took \(elapsed)")
            }
            // An expired ticket in the cache kinit filled (a 5 s ticket, waited out with klist -s).
            let shortCache = "FILE:" + work + "/short.ccache"
            try kdc.kinit("client", cache: shortCache, lifetime: "5s")
            let kinitDone = ContinuousClock.now
            while kdc.hasValidTicket(cache: shortCache), ContinuousClock.now - kinitDone < .seconds(60) {
                try await Task.sleep(for: .milliseconds(500))
            }
            try await failing(["--kerberos"], "has expired", extra: ["KRB5CCNAME": shortCache])
            // A stale keytab (the key was rotated after the export).
            let stale = work + "/rotated-old.keytab"
            try FileManager.default.copyItem(atPath: kdc.keytab(of: "rotated"), toPath: stale)
            try kdc.exportKeytab("rotated")
            try await failing(["--keytab", stale, "--principal", kdc.qualified("rotated")], "stale keytab")
            // Another principal's keytab.
            try await failing(["--keytab", kdc.keytab(of: "rotated"), "--principal", client], "wrong keytab")
            // A keytab that is not there.
            try await failing(["--keytab", work + "/missing.keytab", "--principal", client], "does not exist")
            // An unknown principal (deleted from the KDC; its keytab is still here).
            try kdc.deletePrincipal("ghost")
            try await failing(
                ["--keytab", kdc.keytab(of: "ghost"), "--principal", kdc.qualified("ghost")],
                "does not know this client principal")
            // Clock skew: the KDC's clock 10 minutes behind (libfaketime on the KDC process only).
            try await kdc.resume(clockOffset: "-10m")
            try await failing(kerberos, "allowed skew")
            // The KDC down.
            await kdc.stop()
            try await failing(kerberos, "no KDC of the realm answered")
        }
    }
}
