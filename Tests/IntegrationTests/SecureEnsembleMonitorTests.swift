import EnsembleCore
import EnsembleMonitor
import Foundation
import Testing
import ZooKeeperAdmin
import ZooKeeperLab
import ZooKeeperTLS

/// The monitor against a real TLS-only ensemble with mutual TLS (`ssl.clientAuth=need`), one lab for the suite:
/// every four-letter word answers over TLS, the roles are the true ones, each member's certificate is recorded,
/// and member 2's, made to expire in 2 days, raises `tls-certificate-expiring`, through the library and through
/// `zkscope check --json`.
@Suite(.serialized)
struct SecureEnsembleMonitorTests {
    @Test func tlsOnlyMutualTLSEnsembleShowsRolesSignalsCertificatesAndTheExpiringOne() async throws {
        var options = LabOptions(members: 3)
        options.security = LabSecurity(tls: LabTLS(clientAuth: .need, memberCertificateDays: [2: 2]))
        try await LabEnsemble.with(options) { lab in
            try await lab.waitUntilServing(timeout: .seconds(90))
            let tls = try #require(lab.clientTLS)
            try await Self.monitorOverTLS(lab, tls: tls)
            try await Self.checkJSON(lab)
        }
    }

    /// `EnsembleMonitor` with `PollSettings.tls`: true roles, every word answered, the certificates, the finding.
    static func monitorOverTLS(_ lab: LabEnsemble, tls: TLSSettings) async throws {
        let harness = MonitorHarness(lab: lab, tls: tls)
        let addresses = lab.ids.map(harness.address)
        let words = Set(SignalTable.words.map(\.source.rawValue))
        // Every word answered over TLS at least once (`envi` is read until it answers once, so it leaves the recent
        // list after a while: the words are gathered over the updates, not required in one).
        var answered: [String: Set<String>] = [:]
        let update = try await harness.waitFor("every member serving with every word answered over TLS") { update in
            for address in addresses {
                answered[address, default: []].formUnion(update.sources[address]?.answered ?? [])
            }
            return update.state.snapshot.members.allSatisfy { $0.isServing && $0.tls?.leaf != nil }
                && addresses.allSatisfy { words.isSubset(of: answered[$0] ?? []) }
        }
        // The true roles: the lab's own TLS probes say who leads.
        let leader = try #require(await lab.leaderID())
        for id in lab.ids {
            let member = try #require(MonitorHarness.member(harness.address(id), in: update))
            #expect(member.role == (id == leader ? .leader : .follower), "\(member.address)")
            #expect(member.tls?.secure == true)
            #expect(member.tls?.leaf?.subjectAlternativeNames.contains("IP:127.0.0.1") == true)
        }
        #expect(update.state.snapshot.members.filter { $0.role == .leader }.count == 1)
        // Member 2's certificate has 2 days left (1 and some hours once a poll sees it); the others a year.
        let second = try #require(MonitorHarness.member(harness.address(2), in: update))
        #expect((1...2).contains(second.tls?.daysLeft ?? -1), "\(String(describing: second.tls))")
        let first = try #require(MonitorHarness.member(harness.address(1), in: update))
        #expect((360...366).contains(first.tls?.daysLeft ?? -1))
        let finding = try await harness.expectFlagged(
            .tlsCertificateExpiring, member: harness.address(2), visible: "member 2's certificate seen"
        ) { MonitorHarness.member(harness.address(2), in: $0)?.tls?.leaf != nil }
        #expect(finding.severity == .critical)
        #expect(finding.evidence["subject"] == second.tls?.leaf?.subject)
        #expect(finding.evidence["days_left"].flatMap(Int.init).map { (1...2).contains($0) } == true)
        let findings = harness.latest?.findings ?? []
        #expect(findings.filter { $0.code == .tlsCertificateExpiring }.map(\.members) == [[harness.address(2)]])
        #expect(!findings.contains { $0.code == .tlsInconsistent })
        #expect(!findings.contains { $0.code == .memberDown || $0.code == .quorumLost })
    }

    /// The built `zkscope check --json` with the lab's CA and client certificate (`--tls-*`).
    static func checkJSON(_ lab: LabEnsemble) async throws {
        let servers = lab.members.map { "\($0.clientAddress)@\($0.adminPort)" }.joined(separator: ",")
        let files = try #require(lab.securityFiles)
        let run = try await ZKScopeExecutable.run(
            [
                // A 2 s interval gives each exchange a 1.6 s deadline: on a loaded CI machine a TLS `mntr` (the
                // longest reply, computed by a cold JVM, behind seven other handshakes) missed 0.4 s every round.
                "check", "--servers", servers, "--json", "--interval", "2", "--window", "6",
                "--tls-ca", files.caCertificate, "--tls-cert", files.clientCertificate, "--tls-key", files.clientKey,
            ], timeout: .seconds(120))
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run)")
        let members = try #require(document["members"] as? [[String: Any]])
        #expect(members.count == 3)
        let leader = try #require(await lab.leaderID())
        for (id, member) in zip(lab.ids, members) {
            #expect(member["role"] as? String == (id == leader ? "leader" : "follower"), "\(member)")
            let signals = Set(member["signals"] as? [String] ?? [])
            #expect(signals.isSuperset(of: ["srvr", "mntr", "conf", "isro"]), "\(signals)")
            let tls = try #require(member["tls"] as? [String: Any])
            #expect(tls["secure"] as? Bool == true)
            #expect((tls["chain"] as? [Any])?.count == 1)
            #expect(tls["subject"] is String)
            #expect(tls["daysLeft"] is Int)
        }
        let findings = try #require(document["findings"] as? [[String: Any]])
        let expiring = findings.filter { $0["code"] as? String == "tls-certificate-expiring" }
        #expect(expiring.map { $0["members"] as? [String] ?? [] } == [[try #require(lab.member(2)).clientAddress]])
        #expect(run.exitCode == 2, "\(run.stderr)")

        // The text form names each member's certificate and the days it has left.
        let text = try await ZKScopeExecutable.run(
            [
                "check", "--servers", servers, "--interval", "0.5", "--window", "2",
                "--tls-ca", files.caCertificate, "--tls-cert", files.clientCertificate, "--tls-key", files.clientKey,
            ], timeout: .seconds(120))
        let second = try #require(lab.member(2)).clientAddress
        #expect(text.stdout.contains("CRITICAL tls-certificate-expiring [\(second)]"), "\(text)")
        #expect(
            text.stdout.split(separator: "\n").contains {
                $0.hasPrefix("  \(second): TLS CN=") && ($0.contains("(1 day left)") || $0.contains("(2 days left)"))
            }, "\(text)")
    }
}

/// A half-migrated ensemble: member 1 serves plaintext, members 2 and 3 TLS. The monitor, told to use TLS, polls
/// member 1 in plaintext (it serves, with its true role) and reports `tls-inconsistent` naming it.
@Suite(.serialized)
struct MixedSecurityMonitorTests {
    @Test func aPlaintextMemberBesideTLSOnesIsInconsistent() async throws {
        var options = LabOptions(members: 3)
        options.security = LabSecurity(tls: LabTLS(plaintextMembers: [1]))
        try await LabEnsemble.with(options) { lab in
            try await lab.waitUntilServing(timeout: .seconds(90))
            let tls = try #require(lab.clientTLS(for: 2))
            #expect(lab.clientTLS(for: 1) == nil)
            let harness = MonitorHarness(lab: lab, tls: tls)
            let plain = harness.address(1)
            let finding = try await harness.expectFlagged(
                .tlsInconsistent, member: plain, visible: "every member serving, member 1 in plaintext"
            ) { update in
                update.state.snapshot.members.allSatisfy(\.isServing)
                    && MonitorHarness.member(plain, in: update)?.tls?.secure == false
            }
            #expect(finding.severity == .warning)
            #expect(finding.members == [plain])
            let update = try #require(harness.latest)
            for id in [2, 3] {
                let member = try #require(MonitorHarness.member(harness.address(id), in: update))
                #expect(member.tls?.secure == true && member.tls?.leaf != nil)
            }
            let leader = try #require(await lab.leaderID())
            #expect(MonitorHarness.member(harness.address(leader), in: update)?.role == .leader)
            #expect(MonitorHarness.member(plain, in: update)?.role == (leader == 1 ? .leader : .follower))
            #expect(!update.findings.contains { $0.code == .memberDown || $0.code == .tlsCertificateExpiring })
        }
    }
}

/// A member whose AdminServer speaks only HTTPS (`admin.forceHttps=true`): `AdminServerClient` over HTTPS with the
/// lab's CA gets ZooKeeper's answer and the certificate, plain HTTP gets none; the monitor switches to HTTPS.
@Suite(.serialized)
struct AdminHTTPSMonitorTests {
    @Test func anHTTPSOnlyAdminServerIsReadOverHTTPS() async throws {
        var options = LabOptions(members: 1)
        var tls = LabTLS()
        tls.adminHTTPS = true
        options.security = LabSecurity(tls: tls)
        try await LabEnsemble.with(options) { lab in
            try await lab.waitUntilServing(timeout: .seconds(90))
            let member = try #require(lab.member(1))
            let settings = try #require(lab.clientTLS)
            let response = try await AdminServerClient.get(
                .serverStats, host: member.host, port: member.adminPort, timeout: .seconds(10), tls: settings)
            #expect(response.status == 200, "\(response.body.prefix(200))")
            #expect(response.body.contains("server_stats"))
            #expect(response.peerCertificates.first?.subjectAlternativeNames.contains("IP:127.0.0.1") == true)
            var plain: AdminHTTPResponse?
            do {
                plain = try await AdminServerClient.get(
                    .serverStats, host: member.host, port: member.adminPort, timeout: .seconds(10))
            } catch {}
            #expect(plain?.status != 200, "plain HTTP answered: \(String(describing: plain?.body.prefix(80)))")
            // The monitor, given only `--servers` (nothing says forceHttps), tries HTTP, finds it not understood
            // and reads the AdminServer over HTTPS from then on.
            let harness = MonitorHarness(lab: lab, tls: settings)
            let address = harness.address(1)
            try await harness.waitFor("the AdminServer read over HTTPS") { update in
                let answered = update.sources[address]?.answered ?? []
                return answered.contains("admin:zabstate") && answered.contains("admin:server_stats")
            }
        }
    }
}
