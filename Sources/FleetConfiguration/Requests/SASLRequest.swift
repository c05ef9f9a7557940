import Foundation
import ZooKeeperClient
import ZooKeeperTLS

/// The SASL settings as written (`--sasl-user`/`--sasl-password-file`/`--jaas`, or a `sasl` table), before any file
/// is read: the one place that turns them into `SASLCredentials`.
public struct SASLRequest: Sendable, Hashable {
    /// The DIGEST-MD5 user.
    public var user: String?
    /// Where the user's password comes from.
    public var password: SecretSource?
    /// A JAAS file with a `Client` section, as ZooKeeper's Java tools use.
    public var jaasFile: String?
    /// The JAAS section instead of `Client`.
    public var jaasSection: String?
    /// Kerberos: the keytab holding `principal`'s key.
    public var keytab: String?
    /// Kerberos: the client principal (with a keytab, or to pick it from the ticket cache).
    public var principal: String?
    /// Kerberos from the ticket cache kinit filled (`KRB5CCNAME` or the default).
    public var kerberos = false
    /// The members' Kerberos service name (default `zookeeper`).
    public var service: String?
    /// Where the settings were written, for messages.
    public var origin: SettingOrigin

    /// Whether a Kerberos setting was given.
    var wantsKerberos: Bool { kerberos || keytab != nil || principal != nil }

    /// An empty request (no SASL).
    public init(origin: SettingOrigin = .commandLine) {
        self.origin = origin
    }

    /// What is inconsistent about the settings themselves, or nil.
    public func validationProblem() -> String? {
        let userName = origin.name(option: "--sasl-user", key: "user")
        let passwordName = origin.name(option: "--sasl-password-file", key: "password_file")
        let jaasName = origin.name(option: "--jaas", key: "jaas")
        if wantsKerberos && (jaasFile != nil || user != nil || password != nil) {
            let kerberosNames = [
                origin.name(option: "--keytab", key: "keytab"), origin.name(option: "--principal", key: "principal"),
                origin.name(option: "--kerberos", key: "kerberos"),
            ]
            return
                "use either Kerberos (\(kerberosNames.joined(separator: "/"))) or \(jaasName) or \(userName), not several"
        }
        let principalName = origin.name(option: "--principal", key: "principal")
        if keytab != nil && principal == nil {
            return "\(origin.name(option: "--keytab", key: "keytab")) needs \(principalName) NAME@REALM "
                + "(the principal whose key the keytab holds)"
        }
        if let principal, principal.isEmpty || principal.contains(where: { $0.isNewline || $0 == " " }) {
            return "\(principalName) must be a Kerberos principal such as client@EXAMPLE.COM"
        }
        if let service, service.isEmpty || service.contains(where: { $0 == "/" || $0 == "@" || $0 == " " }) {
            return "\(origin.name(option: "--sasl-service", key: "service")) must be a service name such as zookeeper "
                + "(no / or @)"
        }
        if jaasFile != nil && (user != nil || password != nil) {
            return "use either \(jaasName) or \(userName) with \(passwordName), not both"
        }
        if user != nil && password == nil {
            return "\(userName) needs \(passwordName) FILE (the password is read from a file)"
        }
        if password != nil && user == nil { return "\(passwordName) needs \(userName) USER" }
        if jaasSection != nil && jaasFile == nil {
            return "\(origin.name(option: "--jaas-section", key: "jaas_section")) needs \(jaasName) FILE"
        }
        if let user, user.isEmpty || user.contains(where: { $0.isNewline }) {
            return "\(userName) must be a non-empty user name"
        }
        return nil
    }

    /// The credentials, with their files read; nil when no SASL setting was given. `clientProperties` are a zkCli
    /// client properties file's: `zookeeper.sasl.clientconfig` picks the JAAS section unless `jaasSection` does,
    /// and `zookeeper.sasl.client=false` turns a JAAS file off.
    public func resolve(clientProperties: [String: String] = [:]) throws(FleetConfigError) -> SASLCredentials? {
        if let problem = validationProblem() { throw origin.error(option: "--sasl-user", key: "sasl", problem) }
        let properties = SASLClientProperties(clientProperties)
        let service = self.service ?? properties.service ?? "zookeeper"
        if wantsKerberos {
            if let keytab { _ = try readData(keytab, what: "keytab", option: "--keytab", key: "keytab") }
            return .kerberos(KerberosCredentials(principal: principal, keytab: keytab), service: service)
        }
        if let jaasFile, properties.enabled || jaasSection != nil {
            let text = try read(jaasFile, what: "JAAS file", option: "--jaas", key: "jaas")
            var credentials: SASLCredentials
            do {
                let section = jaasSection ?? properties.section ?? "Client"
                credentials = try JAASConfiguration(parsing: text).saslCredentials(section: section)
            } catch {
                throw origin.error(option: "--jaas", key: "jaas", "\(jaasFile): \(error.message)")
            }
            if let kerberos = credentials.kerberos {
                if let keytab = kerberos.keytab {
                    _ = try readData(keytab, what: "keytab named by the JAAS file", option: "--jaas", key: "jaas")
                }
                credentials = .kerberos(kerberos, service: service)
            }
            return credentials
        }
        guard let user, let password else { return nil }
        let secret = try password.read(
            named: "SASL password", origin: origin, option: "--sasl-password-file", key: "password_file")
        return SASLCredentials(user: user, password: secret)
    }

    private func read(_ path: String, what: String, option: String, key: String) throws(FleetConfigError) -> String {
        let data = try readData(path, what: what, option: option, key: key)
        guard let text = String(data: data, encoding: .utf8) else {
            throw origin.error(option: option, key: key, "the \(what) \(path) is not UTF-8 text")
        }
        return text
    }

    private func readData(_ path: String, what: String, option: String, key: String) throws(FleetConfigError) -> Data {
        var isDirectory: ObjCBool = false
        let name = origin.name(option: option, key: key)
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw origin.error(
                option: option, key: key, "the \(what) \(path) does not exist: check the path given to \(name)")
        }
        guard !isDirectory.boolValue else {
            throw origin.error(option: option, key: key, "the \(what) \(path) is a directory: give \(name) a file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw origin.error(
                option: option, key: key,
                "the \(what) \(path) cannot be read (permission denied?): make it readable by this user")
        }
        return data
    }
}
