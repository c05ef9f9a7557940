import ArgumentParser
import CommandOutput
import FleetConfiguration
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
        if let problem = request.validationProblem() { throw ValidationError(problem) }
    }

    /// The options as a `TLSRequest`: the one place (shared with the configuration file) that resolves them.
    var request: TLSRequest {
        var request = TLSRequest(origin: .commandLine)
        request.enabled = tls
        request.ca = tlsCA
        request.certificate = tlsCert
        request.key = tlsKey
        request.keyPassword = tlsKeyPasswordFile.map(SecretSource.file)
        request.serverName = tlsServerName
        request.insecure = tlsInsecure
        request.clientConfig = clientConfig
        return request
    }

    /// The `--client-config` file's properties, for the SASL options (`zookeeper.sasl.client`,
    /// `zookeeper.sasl.clientconfig`); empty without the option.
    func clientProperties() throws -> [String: String] {
        do {
            return try request.clientProperties()
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// Whether any TLS option was given on the command line.
    var anyGiven: Bool { request.anyGiven }

    /// The TLS settings for the commands' sessions and the monitor's probes, or nil for plaintext.
    ///
    /// The client-config file comes first, then the flags override it; `requiredByConfiguration` (a zoo.cfg
    /// with only a `secureClientPort`) turns TLS on with the system trust store. Prints the insecure warning.
    func settings(requiredByConfiguration: Bool = false) throws -> TLSSettings? {
        let resolved: TLSSettings?
        do {
            resolved = try request.resolve(requiredByConfiguration: requiredByConfiguration)
        } catch {
            throw ValidationError(error.description)
        }
        if resolved?.isInsecure == true { StandardError.line("zkscope: \(request.insecureWarning)") }
        return resolved
    }
}
