import ArgumentParser
import CommandOutput
import Foundation
import ZooKeeperClient

/// `--tls`, `--tls-ca`, `--tls-cert`/`--tls-key`, `--tls-key-password-file`, `--tls-server-name`, `--tls-insecure`
/// and `--client-config`: how the commands that talk to ZooKeeper (`dashboard`, `check`, `tree`) reach a
/// member's `secureClientPort`. Secrets come from files only, never from the command line.
struct TLSOptions: ParsableArguments {
    @Flag(name: .long, help: "Connect with TLS, trusting the system's CA store (implied by the other --tls options).")
    var tls = false

    @Option(
        name: .customLong("tls-ca"),
        help: ArgumentHelp("PEM file of the CA(s) that signed the servers' certificates.", valueName: "file"))
    var tlsCA: String?

    @Option(
        name: .customLong("tls-cert"),
        help: ArgumentHelp(
            "Client certificate (PEM; or a PKCS#12 .p12/.pfx holding the key too) for ssl.clientAuth=need.",
            valueName: "file"))
    var tlsCert: String?

    @Option(
        name: .customLong("tls-key"),
        help: ArgumentHelp("The client certificate's private key (PEM).", valueName: "file"))
    var tlsKey: String?

    @Option(
        name: .customLong("tls-key-password-file"),
        help: ArgumentHelp(
            "File whose first line is the password of the key (or of the PKCS#12 file).", valueName: "file"))
    var tlsKeyPasswordFile: String?

    @Option(
        name: .customLong("tls-server-name"),
        help: ArgumentHelp(
            "Name the servers' certificates must carry (sent as SNI); default: the host connected to.",
            valueName: "name"))
    var tlsServerName: String?

    @Flag(
        name: .customLong("tls-insecure"),
        help: "TLS without verifying the servers' certificates (testing only; warns on every run).")
    var tlsInsecure = false

    @Option(
        name: .customLong("client-config"),
        help: ArgumentHelp(
            "ZooKeeper client properties file, as zkCli.sh -client-configuration takes (zookeeper.ssl.*).",
            valueName: "file"))
    var clientConfig: String?

    func validate() throws {
        if (tlsCert == nil) != (tlsKey == nil), !(tlsCert.map(Self.isPKCS12) ?? false) {
            throw ValidationError("give --tls-cert and --tls-key together (or --tls-cert with a .p12 file)")
        }
        if tlsInsecure, tlsCA != nil { throw ValidationError("give --tls-ca or --tls-insecure, not both") }
        if tlsKeyPasswordFile != nil, tlsCert == nil, clientConfig == nil {
            throw ValidationError("--tls-key-password-file needs --tls-key (or --tls-cert FILE.p12)")
        }
        if let tlsServerName, tlsServerName.isEmpty || tlsServerName.contains(" ") {
            throw ValidationError("--tls-server-name must be a host name")
        }
    }

    /// The `--client-config` file's properties, for the SASL options (`zookeeper.sasl.client`,
    /// `zookeeper.sasl.clientconfig`); empty without the option.
    func clientProperties() throws -> [String: String] {
        guard let clientConfig else { return [:] }
        do {
            return try ClientConfigFile(contentsOf: clientConfig).properties
        } catch {
            throw ValidationError("--client-config \(error.description)")
        }
    }

    /// Whether any TLS option was given on the command line.
    var anyGiven: Bool {
        tls || tlsCA != nil || tlsCert != nil || tlsServerName != nil || tlsInsecure || clientConfig != nil
    }

    /// The TLS settings for the commands' sessions and the monitor's probes, or nil for plaintext.
    ///
    /// The client-config file comes first, then the flags override it; `requiredByConfiguration` (a zoo.cfg
    /// with only a `secureClientPort`) turns TLS on with the system trust store. Prints the insecure warning.
    func settings(requiredByConfiguration: Bool = false) throws -> TLSSettings? {
        var settings: TLSSettings?
        if let clientConfig {
            do {
                settings = try ClientConfigFile(contentsOf: clientConfig).tlsSettings()
            } catch {
                throw ValidationError("--client-config \(error.description)")
            }
        }
        let flagged = tls || tlsCA != nil || tlsCert != nil || tlsServerName != nil || tlsInsecure
        if settings == nil, flagged || requiredByConfiguration { settings = TLSSettings() }
        guard var resolved = settings else { return nil }
        if let tlsCA { resolved.trust = .file(path: tlsCA, password: nil) }
        if tlsInsecure { resolved.trust = .insecure }
        if let tlsServerName { resolved.serverName = tlsServerName }
        let password = try keyPassword()
        if let tlsCert {
            resolved.identity =
                Self.isPKCS12(tlsCert) && tlsKey == nil
                ? .pkcs12(path: tlsCert, password: password)
                : .pem(certificate: tlsCert, key: tlsKey ?? tlsCert, password: password)
        } else if let password, let identity = resolved.identity {
            switch identity {
            case .pem(let certificate, let key, _):
                resolved.identity = .pem(certificate: certificate, key: key, password: password)
            case .pkcs12(let path, _): resolved.identity = .pkcs12(path: path, password: password)
            }
        }
        if resolved.isInsecure {
            StandardError.line(
                "zkscope: WARNING: --tls-insecure: server certificates are NOT verified; anyone on the network path "
                    + "can pose as the ensemble. Use --tls-ca FILE outside of tests.")
        }
        return resolved
    }

    /// The first line of `--tls-key-password-file`.
    private func keyPassword() throws -> Secret? {
        guard let tlsKeyPasswordFile else { return nil }
        guard let data = FileManager.default.contents(atPath: tlsKeyPasswordFile) else {
            throw ValidationError(
                "cannot read --tls-key-password-file \(tlsKeyPasswordFile): check the path and its permissions")
        }
        let text = String(decoding: data, as: UTF8.self)
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        return Secret(line.hasSuffix("\r") ? String(line.dropLast()) : line)
    }

    private static func isPKCS12(_ path: String) -> Bool {
        let lowered = path.lowercased()
        return lowered.hasSuffix(".p12") || lowered.hasSuffix(".pfx")
    }
}
