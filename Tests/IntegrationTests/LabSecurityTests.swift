import Foundation
import Testing
import ZooKeeperAdmin

@testable import ZooKeeperLab

/// The secured lab itself, checked with kazoo as the witness: members serve only TLS (mutual TLS), enforce
/// SASL, and a client with the lab's CA, certificate and a SASL user reads and writes.
@Suite(.serialized)
struct LabSecurityTests {
    @Test func tlsOnlyMembersWithMutualTLSAndEnforcedSASLServeAWitness() async throws {
        var options = LabOptions(members: 3)
        options.security = LabSecurity(tls: LabTLS(clientAuth: .need, memberCertificateDays: [2: 2]), sasl: LabSASL())
        try await LabEnsemble.with(options) { lab in
            // The lab's own probes reach every member over TLS with its client certificate.
            let modes = await lab.modes()
            #expect(modes.values.filter { $0 == .serving("leader") }.count == 1)
            #expect(modes.values.filter { $0 == .serving("follower") }.count == 2)
            let member = try #require(lab.member(1))
            let config = try String(contentsOfFile: member.configPath, encoding: .utf8)
            #expect(config.contains("secureClientPort=\(member.clientPort)"))
            #expect(!config.contains("\nclientPort="))
            #expect(!config.contains(";127.0.0.1:"))

            // Plain TCP on the client port gets no ZooKeeper reply: the member only speaks TLS.
            do {
                let reply = try await FourLetterWordClient.send(
                    .srvr, host: member.host, port: member.clientPort, timeout: .seconds(5))
                Issue.record("a plaintext srvr was answered: \(reply.prefix(80))")
            } catch {}
            // Without the client certificate the handshake is refused (ssl.clientAuth=need).
            var noCertificate = try #require(lab.clientTLS(for: 1))
            noCertificate.identity = nil
            await #expect(throws: FourLetterWordError.self) {
                _ = try await FourLetterWordClient.send(
                    .srvr, host: member.host, port: member.clientPort, timeout: .seconds(5), tls: noCertificate)
            }

            let files = try #require(lab.securityFiles)
            let script = """
                import sys
                from kazoo.client import KazooClient
                from kazoo.security import make_acl
                hosts, ca, cert, key = sys.argv[1:5]
                zk = KazooClient(hosts=hosts, use_ssl=True, ca=ca, certfile=cert, keyfile=key, verify_certs=True,
                                 sasl_options={"mechanism": "DIGEST-MD5", "username": "bob", "password": "bobsecret"})
                zk.start(timeout=30)
                zk.create("/sasl-bob", b"only bob", acl=[make_acl("sasl", "bob", all=True)])
                data, _ = zk.get("/sasl-bob")
                print("READ", data.decode())
                print("ACL", zk.get_acls("/sasl-bob")[0][0].id.scheme, zk.get_acls("/sasl-bob")[0][0].id.id)
                zk.stop()
                """
            let result = try await Kazoo.run(
                script, arguments: [lab.connectString, files.caCertificate, files.clientCertificate, files.clientKey],
                timeout: .seconds(90))
            #expect(result.stdout.contains("READ only bob"), "\(result.stderr.suffix(800))")
            #expect(result.stdout.contains("ACL sasl bob"))

            // Member 2's certificate was made to expire in 2 days.
            let pem = try String(contentsOfFile: files.serverCertificate(of: 2), encoding: .utf8)
            #expect(pem.contains("BEGIN CERTIFICATE"))
        }
    }

    @Test func jaasAndConfigLinesFollowTheRecipe() {
        let jaas = LabSecurityFiles.jaasText(LabSASL(users: ["bob": "bobsecret", "super": "adminsecret"]))
        #expect(jaas.contains("org.apache.zookeeper.server.auth.DigestLoginModule required"))
        #expect(jaas.contains("user_bob=\"bobsecret\""))
        #expect(jaas.hasSuffix(";\n};\n"))
        let tls = LabTLS(certificateDays: 30, memberCertificateDays: [2: 2, 3: 0], plaintextMembers: [3])
        #expect(tls.days(of: 1) == 30)
        #expect(tls.days(of: 2) == 2)
        #expect(tls.days(of: 3) == 1)
        #expect(!tls.isSecure(3))
    }
}
