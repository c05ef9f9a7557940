import EnsembleCore
import EnsembleMonitor
import TUIKit

/// Everything a ``DashboardSession`` reacts to, in one stream: input, a poll round, answers from the cluster and
/// the results of effects it started.
public enum SessionEvent: Sendable {
    /// A key, a mouse event or a resize from the terminal.
    case input(InputEvent)
    /// A poll round.
    case monitor(MonitorUpdate)
    /// An answer or a watch event for the tree, the detail or the Locks pane.
    case tree(TreeUpdate)
    /// One member's answer for the compare view.
    case compare(CompareUpdate)
    /// The events `serve` persisted for this ensemble, as just read (Unix times).
    case persisted([TimelineEvent])
    /// A line for the status bar (a write's or a demo fault's outcome).
    case status(StatusMessage)
    /// The log file cannot be written (why).
    case logProblem(String)
    /// The terminal went away: the session ends as on quit.
    case terminalClosed
}
