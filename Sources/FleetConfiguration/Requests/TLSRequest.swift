import ZooKeeperTLS

/// The TLS settings as written (command-line options or a `tls` table), before any file is read: the one place that
/// turns them into `TLSSettings`, so `--tls-ca` and `tls.ca = …` mean exactly the same.
public struct TLSRequest: Sendable, Hashable {
    /// TLS on with the system trust store (`--tls`, `tls.enabled = true`); implied by every other setting.
    public var enabled = false
    /// PEM file of the CAs that signed the servers' certificates.
    public var ca: String?
    /// Client certificate (PEM, or a PKCS#12 bundle holding the key too).
    public var certificate: String?
    /// The client certificate's PEM key.
    public var key: String?
    /// Where the key's (or the PKCS#12 file's) password comes from.
    public var keyPassword: SecretSource?
    /// The name the servers' certificates must carry (SNI).
    public var serverName: String?
    /// No verification at all (testing only; warned about on every run).
    public var insecure = false
    /// A zkCli client properties file (`zookeeper.ssl.*`), applied first; the other settings override it.
    public var clientConfig: String?
    /// Where the settings were written, for messages.
    public var origin: SettingOrigin

    /// An empty request (plaintext unless the configuration demands TLS).
    public init(origin: SettingOrigin = .commandLine) {
        self.origin = origin
    }

    /// Whether any TLS setting was given.
    public var anyGiven: Bool {
        enabled || ca != nil || certificate != nil || serverName != nil || insecure || clientConfig != nil
    }

    /// What is inconsistent about the settings themselves (before reading files), or nil.
    public func validationProblem() -> String? {
        let cert = origin.name(option: "--tls-cert", key: "cert")
        let keyName = origin.name(option: "--tls-key", key: "key")
        if (certificate == nil) != (key == nil), !(certificate.map(Self.isPKCS12) ?? false) {
            return "give \(cert) and \(keyName) together (or \(cert) with a .p12 file)"
        }
        if insecure, ca != nil {
            return "give \(origin.name(option: "--tls-ca", key: "ca")) or "
                + "\(origin.name(option: "--tls-insecure", key: "insecure")), not both"
        }
        if keyPassword != nil, certificate == nil, clientConfig == nil {
            return "\(origin.name(option: "--tls-key-password-file", key: "key_password_file")) needs \(keyName) "
                + "(or \(cert) FILE.p12)"
        }
        if let serverName, serverName.isEmpty || serverName.contains(" ") {
            return "\(origin.name(option: "--tls-server-name", key: "server_name")) must be a host name"
        }
        return nil
    }

    /// The TLS settings, or nil for plaintext. The client-config file comes first, then the other settings override
    /// it; `requiredByConfiguration` (a zoo.cfg with only a `secureClientPort`) turns TLS on with the system trust
    /// store. The caller warns when the result `isInsecure`.
    public func resolve(requiredByConfiguration: Bool = false) throws(FleetConfigError) -> TLSSettings? {
        if let problem = validationProblem() { throw origin.error(option: "--tls", key: "tls", problem) }
        var settings: TLSSettings?
        if let clientConfig {
            do {
                settings = try ClientConfigFile(contentsOf: clientConfig).tlsSettings()
            } catch {
                throw origin.error(
                    option: "--client-config", key: "client_config",
                    "\(origin.name(option: "--client-config", key: "client_config")) \(error.description)")
            }
        }
        let flagged = enabled || ca != nil || certificate != nil || serverName != nil || insecure
        if settings == nil, flagged || requiredByConfiguration { settings = TLSSettings() }
        guard var resolved = settings else { return nil }
        if let ca { resolved.trust = .file(path: ca, password: nil) }
        if insecure { resolved.trust = .insecure }
        if let serverName { resolved.serverName = serverName }
        let password = try keyPassword?.read(
            named: "key password", origin: origin, option: "--tls-key-password-file", key: "key_password_file",
            allowEmpty: true)
        if let certificate {
            resolved.identity =
                Self.isPKCS12(certificate) && key == nil
                ? .pkcs12(path: certificate, password: password)
                : .pem(certificate: certificate, key: key ?? certificate, password: password)
        } else if let password, let identity = resolved.identity {
            switch identity {
            case .pem(let certificate, let key, _):
                resolved.identity = .pem(certificate: certificate, key: key, password: password)
            case .pkcs12(let path, _): resolved.identity = .pkcs12(path: path, password: password)
            }
        }
        return resolved
    }

    /// The zkCli client properties file's properties (`zookeeper.sasl.*` for SASL); empty without one.
    public func clientProperties() throws(FleetConfigError) -> [String: String] {
        guard let clientConfig else { return [:] }
        do {
            return try ClientConfigFile(contentsOf: clientConfig).properties
        } catch {
            throw origin.error(
                option: "--client-config", key: "client_config",
                "\(origin.name(option: "--client-config", key: "client_config")) \(error.description)")
        }
    }

    /// The loud warning printed whenever verification is off.
    public var insecureWarning: String {
        let name: String
        switch origin {
        case .commandLine: name = "--tls-insecure"
        case .file(let path, let table, _): name = "\(table).insecure in \(path)"
        }
        return "WARNING: \(name): server certificates are NOT verified; anyone on the network path can pose as the "
            + "ensemble. Use \(origin.name(option: "--tls-ca", key: "ca")) FILE outside of tests."
    }

    static func isPKCS12(_ path: String) -> Bool {
        let lowered = path.lowercased()
        return lowered.hasSuffix(".p12") || lowered.hasSuffix(".pfx")
    }
}
