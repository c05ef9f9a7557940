import Foundation
import Testing
import ZooKeeperClient

@testable import ZooKeeperLab

/// The client over TLS against a real TLS-only ZooKeeper member (Netty, `secureClientPort`, `ssl.clientAuth=need`),
/// kazoo as the witness, and the real `zkscope` binary for what an operator sees: every good setting connects,
/// every bad one is one line naming cause and fix, a non-zero exit, and no wait beyond the connect deadline.
@Suite(.serialized)
struct SecureClientTests {
    /// Files a test makes beside the lab's: a second CA, a stray key, an encrypted key, a JKS store, a
    /// client-config file and the password file.
    struct ExtraFiles {
        var otherCA: String
        var otherKey: String
        var encryptedKey: String
        var passwordFile: String
        var jks: String
        var combinedPEM: String
        var clientConfig: String

        init(directory: String, lab files: LabSecurityFiles) throws {
            otherCA = directory + "/other-ca.pem"
            otherKey = directory + "/other.key"
            encryptedKey = directory + "/client-encrypted.key"
            passwordFile = directory + "/key-password.txt"
            jks = directory + "/client.jks"
            combinedPEM = directory + "/client-combined.pem"
            clientConfig = directory + "/client.properties"
            try Data("keysecret\n".utf8).write(to: URL(fileURLWithPath: passwordFile))
            let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
            try LabSecurityFiles.openssl(
                ["req", "-x509"] + ec + [
                    "-keyout", directory + "/other-ca.key", "-out", otherCA, "-days", "30", "-subj", "/CN=other CA",
                ])
            try LabSecurityFiles.openssl([
                "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", otherKey,
            ])
            try LabSecurityFiles.openssl([
                "pkcs8", "-topk8", "-in", files.clientKey, "-out", encryptedKey, "-passout",
                "file:\(passwordFile)",
            ])
            try LabSecurityFiles.keytool([
                "-genkeypair", "-storetype", "JKS", "-keystore", jks, "-storepass", "jkssecret", "-keypass",
                "jkssecret", "-alias", "client", "-keyalg", "EC", "-dname", "CN=jks client",
            ])
            let combined =
                try String(contentsOfFile: files.clientCertificate, encoding: .utf8)
                + String(contentsOfFile: files.clientKey, encoding: .utf8)
            try Data(combined.utf8).write(to: URL(fileURLWithPath: combinedPEM))
            let properties = """
                # as zkCli.sh -client-configuration takes it
                zookeeper.client.secure=true
                zookeeper.clientCnxnSocket=org.apache.zookeeper.ClientCnxnSocketNetty
                zookeeper.ssl.keyStore.location=\(files.clientPKCS12)
                zookeeper.ssl.keyStore.password=\(files.storePassword)
                zookeeper.ssl.keyStore.type=PKCS12
                zookeeper.ssl.trustStore.location=\(files.caCertificate)
                zookeeper.ssl.trustStore.type=PEM

                """
            try Data(properties.utf8).write(to: URL(fileURLWithPath: clientConfig))
        }
    }

    @Test func mutualTLSMemberServesGoodSettingsAndNamesEveryBadOne() async throws {
        var options = LabOptions(members: 1)
        options.security = LabSecurity(tls: LabTLS(clientAuth: .need))
        try await LabEnsemble.with(options) { lab in
            let files = try #require(lab.securityFiles)
            let member = try #require(lab.member(1))
            let server = "127.0.0.1:\(member.clientPort)"
            let work = try WitnessRunner.makeWorkDirectory(prefix: "zkscope-secure-client")
            defer { try? FileManager.default.removeItem(atPath: work) }
            let extra = try ExtraFiles(directory: work, lab: files)

            try await kazooWritesOverTLS(server: server, files: files)
            try await libraryReadsOverTLS(server: server, files: files, extra: extra)
            try await commandsReadOverTLS(server: server, member: member, files: files, extra: extra)
            try await badSettingsFailFastWithOneLine(server: server, files: files, extra: extra)
            try await libraryFailsPromptlyWithATypedCause(server: server, files: files, extra: extra)
        }
    }

    /// kazoo, over mutual TLS with the lab's PEM files, writes what zkscope then reads.
    func kazooWritesOverTLS(server: String, files: LabSecurityFiles) async throws {
        let script = """
            import sys
            from kazoo.client import KazooClient
            hosts, ca, cert, key = sys.argv[1:5]
            zk = KazooClient(hosts=hosts, use_ssl=True, ca=ca, certfile=cert, keyfile=key, verify_certs=True)
            zk.start(timeout=30)
            zk.ensure_path("/tls/witness")
            zk.set("/tls/witness", b"written by kazoo over TLS")
            zk.create("/tls/witness/child", b"c")
            print("WROTE")
            zk.stop()
            """
        let result = try await Kazoo.run(
            script, arguments: [server, files.caCertificate, files.clientCertificate, files.clientKey],
            timeout: .seconds(90))
        #expect(result.stdout.contains("WROTE"), "\(result.stderr.suffix(800))")
    }

    /// The library with a PEM identity and with a PKCS#12 one; the server's certificate is handed to callers.
    func libraryReadsOverTLS(server: String, files: LabSecurityFiles, extra: ExtraFiles) async throws {
        let identities: [TLSSettings.Identity] = [
            .pem(certificate: files.clientCertificate, key: files.clientKey, password: nil),
            .pkcs12(path: files.clientPKCS12, password: Secret(files.storePassword)),
            .pem(certificate: files.clientCertificate, key: extra.encryptedKey, password: Secret("keysecret")),
        ]
        for identity in identities {
            var configuration = try ZooKeeperConfiguration(connectString: server)
            configuration.tls = TLSSettings(
                trust: .file(path: files.caCertificate, password: nil), identity: identity)
            let client = try await ZooKeeperClient.connect(configuration, timeout: .seconds(30))
            let (data, _) = try await client.getData("/tls/witness")
            #expect(String(decoding: data, as: UTF8.self) == "written by kazoo over TLS", "\(identity)")
            let peer = try #require(client.peerCertificates.first, "\(identity)")
            #expect(peer.subject == "CN=zk1.lab,O=zkscope lab")
            #expect(peer.issuer == "CN=zkscope lab CA,O=zkscope lab")
            #expect(peer.subjectAlternativeNames.contains("IP:127.0.0.1"))
            #expect(peer.subjectAlternativeNames.contains("DNS:localhost"))
            #expect(peer.daysLeft(at: Date()) >= 360)
            #expect(client.lastConnectFailure == nil)
            await client.close()
        }
    }

    /// `zkscope tree` over TLS with each way of giving the settings.
    func commandsReadOverTLS(
        server: String, member: LabMember, files: LabSecurityFiles, extra: ExtraFiles
    ) async throws {
        let ways: [(String, [String])] = [
            (
                "PEM",
                ["--tls-ca", files.caCertificate, "--tls-cert", files.clientCertificate, "--tls-key", files.clientKey]
            ),
            (
                "encrypted PEM key",
                [
                    "--tls-ca", files.caCertificate, "--tls-cert", files.clientCertificate, "--tls-key",
                    extra.encryptedKey, "--tls-key-password-file", extra.passwordFile,
                ]
            ),
            ("client-config", ["--client-config", extra.clientConfig]),
            (
                "localhost by name",
                [
                    "--tls-ca", files.caCertificate, "--tls-cert", files.clientCertificate, "--tls-key",
                    files.clientKey, "--tls-server-name", "localhost",
                ]
            ),
        ]
        for (name, flags) in ways {
            let run = try await ZKScopeExecutable.run(
                ["tree", "/tls", "--servers", server, "--timeout", "20"] + flags, timeout: .seconds(90))
            #expect(run.exitCode == 0, "\(name): \(run)")
            #expect(run.stdout.contains("witness"), "\(name): \(run)")
            #expect(run.stdout.contains("child"), "\(name): \(run)")
        }
        // A zoo.cfg with only a secureClientPort: TLS without --tls (the CA and identity still come from flags).
        let fromConfig = try await ZKScopeExecutable.run(
            [
                "tree", "/tls", "--config", member.configPath, "--timeout", "20", "--tls-ca", files.caCertificate,
                "--tls-cert", files.clientPKCS12, "--tls-key-password-file", try storePasswordFile(files),
            ], timeout: .seconds(90))
        #expect(fromConfig.exitCode == 0, "\(fromConfig)")
        #expect(fromConfig.stdout.contains("witness"), "\(fromConfig)")
        // The same file and no TLS flag at all: TLS against the system CA store, which does not know the lab CA.
        let systemTrust = try await ZKScopeExecutable.run(
            ["tree", "/tls", "--config", member.configPath, "--timeout", "20"], timeout: .seconds(90))
        #expect(systemTrust.exitCode == 1, "\(systemTrust)")
        #expect(systemTrust.stderr.contains("not trusted by the system CA store"), "\(systemTrust)")
        // --tls-insecure works and says so loudly.
        let insecure = try await ZKScopeExecutable.run(
            [
                "tree", "/tls", "--servers", server, "--timeout", "20", "--tls-insecure", "--tls-cert",
                files.clientCertificate, "--tls-key", files.clientKey,
            ], timeout: .seconds(90))
        #expect(insecure.exitCode == 0, "\(insecure)")
        #expect(insecure.stderr.contains("WARNING: --tls-insecure"), "\(insecure)")
    }

    /// The password file of the lab's PKCS#12 stores (the secret stays in a file, off the command line).
    func storePasswordFile(_ files: LabSecurityFiles) throws -> String {
        let path = files.directory + "/store-password.txt"
        try Data(files.storePassword.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Each bad input: exit 1, one line naming cause and fix, well within the 20 s connect deadline.
    func badSettingsFailFastWithOneLine(server: String, files: LabSecurityFiles, extra: ExtraFiles) async throws {
        let identity = ["--tls-cert", files.clientCertificate, "--tls-key", files.clientKey]
        let cases: [(String, [String], [String])] = [
            (
                "wrong CA", ["--tls-ca", extra.otherCA] + identity,
                ["TLS: the server's certificate is not trusted by --tls-ca \(extra.otherCA)", "fix: give the CA"]
            ),
            (
                "hostname mismatch",
                ["--tls-ca", files.caCertificate, "--tls-server-name", "wrong.example"] + identity,
                ["the server's certificate is not valid for wrong.example", "--tls-server-name"]
            ),
            (
                "no client certificate", ["--tls-ca", files.caCertificate],
                ["client certificate", "--tls-cert FILE --tls-key FILE"]
            ),
            (
                "key of another certificate",
                ["--tls-ca", files.caCertificate, "--tls-cert", files.clientCertificate, "--tls-key", extra.otherKey],
                ["the client key \(extra.otherKey) does not belong to the certificate"]
            ),
            (
                "encrypted key without password",
                [
                    "--tls-ca", files.caCertificate, "--tls-cert", files.clientCertificate, "--tls-key",
                    extra.encryptedKey,
                ],
                ["is encrypted and no password was given", "--tls-key-password-file"]
            ),
            (
                "JKS trust store", ["--tls-ca", extra.jks] + identity,
                ["Java KeyStore (JKS)", "keytool -importkeystore -srckeystore \(extra.jks)", "-deststoretype PKCS12"]
            ),
            (
                "missing key file",
                [
                    "--tls-ca", files.caCertificate, "--tls-cert", files.clientCertificate, "--tls-key",
                    extra.jks + ".absent",
                ], ["cannot read the client key"]
            ),
        ]
        for (name, flags, expected) in cases {
            let clock = ContinuousClock()
            let started = clock.now
            let run = try await ZKScopeExecutable.run(
                ["tree", "/", "--servers", server, "--timeout", "20"] + flags, timeout: .seconds(90))
            let elapsed = clock.now - started
            #expect(run.exitCode == 1, "\(name): \(run)")
            #expect(elapsed < .seconds(10), "\(name) took \(elapsed): \(run)")
            let lines = run.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(name): \(run)")
            #expect(run.stderr.contains("cannot connect to \(server): TLS: "), "\(name): \(run)")
            for text in expected { #expect(run.stderr.contains(text), "\(name): wants \(text): \(run)") }
            #expect(!run.stderr.contains("keysecret") && !run.stderr.contains(files.storePassword), "\(name)")
        }
        // A JKS file in the client-config is refused before connecting, naming the file and line (exit 64).
        let properties = work(files) + "/jks.properties"
        try Data("zookeeper.client.secure=true\nzookeeper.ssl.keyStore.location=\(extra.jks)\n".utf8)
            .write(to: URL(fileURLWithPath: properties))
        let jksConfig = try await ZKScopeExecutable.run(
            ["tree", "/", "--servers", server, "--client-config", properties], timeout: .seconds(60))
        #expect(jksConfig.exitCode == 64, "\(jksConfig)")
        #expect(jksConfig.stderr.contains("\(properties):2: "), "\(jksConfig)")
        #expect(jksConfig.stderr.contains("keytool -importkeystore"), "\(jksConfig)")

        // A TLS-only port used without --tls: the server closes; the line says TLS may be needed.
        let plaintext = try await ZKScopeExecutable.run(
            ["tree", "/", "--servers", server, "--timeout", "3"], timeout: .seconds(60))
        #expect(plaintext.exitCode == 1, "\(plaintext)")
        #expect(plaintext.stderr.contains("the port may require TLS: add --tls"), "\(plaintext)")
        #expect(plaintext.stderr.split(separator: "\n").count == 1, "\(plaintext)")
    }

    func work(_ files: LabSecurityFiles) -> String { files.directory }

    /// The library: a TLS failure on every server ends `connect` at once with a typed cause, far inside its
    /// timeout, and the client's `lastConnectFailure` says the same.
    func libraryFailsPromptlyWithATypedCause(server: String, files: LabSecurityFiles, extra: ExtraFiles) async throws {
        var configuration = try ZooKeeperConfiguration(connectString: server)
        configuration.tls = TLSSettings(
            trust: .file(path: extra.otherCA, password: nil),
            identity: .pem(certificate: files.clientCertificate, key: files.clientKey, password: nil))
        let clock = ContinuousClock()
        let started = clock.now
        do {
            let client = try await ZooKeeperClient.connect(configuration, timeout: .seconds(30))
            Issue.record("connected with the wrong CA")
            await client.close()
        } catch {
            #expect(clock.now - started < .seconds(15), "\(error)")
            #expect(error.code == .connectionLoss, "\(error)")
            let failure = try #require(error.connectFailure, "\(error)")
            #expect(failure.tlsFailure == .untrustedCertificate(trust: "--tls-ca \(extra.otherCA)"), "\(failure)")
            #expect(failure.server.port == Int(server.split(separator: ":").last ?? "") ?? 0)
        }
    }

    /// A plaintext member given as TLS: the handshake fails and the line says to use the secure port or drop --tls.
    @Test func plaintextMemberGivenAsTLS() async throws {
        try await LabEnsemble.with(LabOptions(members: 1)) { lab in
            let member = try #require(lab.member(1))
            let server = "127.0.0.1:\(member.clientPort)"
            let run = try await ZKScopeExecutable.run(
                ["tree", "/", "--servers", server, "--timeout", "4", "--tls"], timeout: .seconds(60))
            #expect(run.exitCode == 1, "\(run)")
            #expect(run.stderr.split(separator: "\n").count == 1, "\(run)")
            #expect(run.stderr.contains("TLS: "), "\(run)")
            #expect(run.stderr.contains("plaintext clientPort"), "\(run)")
            // The same member without --tls serves, so the failure above was TLS's.
            let plain = try await ZKScopeExecutable.run(
                ["tree", "/", "--servers", server, "--timeout", "20"], timeout: .seconds(60))
            #expect(plain.exitCode == 0, "\(plain)")
            #expect(plain.stdout.contains("zookeeper"), "\(plain)")
        }
    }
}
