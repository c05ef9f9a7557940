import ArgumentParser
import CommandOutput
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

    /// Whether a Kerberos option was given.
    private var wantsKerberos: Bool { kerberos || keytab != nil || principal != nil }

    func validate() throws {
        if jaasFile != nil && (user != nil || passwordFile != nil) {
            throw ValidationError("use either --jaas or --sasl-user with --sasl-password-file, not both")
        }
        if user != nil && passwordFile == nil {
            throw ValidationError("--sasl-user needs --sasl-password-file FILE (the password is read from a file)")
        }
        if passwordFile != nil && user == nil {
            throw ValidationError("--sasl-password-file needs --sasl-user USER")
        }
        if wantsKerberos && (jaasFile != nil || user != nil || passwordFile != nil) {
            throw ValidationError(
                "use either Kerberos (--keytab/--principal/--kerberos) or --jaas or --sasl-user, not several")
        }
        if keytab != nil && principal == nil {
            throw ValidationError("--keytab needs --principal NAME@REALM (the principal whose key the keytab holds)")
        }
        if let principal, principal.isEmpty || principal.contains(where: { $0.isNewline || $0 == " " }) {
            throw ValidationError("--principal must be a Kerberos principal such as client@EXAMPLE.COM")
        }
        if let service, service.isEmpty || service.contains(where: { $0 == "/" || $0 == "@" || $0 == " " }) {
            throw ValidationError("--sasl-service must be a service name such as zookeeper (no / or @)")
        }
        if jaasSection != nil && jaasFile == nil {
            throw ValidationError("--jaas-section needs --jaas FILE")
        }
        if let user, user.isEmpty || user.contains(where: { $0.isNewline }) {
            throw ValidationError("--sasl-user must be a non-empty user name")
        }
    }

    /// The credentials, with their files read; nil when no SASL option was given. A file that cannot be read or
    /// used is a `SASLOptionsError` naming the file and the fix (never its content).
    /// `clientProperties` are a zkCli client properties file's (`--client-config`): `zookeeper.sasl.clientconfig`
    /// picks the JAAS section unless `--jaas-section` does, and `zookeeper.sasl.client=false` turns a JAAS file off.
    func credentials(clientProperties: [String: String] = [:]) throws(SASLOptionsError) -> SASLCredentials? {
        let properties = SASLClientProperties(clientProperties)
        let service = self.service ?? properties.service ?? "zookeeper"
        if wantsKerberos {
            if let keytab { _ = try Self.readData(keytab, what: "keytab", option: "--keytab") }
            return .kerberos(KerberosCredentials(principal: principal, keytab: keytab), service: service)
        }
        if let jaasFile, properties.enabled || jaasSection != nil {
            let text = try Self.read(jaasFile, what: "JAAS file", option: "--jaas")
            var credentials: SASLCredentials
            do {
                let section = jaasSection ?? properties.section ?? "Client"
                credentials = try JAASConfiguration(parsing: text).saslCredentials(section: section)
            } catch {
                throw SASLOptionsError("\(jaasFile): \(error.message)")
            }
            if let kerberos = credentials.kerberos {
                if let keytab = kerberos.keytab {
                    _ = try Self.readData(keytab, what: "keytab named by the JAAS file", option: "keyTab in --jaas")
                }
                credentials = .kerberos(kerberos, service: service)
            }
            return credentials
        }
        guard let user, let passwordFile else { return nil }
        let text = try Self.read(passwordFile, what: "SASL password file", option: "--sasl-password-file")
        // The first line is the password, as ZooKeeper's C client reads its password file.
        let password = String(text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
            .trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
        guard !password.isEmpty else {
            throw SASLOptionsError(
                "the SASL password file \(passwordFile) is empty: put the password on its first line")
        }
        return SASLCredentials(user: user, password: Secret(password))
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

    private static func read(_ path: String, what: String, option: String) throws(SASLOptionsError) -> String {
        let data = try readData(path, what: what, option: option)
        guard let text = String(data: data, encoding: .utf8) else {
            throw SASLOptionsError("the \(what) \(path) is not UTF-8 text")
        }
        return text
    }

    private static func readData(_ path: String, what: String, option: String) throws(SASLOptionsError) -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw SASLOptionsError("the \(what) \(path) does not exist: check the path given to \(option)")
        }
        guard !isDirectory.boolValue else {
            throw SASLOptionsError("the \(what) \(path) is a directory: give \(option) a file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SASLOptionsError(
                "the \(what) \(path) cannot be read (permission denied?): make it readable by this user")
        }
        return data
    }
}

/// Why the SASL options cannot be used: one line naming the file and the fix.
struct SASLOptionsError: Error, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
