import Foundation
import Testing
import ZooKeeperClient
import ZooKeeperLab

/// `sasl-login-refused` on real parts: member 3 of a Kerberos ensemble logs in as `zookeeper/localhost` instead of
/// the `zookeeper/127.0.0.1` clients ask for, so it starts and serves but refuses every client's ticket (-124).
/// `check --deep` names that member with the evidence; `tree` pinned to it says the member refused the ticket.
@Suite(.serialized)
struct KerberosMemberRefusalTests {
    @Test func theMemberWithTheWrongServicePrincipalIsNamed() async throws {
        let work = try WitnessRunner.makeWorkDirectory(prefix: "zkscope-krb-refusal")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let kdc = try await LabKDC.start(
            directory: work + "/kdc", principals: ["zookeeper/127.0.0.1", "zookeeper/localhost", "client"])
        defer { Task { await kdc.stop() } }
        var kerberosLab = LabKerberos(kdc: kdc)
        kerberosLab.memberPrincipals = [3: kdc.qualified("zookeeper/localhost")]
        kerberosLab.memberKeytabs = [3: kdc.keytab(of: "zookeeper/localhost")]
        var options = LabOptions(members: 3, tickTimeMilliseconds: 500)
        options.security = LabSecurity(sasl: LabSASL(kerberos: kerberosLab))
        try await LabEnsemble.with(options) { lab in
            let environment = ProcessInfo.processInfo.environment.merging(kdc.clientEnvironment) { $1 }
            let kerberos = ["--keytab", kdc.keytab(of: "client"), "--principal", kdc.qualified("client")]
            let third = try #require(lab.member(3))

            let servers = lab.members.map { "\($0.clientAddress)@\($0.adminPort)" }.joined(separator: ",")
            let check = try await ZKScopeExecutable.run(
                ["check", "--servers", servers, "--json", "--deep", "--interval", "0.5", "--window", "2"] + kerberos,
                timeout: .seconds(150), environment: environment)
            let document = try #require(
                try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any], "\(check)")
            let findings = try #require(document["findings"] as? [[String: Any]])
            let refused = findings.filter { $0["code"] as? String == "sasl-login-refused" }
            #expect(refused.count == 1, "\(findings)")
            #expect(refused.first?["members"] as? [String] == [third.clientAddress], "\(refused)")
            let evidence = refused.first?["evidence"] as? [String: String] ?? [:]
            #expect(evidence["\(third.clientAddress) error"]?.hasPrefix("-124") == true, "\(evidence)")

            // A session pinned to that member: one line saying the member refused the Kerberos ticket.
            let tree = try await ZKScopeExecutable.run(
                ["tree", "--json", "--servers", third.clientAddress] + kerberos + ["/"], timeout: .seconds(60),
                environment: environment)
            #expect(tree.exitCode != 0)
            #expect(tree.stderr.contains("rejected the Kerberos ticket"), "\(tree.stderr)")
        }
    }
}
