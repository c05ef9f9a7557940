import Foundation
import ZooKeeperTLS

extension LabEnsemble {
    /// Where a secured lab keeps its CA, certificates, stores and JAAS file; nil when nothing is secured.
    public var securityFiles: LabSecurityFiles? {
        LabEnsemble.securityFiles(security: options.security, directory: directory)
    }

    /// The files of a lab at `directory` secured by `security` (also for a lab another process started).
    public static func securityFiles(security: LabSecurity, directory: String) -> LabSecurityFiles? {
        guard security.isEnabled else { return nil }
        return LabSecurityFiles(directory: directory + "/security", sasl: security.sasl != nil)
    }

    /// What a client of this lab needs to reach member `id` over TLS: the lab CA, and the lab's client
    /// certificate (members may demand one). Nil for a member that serves plain TCP.
    public func clientTLS(for id: Int) -> TLSSettings? {
        LabEnsemble.clientTLS(for: id, security: options.security, directory: directory)
    }

    /// `clientTLS(for:)` of a lab at `directory` secured by `security`.
    static func clientTLS(for id: Int, security: LabSecurity, directory: String) -> TLSSettings? {
        guard let tls = security.tls, tls.isSecure(id),
            let files = securityFiles(security: security, directory: directory)
        else { return nil }
        return TLSSettings(
            trust: .file(path: files.caCertificate, password: nil),
            identity: .pem(certificate: files.clientCertificate, key: files.clientKey, password: nil))
    }

    /// The lab's TLS client settings when every member serves TLS (what a client of the whole ensemble uses).
    public var clientTLS: TLSSettings? {
        guard let tls = options.security.tls, tls.plaintextMembers.isEmpty else { return nil }
        return clientTLS(for: ids.first ?? 1)
    }

    /// Writes the certificates and the JAAS file before the first member starts.
    func prepareSecurity() throws {
        guard let files = securityFiles else { return }
        _ = try LabSecurityFiles.make(
            directory: files.directory, members: ids, tls: options.security.tls, sasl: options.security.sasl,
            host: LabEnsemble.host)
    }

    /// zoo.cfg lines that secure member `id` (SECURITY.md's recipe).
    func securityConfigLines(for id: Int) -> [String] {
        guard let files = securityFiles else { return [] }
        var lines: [String] = []
        if let tls = options.security.tls {
            lines.append("serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory")
            if tls.isSecure(id) {
                lines += [
                    "ssl.keyStore.location=\(files.serverKeyStore(of: id))",
                    "ssl.keyStore.password=\(files.storePassword)",
                    "ssl.keyStore.type=PKCS12",
                    "ssl.trustStore.location=\(files.serverTrustStore)",
                    "ssl.trustStore.password=\(files.storePassword)",
                    "ssl.trustStore.type=PKCS12",
                    "ssl.clientAuth=\(tls.clientAuth.rawValue)",
                ]
                if tls.adminHTTPS {
                    // ZooKeeper 3.8's AdminServer reads its certificate from the quorum TLS settings.
                    lines += [
                        "admin.forceHttps=true",
                        "ssl.quorum.keyStore.location=\(files.serverKeyStore(of: id))",
                        "ssl.quorum.keyStore.password=\(files.storePassword)",
                        "ssl.quorum.keyStore.type=PKCS12",
                        "ssl.quorum.trustStore.location=\(files.serverTrustStore)",
                        "ssl.quorum.trustStore.password=\(files.storePassword)",
                        "ssl.quorum.trustStore.type=PKCS12",
                    ]
                }
            }
        }
        if let sasl = options.security.sasl {
            lines.append("authProvider.1=org.apache.zookeeper.server.auth.SASLAuthenticationProvider")
            if sasl.enforce { lines += ["enforce.auth.enabled=true", "enforce.auth.schemes=sasl"] }
        }
        return lines
    }

    /// JVM flags a secured lab adds to member `id`: the JAAS file for SASL, and for Kerberos the member's own JAAS
    /// file and the KDC's krb5.conf.
    func securityJVMOptions(for id: Int) -> [String] {
        guard let files = securityFiles, let jaas = files.jaasFile else { return [] }
        if let kerberos = options.security.sasl?.kerberos {
            return [
                "-Djava.security.auth.login.config=\(files.jaasFile(of: id))",
                "-Djava.security.krb5.conf=\(kerberos.krb5Conf)",
                "-Dzookeeper.sasl.client.canonicalize.hostname=false",
            ]
        }
        return ["-Djava.security.auth.login.config=\(jaas)"]
    }
}
