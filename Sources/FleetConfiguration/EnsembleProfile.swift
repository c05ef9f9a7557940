import EnsembleCore
import EnsembleMonitor

/// One ensemble zkscope watches, fully resolved: where its members are, how often and how to poll them, and how to
/// open ZooKeeper sessions to it. A named ensemble of the configuration file and the command-line options
/// (`--servers`, `--config`, `--tls…`, `--sasl…`, `--auth`) both become one of these, so every command, the
/// dashboard and `zkscope serve` treat them alike.
public struct EnsembleProfile: Sendable {
    /// The ensemble's name: the `[ensembles.NAME]` table, or `default` for one given by options alone. It labels
    /// metrics, stored events and the fleet pane's rows.
    public var name: String
    /// The members (from `servers` or zoo.cfg files).
    public var configuration: EnsembleConfiguration
    /// Poll interval, AdminServer use and the probes' TLS.
    public var settings: PollSettings
    /// What the ZooKeeper sessions (tree, compare, locks, `check --deep`) carry.
    public var session: SessionOptions

    /// A resolved profile.
    public init(name: String, configuration: EnsembleConfiguration, settings: PollSettings, session: SessionOptions) {
        self.name = name
        self.configuration = configuration
        self.settings = settings
        self.session = session
    }

    /// The name an ensemble given by command-line options alone carries.
    public static let defaultName = "default"
}
