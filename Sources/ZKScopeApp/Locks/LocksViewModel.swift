import TUIKit
import ZooKeeperRecipes

/// A lock found in the cluster: its layout (holder, waiters) and when the holder's node was created.
public struct LockReport: Hashable, Sendable {
    /// Holder and waiters, as ZooKeeperRecipes reads them.
    public var layout: LockLayout
    /// `ctime` of the holder's node (ms since 1970), when known.
    public var holderCreated: Int64?

    /// Creates a report.
    public init(layout: LockLayout, holderCreated: Int64?) {
        self.layout = layout
        self.holderCreated = holderCreated
    }
}

/// One lock as the Locks pane shows it.
public struct LockRow: Hashable, Sendable {
    /// The lock's path.
    public var path: String
    /// Curator mutex, semaphore mutex, leader latch or kazoo lock.
    public var recipe: String
    /// The holder's session (or `free`).
    public var holder: String
    /// The holder's client address and serving member, when `cons` names its session.
    public var client: String
    /// How long the holder has held it.
    public var held: String
    /// How many contenders wait.
    public var waiters: Int
    /// The waiters' sessions, next first.
    public var waiterSessions: [String]

    /// Cells in ``LocksViewModel/columns`` order.
    public var cells: [String] {
        [path, recipe, holder, client, held, String(waiters), waiterSessions.joined(separator: " ")]
    }
}

/// The Locks pane: every recognised lock and latch with its holder, the holder's client, how long it has been
/// held, and its waiters.
public struct LocksViewModel: Sendable {
    /// Table columns.
    public static let columns: [TableColumn] = [
        TableColumn("Lock", width: .flex(min: 18)),
        TableColumn("Recipe", width: .fixed(23)),
        TableColumn("Holder", width: .fixed(18)),
        TableColumn("Client / member", width: .fixed(36)),
        TableColumn("Held", width: .fixed(7), alignment: .right),
        TableColumn("Wait", width: .fixed(4), alignment: .right),
        TableColumn("Waiters", width: .flex(min: 18)),
    ]

    /// Rows sorted by path.
    public var rows: [LockRow] = []

    /// Builds the rows; `locate` maps a session to its client and member, `now` is Unix seconds.
    init(
        locks: [LockReport], locate: (Int64) -> SessionLocation?, holderSince: [String: Double], filter: String,
        now: Double
    ) {
        let needle = filter.lowercased()
        rows = locks.sorted { $0.layout.path < $1.layout.path }.compactMap { report in
            let layout = report.layout
            let holderSession = layout.holder?.sessionID
            var client = "-"
            if let holderSession, let location = locate(holderSession) {
                client = "\(location.client) via \(location.member)"
            }
            var held = "-"
            if layout.holder != nil {
                let created = report.holderCreated.map { Double($0) / 1000 }
                let since = [created, holderSince[layout.path]].compactMap { $0 }.max()
                held = since.map { Format.duration(seconds: max(0, now - $0)) } ?? "-"
            }
            let row = LockRow(
                path: layout.path, recipe: layout.recipe.rawValue,
                holder: layout.holder.map { $0.sessionID.map(Format.session) ?? $0.name } ?? "free",
                client: client, held: held, waiters: layout.waiters.count,
                waiterSessions: layout.waiters.map { $0.sessionID.map(Format.session) ?? $0.name })
            if !needle.isEmpty && !row.cells.joined(separator: " ").lowercased().contains(needle) { return nil }
            return row
        }
    }
}
