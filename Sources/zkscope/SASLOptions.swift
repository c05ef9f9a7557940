import ArgumentParser
import CommandOutput
import FleetConfiguration
import Foundation
import ZooKeeperClient
import ZooKeeperTLS

/// `--sasl-user USER --sasl-password-file FILE`, or `--jaas FILE [--jaas-section NAME]`: SASL DIGEST-MD5 credentials
/// for every ZooKeeper session a command opens (`tree`, `check --deep`, the dashboard's tree, compare and lock
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
        return request
    }

    /// Whether any SASL option was given.
    var anyGiven: Bool { user != nil || passwordFile != nil || jaasFile != nil || jaasSection != nil }

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
        do {
            return try credentials(clientProperties: clientProperties)
        } catch {
            StandardError.line("\(command): \(error.message)")
            throw ExitCode(exitCode)
        }
    }
}

/// Why the SASL options cannot be used: one line naming the file and the fix.
struct SASLOptionsError: Error, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
