import EnsembleCore
import TUIKit

/// The ensembles one dashboard watches and the Fleet pane's state: one ``FleetRow`` per ensemble, which one's
/// panes are shown, the sort order, the `/` filter and the selection.
///
/// Pure: rows are replaced by each ensemble's newest round, nothing older is kept, so memory stays one row per
/// ensemble however long the dashboard runs.
public struct FleetModel: Sendable {
    /// The name of an ensemble given by command-line options alone (as `EnsembleProfile.defaultName`): the header
    /// names the shown ensemble only when it has another name, or when there are several.
    public static let unnamed = "default"

    /// Every ensemble, in configuration order.
    public let names: [String]
    /// The newest row of each ensemble.
    public private(set) var rows: [String: FleetRow]
    /// The ensemble whose panes (Ensemble … Locks) are shown.
    public internal(set) var shown: String
    /// The sort column; nil keeps the configuration order.
    public internal(set) var sortColumn: FleetColumn?
    /// Whether the sort order is reversed (`r`).
    public internal(set) var reversed = false
    /// The `/` filter (matches name, leader and the worst finding).
    public internal(set) var filter = ""
    /// Selection and horizontal scroll of the table.
    var table = TableView(columns: FleetColumn.tableColumns)

    /// A fleet of these ensembles (at least one; the first is shown first; a repeated name counts once).
    public init(names: [String]) {
        var seen = Set<String>()
        let unique = names.filter { seen.insert($0).inserted }
        let names = unique.isEmpty ? [Self.unnamed] : unique
        self.names = names
        rows = Dictionary(uniqueKeysWithValues: names.map { ($0, FleetRow(name: $0)) })
        shown = names[0]
    }

    /// Whether the dashboard hosts several ensembles (then the Fleet pane is there, first).
    public var isFleet: Bool { names.count > 1 }

    /// Whether the header names the shown ensemble: always in a fleet, and for one ensemble that has a name.
    public var namesShownEnsemble: Bool { isFleet || shown != Self.unnamed }

    /// Replaces an ensemble's row with its newest round (unknown names are ignored).
    public mutating func record(_ name: String, tracker: EnsembleTracker) {
        guard rows[name] != nil else { return }
        rows[name] = FleetRow(name: name, tracker: tracker)
    }

    /// Replaces an ensemble's row.
    public mutating func record(_ row: FleetRow) {
        guard rows[row.name] != nil else { return }
        rows[row.name] = row
    }

    /// The rows the pane shows: filtered, then sorted (ties keep the configuration order).
    public var visibleRows: [FleetRow] {
        let needle = filter.lowercased()
        var out = names.compactMap { rows[$0] }
        if !needle.isEmpty {
            out = out.filter { row in
                [row.name, row.leader ?? "", row.findingText].contains { $0.lowercased().contains(needle) }
            }
        }
        guard let sortColumn else { return reversed ? out.reversed() : out }
        let order = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        out.sort { a, b in
            if let before = sortColumn.ordersBefore(a, b) { return before != reversed }
            return (order[a.name] ?? 0) < (order[b.name] ?? 0)
        }
        return out
    }

    /// The selected row's ensemble (nil: nothing visible).
    public var selectedName: String? {
        let rows = visibleRows
        guard !rows.isEmpty else { return nil }
        return rows[min(max(0, table.viewport.selected), rows.count - 1)].name
    }

    /// The ensemble a `:ctx` argument names: the exact name, else the only name starting with it.
    public func resolve(_ argument: String) -> String? {
        if names.contains(argument) { return argument }
        let matches = names.filter { $0.lowercased().hasPrefix(argument.lowercased()) }
        return !argument.isEmpty && matches.count == 1 ? matches[0] : nil
    }

    /// Steps the sort column: configuration order, then each column in turn.
    mutating func nextSort() {
        let all = FleetColumn.allCases
        if let sortColumn, let index = all.firstIndex(of: sortColumn) {
            self.sortColumn = index + 1 < all.count ? all[index + 1] : nil
        } else {
            sortColumn = all[0]
        }
        reversed = false
    }

    /// Sorts by a column (`:sort NAME`), or keeps the configuration order (`:sort config`).
    mutating func sort(by column: FleetColumn?) {
        sortColumn = column
        reversed = false
    }

    /// Text for the status line describing the order.
    var sortDescription: String {
        let name = sortColumn?.rawValue ?? "configuration order"
        return "fleet sorted by \(name)" + (reversed ? " (reversed)" : "")
    }

    /// Puts the selection on an ensemble's row (after switching back to the fleet, the shown one is selected).
    mutating func select(_ name: String) {
        let rows = visibleRows
        guard let index = rows.firstIndex(where: { $0.name == name }) else { return }
        table.viewport.setCount(rows.count)
        table.viewport.select(index)
    }
}
