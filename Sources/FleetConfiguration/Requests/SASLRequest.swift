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
    /// Where the settings were written, for messages.
    public var origin: SettingOrigin

    /// An empty request (no SASL).
    public init(origin: SettingOrigin = .commandLine) {
        self.origin = origin
    }

    /// What is inconsistent about the settings themselves, or nil.
    public func validationProblem() -> String? {
        let userName = origin.name(option: "--sasl-user", key: "user")
        let passwordName = origin.name(option: "--sasl-password-file", key: "password_file")
        let jaasName = origin.name(option: "--jaas", key: "jaas")
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
        if let jaasFile, properties.enabled || jaasSection != nil {
            let text = try read(jaasFile, what: "JAAS file", option: "--jaas", key: "jaas")
            do {
                let section = jaasSection ?? properties.section ?? "Client"
                return try JAASConfiguration(parsing: text).saslCredentials(section: section)
            } catch {
                throw origin.error(option: "--jaas", key: "jaas", "\(jaasFile): \(error.message)")
            }
        }
        guard let user, let password else { return nil }
        let secret = try password.read(
            named: "SASL password", origin: origin, option: "--sasl-password-file", key: "password_file")
        return SASLCredentials(user: user, password: secret)
    }

    private func read(_ path: String, what: String, option: String, key: String) throws(FleetConfigError) -> String {
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
        guard let text = String(data: data, encoding: .utf8) else {
            throw origin.error(option: option, key: key, "the \(what) \(path) is not UTF-8 text")
        }
        return text
    }
}
