import ArgumentParser
import EnsembleCore
import EnsembleMonitor
import ZooKeeperClient

/// `--servers` / `--config`: which ensemble a one-shot read command (`tree`) talks to, resolved to a
/// client connect string. Resolution is the dashboard's (`ConfigurationLoader`), except that
/// `--servers` is handed to the client as given, so a `/chroot` suffix works.
struct EnsembleTargetOptions: ParsableArguments {
    @Option(name: .long, help: "Connect string: host:port[,host:port...][/chroot].")
    var servers: String?

    @Option(name: .long, help: "A zoo.cfg whose server list (and clientPort) names the members.")
    var config: String?

    func validate() throws {
        if servers != nil && config != nil { throw ValidationError("give --servers or --config, not both") }
        if let servers, servers.allSatisfy({ $0 == " " }) { throw ValidationError("--servers is empty") }
        // A malformed connect string is a bad argument (exit 64), not a server that cannot be reached.
        if let servers {
            do {
                _ = try ZooKeeperConfiguration(connectString: servers)
            } catch {
                throw ValidationError("--servers: \(error.message.isEmpty ? error.description : error.message)")
            }
        }
    }

    /// The connect string: `--servers` as given, else the members of `--config`, of
    /// `$ZOOCFGDIR/zoo.cfg` or `/etc/zookeeper/conf/zoo.cfg`, else `localhost:2181`.
    func connectString() throws -> String {
        try resolved().connectString
    }

    /// Whether `--config` (or the default zoo.cfg) has a `secureClientPort` and no `clientPort`: TLS is then
    /// used without `--tls`.
    func configurationRequiresTLS() throws -> Bool {
        try resolved().requiresTLS
    }

    private func resolved() throws -> (connectString: String, requiresTLS: Bool) {
        if let servers { return (servers, false) }
        do {
            let configuration = try ConfigurationLoader.load(configPath: config, servers: nil)
            guard !configuration.members.isEmpty else {
                throw ValidationError("\(configuration.source) names no member")
            }
            return (configuration.members.map(\.address).joined(separator: ","), configuration.requiresTLS)
        } catch let error as ConfigError {
            throw ValidationError(error.description)
        }
    }
}
