import Foundation

/// The files a secured lab writes under `<lab>/security` before its members start: a CA, one server
/// certificate per member (SANs `IP:127.0.0.1`, `DNS:localhost`), a client certificate, the PKCS#12 stores the
/// JVMs read, and the JAAS file.
///
/// Tests and `zkscope` use the client side: `caCertificate` to trust the members, `clientCertificate` and
/// `clientKey` (or `clientPKCS12`) for mutual TLS.
public struct LabSecurityFiles: Sendable, Equatable, Codable {
    /// The directory holding everything below.
    public var directory: String
    /// The lab CA's certificate (PEM): what clients trust.
    public var caCertificate: String
    /// The lab CA's private key (PEM), for tests that sign more certificates.
    public var caKey: String
    /// A client certificate signed by the lab CA (PEM, CN=zkscope-client).
    public var clientCertificate: String
    /// Its private key (PEM, unencrypted).
    public var clientKey: String
    /// Certificate and key as one PKCS#12 bundle, protected by `storePassword`.
    public var clientPKCS12: String
    /// The password of every PKCS#12 store of the lab (a test secret, never a real one).
    public var storePassword: String
    /// The JAAS file given to the JVMs (nil without SASL).
    public var jaasFile: String?

    /// Member `id`'s own JAAS file (Kerberos labs: a member may be given a principal it cannot log in as).
    public func jaasFile(of id: Int) -> String { directory + "/jaas-zk\(id).conf" }

    /// A file holding SASL user `user`'s password (mode 0600), for `--sasl-password-file`.
    public func passwordFile(of user: String) -> String { directory + "/\(user).password" }

    /// Member `id`'s server certificate (PEM).
    public func serverCertificate(of id: Int) -> String { directory + "/zk\(id).crt" }
    /// Member `id`'s PKCS#12 key store, read by its JVM.
    public func serverKeyStore(of id: Int) -> String { directory + "/zk\(id).p12" }
    /// The PKCS#12 trust store every member reads (the lab CA).
    public var serverTrustStore: String { directory + "/trust.p12" }

    /// The layout under `directory`; nothing is written.
    init(directory: String, sasl: Bool) {
        self.directory = directory
        caCertificate = directory + "/ca.crt"
        caKey = directory + "/ca.key"
        clientCertificate = directory + "/client.crt"
        clientKey = directory + "/client.key"
        clientPKCS12 = directory + "/client.p12"
        storePassword = "labsecret"
        jaasFile = sasl ? directory + "/jaas.conf" : nil
    }

    /// Writes the CA, certificates and stores for `tls` and the JAAS file for `sasl`.
    static func make(
        directory: String, members: [Int], tls: LabTLS?, sasl: LabSASL?, host: String
    ) throws -> LabSecurityFiles {
        let files = LabSecurityFiles(directory: directory, sasl: sasl != nil)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if let tls {
            try files.makeCertificates(members: members, tls: tls, host: host)
        }
        if let sasl, let kerberos = sasl.kerberos {
            for id in members {
                try Data(kerberos.serverSection(for: id).utf8).write(to: URL(fileURLWithPath: files.jaasFile(of: id)))
            }
        }
        if let sasl, let jaas = files.jaasFile {
            try Data(jaasText(sasl).utf8).write(to: URL(fileURLWithPath: jaas))
            for (user, password) in sasl.users {
                let path = files.passwordFile(of: user)
                try Data((password + "\n").utf8).write(to: URL(fileURLWithPath: path))
                try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
            }
        }
        return files
    }

    /// The JAAS `Server` section of SECURITY.md's recipe.
    static func jaasText(_ sasl: LabSASL) -> String {
        let users = sasl.users.keys.sorted().map { "    user_\($0)=\"\(sasl.users[$0] ?? "")\"" }
        return "Server {\n    org.apache.zookeeper.server.auth.DigestLoginModule required\n"
            + users.joined(separator: "\n") + ";\n};\n"
    }

    private func makeCertificates(members: [Int], tls: LabTLS, host: String) throws {
        let curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try Self.openssl(
            ["req", "-x509"] + curve + [
                "-keyout", caKey, "-out", caCertificate, "-days", "3650",
                "-subj", "/O=zkscope lab/CN=zkscope lab CA",
            ])
        for id in members {
            try sign(
                name: "zk\(id)", subject: "/O=zkscope lab/CN=zk\(id).lab", days: tls.days(of: id),
                extensions: "subjectAltName=IP:\(host),DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n")
            try Self.openssl(
                [
                    "pkcs12", "-export", "-in", serverCertificate(of: id), "-inkey", directory + "/zk\(id).key",
                    "-certfile", caCertificate, "-name", "zk\(id)", "-out", serverKeyStore(of: id),
                    "-passout", "pass:\(storePassword)",
                ])
        }
        try sign(
            name: "client", subject: "/O=zkscope lab/CN=zkscope-client", days: 365,
            extensions: "extendedKeyUsage=clientAuth\n")
        try Self.openssl(
            [
                "pkcs12", "-export", "-in", clientCertificate, "-inkey", clientKey, "-certfile", caCertificate,
                "-name", "client", "-out", clientPKCS12, "-passout", "pass:\(storePassword)",
            ])
        try Self.keytool(
            [
                "-importcert", "-noprompt", "-storetype", "PKCS12", "-keystore", serverTrustStore,
                "-storepass", storePassword, "-alias", "labca", "-file", caCertificate,
            ])
    }

    /// Runs openssl (throws with its stderr).
    static func openssl(_ arguments: [String]) throws {
        try LabTool.run("/usr/bin/openssl", arguments, package: "openssl")
    }

    /// Runs keytool (throws with its stderr).
    static func keytool(_ arguments: [String]) throws {
        try LabTool.run("/usr/bin/keytool", arguments, package: "default-jre-headless (a JRE; zookeeper brings one)")
    }

    /// A key and a certificate signed by the lab CA, as `<name>.key` / `<name>.crt`.
    private func sign(name: String, subject: String, days: Int, extensions: String) throws {
        let key = directory + "/\(name).key"
        let request = directory + "/\(name).csr"
        let extensionFile = directory + "/\(name).ext"
        try Data(extensions.utf8).write(to: URL(fileURLWithPath: extensionFile))
        try Self.openssl(
            [
                "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", key, "-out", request, "-subj", subject,
            ])
        try Self.openssl(
            [
                "x509", "-req", "-in", request, "-CA", caCertificate, "-CAkey", caKey, "-CAcreateserial",
                "-days", "\(days)", "-extfile", extensionFile, "-out", directory + "/\(name).crt",
            ])
    }
}
