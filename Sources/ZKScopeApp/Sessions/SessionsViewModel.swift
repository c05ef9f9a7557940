import EnsembleCore
import TUIKit

/// The Sessions pane: client connections per member, and sessions with their ephemeral nodes.
public struct SessionsViewModel: Sendable {
    /// Table columns.
    public static let columns: [TableColumn] = [TableColumn("Session")]
    /// Rows.
    public var rows: [TableRow] = []
    /// Builds the rows.
    public init(tracker: EnsembleTracker?, filter: String) {}
}
