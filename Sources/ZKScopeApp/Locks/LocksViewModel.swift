import TUIKit

/// A recognised lock.
public struct LockInfo: Hashable, Sendable {}

/// The Locks pane.
public struct LocksViewModel: Sendable {
    /// Table columns.
    public static let columns: [TableColumn] = [TableColumn("Lock")]
    /// Rows.
    public var rows: [TableRow] = []
    /// Builds the rows.
    public init(locks: [LockInfo], sessions: SessionsViewModel, filter: String, now: Double) {}
}

/// Finds lock layouts among the loaded nodes (stub).
enum LockScanner {
    static func scan(_ tree: TreePaneModel) -> [LockInfo] { [] }
}
