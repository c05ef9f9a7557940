import EnsembleCore
import EnsembleMonitor
import TUIKit

/// Everything a ``DashboardSession`` reacts to, in one stream: input, a poll round, answers from the cluster and
/// the results of effects it started.
public enum SessionEvent: Sendable {
    /// A key, a mouse event or a resize from the terminal.
    case input(InputEvent)
    /// A poll round of the shown ensemble.
    case monitor(MonitorUpdate)
    /// A poll round of one ensemble of the fleet (its Fleet row; its panes too when it is the shown one).
    case round(ensemble: String, MonitorUpdate)
    /// An answer of the znode sessions opened for the `generation`-th shown ensemble; answers of an ensemble
    /// switched away from are dropped.
    case znodes(generation: Int, ZNodeResult)
    /// An answer or a watch event for the tree, the detail or the Locks pane.
    case tree(TreeUpdate)
    /// One member's answer for the compare view.
    case compare(CompareUpdate)
    /// The events `serve` persisted for an ensemble, as just read (Unix times).
    case persisted(ensemble: String, [TimelineEvent])
    /// A line for the status bar (a write's or a demo fault's outcome).
    case status(StatusMessage)
    /// The log file cannot be written (why).
    case logProblem(String)
    /// The terminal went away: the session ends as on quit.
    case terminalClosed
}
