import ArgumentParser
import CommandOutput
import FleetConfiguration
import Foundation
import ZooKeeperClient
import ZooKeeperTLS

/// `--sasl-user USER --sasl-password-file FILE`, or `--jaas FILE [--jaas-section NAME]`: SASL DIGEST-MD5 credentials,
/// or Kerberos (GSSAPI) with `--keytab FILE --principal NAME`, `--kerberos` (kinit's ticket cache) or a JAAS
/// Krb5LoginModule section, `--sasl-service` naming the members' service (default `zookeeper`), for every ZooKeeper
/// session a command opens (`tree`, `check --deep`, the dashboard's tree, compare and lock
/// views). The password always comes from a file, never from the command line, and is never printed.
struct SASLOptions: ParsableArguments {
    @Option(name: .customLong("sasl-user"), help: "SASL DIGEST-MD5 user name (with --sasl-password-file).")
    var user: String?

    @Option(
        name: .customLong("sasl-password-file"),
        help: "File holding the SASL password (its first line; keep it mode 0600).")
    var passwordFile: String?

    @Option(
        name: .customLong("jaas"),
        help: "JAAS file with a Client section (DigestLoginModule username/password), as ZooKeeper's Java tools use.")
    var jaasFile: String?

    @Option(name: .customLong("jaas-section"), help: "The JAAS section to use instead of Client.")
    var jaasSection: String?

    @Option(
        name: .customLong("keytab"),
        help: "Kerberos (SASL GSSAPI): the keytab holding --principal's key (tickets are got and renewed from it).")
    var keytab: String?

    @Option(
        name: .customLong("principal"),
        help: "Kerberos client principal (name@REALM): with --keytab, or to pick it from the ticket cache.")
    var principal: String?

    @Flag(
        name: .customLong("kerberos"),
        help: "Kerberos (SASL GSSAPI) with the ticket cache kinit filled (KRB5CCNAME or the default cache).")
    var kerberos = false

    @Option(
        name: .customLong("sasl-service"),
        help: "The members' Kerberos service name (default zookeeper: principal zookeeper/<host>).")
    var service: String?

    func validate() throws {
        if let problem = request.validationProblem() { throw ValidationError(problem) }
    }

    /// The options as a `SASLRequest`: the one place (shared with the configuration file) that resolves them.
    var request: SASLRequest {
        var request = SASLRequest(origin: .commandLine)
        request.user = user
        request.password = passwordFile.map(SecretSource.file)
        request.jaasFile = jaasFile
        request.jaasSection = jaasSection
        request.keytab = keytab
        request.principal = principal
        request.kerberos = kerberos
        request.service = service
        return request
    }

    /// Whether any SASL option was given.
    var anyGiven: Bool {
        user != nil || passwordFile != nil || jaasFile != nil || jaasSection != nil || keytab != nil
            || principal != nil || kerberos || service != nil
    }

    /// The credentials, with their files read; nil when no SASL option was given. A file that cannot be read or
    /// used is a `SASLOptionsError` naming the file and the fix (never its content).
    /// `clientProperties` are a zkCli client properties file's (`--client-config`): `zookeeper.sasl.clientconfig`
    /// picks the JAAS section unless `--jaas-section` does, and `zookeeper.sasl.client=false` turns a JAAS file off.
    func credentials(clientProperties: [String: String] = [:]) throws(SASLOptionsError) -> SASLCredentials? {
        do {
            return try request.resolve(clientProperties: clientProperties)
        } catch {
            throw SASLOptionsError(error.message)
        }
    }

    /// `credentials()` for a command's `run()`: a file problem is one stderr line and exit `exitCode`.
    func resolved(command: String, exitCode: Int32 = 1, clientProperties: [String: String] = [:]) throws
        -> SASLCredentials?
    {
        let resolved: SASLCredentials?
        do {
            resolved = try credentials(clientProperties: clientProperties)
        } catch {
            StandardError.line("\(command): \(error.message)")
            throw ExitCode(exitCode)
        }
        // Kerberos: get the tickets now, so a bad keytab, an unknown principal, an unreachable KDC, clock skew or
        // an expired ticket is one line before any connection (sessions get them again on every reconnect).
        if let kerberos = resolved?.kerberos {
            do {
                _ = try KerberosTicketCheck.check(kerberos)
            } catch {
                StandardError.line("\(command): \(error.message)")
                throw ExitCode(exitCode)
            }
        }
        return resolved
    }
}

/// Why the SASL options cannot be used: one line naming the file and the fix.
struct SASLOptionsError: Error, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
