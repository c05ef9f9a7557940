import EnsembleCore
import EnsembleMonitor
import ZooKeeperClient

/// One `[ensembles.NAME]` table as written, its `[defaults]` already applied, before any file is read.
public struct EnsembleEntry: Sendable, Hashable {
    /// The ensemble's name.
    public var name: String
    /// The 1-based line of its table header, for messages.
    public var line: Int
    /// `servers = "h1:2181,h2:2181"`.
    public var servers: String?
    /// `zoo_cfg = "/etc/zookeeper/conf/zoo.cfg"` (or a list, one file per member).
    public var zooCfg: [String] = []
    /// Poll interval in seconds.
    public var interval: Double = 1
    /// The AdminServer port of every member.
    public var adminPort: Int?
    /// Whether the AdminServer is asked (`admin = false`: four-letter words only).
    public var useAdminServer = true
    /// The reply limit of the ensemble's ZooKeeper sessions.
    public var maxReplySize = ZooKeeperConfiguration.defaultMaxReplySize
    /// The `tls` table.
    public var tls: TLSRequest
    /// The `sasl` table.
    public var sasl: SASLRequest
    /// The `[[…auth]]` entries: scheme and where the credentials come from.
    public var auth: [AuthRequest] = []
    /// Where it was written, for messages.
    public var origin: SettingOrigin

    /// An entry with the defaults of every setting.
    public init(name: String, line: Int, origin: SettingOrigin) {
        self.name = name
        self.line = line
        self.origin = origin
        tls = TLSRequest(origin: origin)
        sasl = SASLRequest(origin: origin)
    }

    /// Reads the files the entry names (zoo.cfg, password files, JAAS, client config) and returns the profile.
    /// A problem is a `FleetConfigError` at the key's line.
    public func resolve() throws(FleetConfigError) -> EnsembleProfile {
        let configuration: EnsembleConfiguration
        do {
            configuration = try ConfigurationLoader.load(configPaths: zooCfg, servers: servers, adminPort: adminPort)
        } catch {
            throw origin.error(
                option: "--servers", key: zooCfg.isEmpty ? "servers" : "zoo_cfg",
                "ensemble \(name): \(error.description)")
        }
        var settings = PollSettings(interval: .milliseconds(Int64((interval * 1000).rounded())))
        settings.useAdminServer = useAdminServer
        settings.tls = try tls.resolve(requiredByConfiguration: configuration.requiresTLS)
        let credentials = try auth.map { request throws(FleetConfigError) in try request.resolve(origin: origin) }
        let sasl = try sasl.resolve(clientProperties: try tls.clientProperties())
        return EnsembleProfile(
            name: name, configuration: configuration, settings: settings,
            session: SessionOptions(
                credentials: credentials, sasl: sasl, maxReplySize: maxReplySize, tls: settings.tls))
    }
}

/// One `[[ensembles.NAME.auth]]` entry: `scheme = "digest"` with `credentials_file` or `credentials_env` (the
/// credentials are a secret: never written in the file itself).
public struct AuthRequest: Sendable, Hashable {
    /// The ACL scheme (`digest`, `ip`, …).
    public var scheme: String
    /// Where the credentials (`user:password` for digest) come from.
    public var credentials: SecretSource
    /// The key prefix for messages (`auth[0]`).
    public var key: String

    /// An entry.
    public init(scheme: String, credentials: SecretSource, key: String) {
        self.scheme = scheme
        self.credentials = credentials
        self.key = key
    }

    /// The credential, its secret read.
    func resolve(origin: SettingOrigin) throws(FleetConfigError) -> AuthCredential {
        let secret = try credentials.read(
            named: "\(scheme) credentials", origin: origin, option: "--auth", key: key)
        return AuthCredential(scheme: scheme, credentials: Array(secret.value.utf8))
    }
}
