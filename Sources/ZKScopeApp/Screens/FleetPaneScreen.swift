import TUIKit

extension DashboardModel {
    /// The Fleet pane: one row per ensemble (filtered and sorted), the shown ensemble marked, and under the table
    /// the selected ensemble's worst finding in full.
    mutating func drawFleetPane(on screen: inout Screen, in rect: Rect) {
        let rows = fleet.visibleRows
        let parts = rect.splitRows([.fixed(1), .flex(min: 3), .fixed(min(4, max(2, rect.height / 4)))])
        let order = fleet.sortColumn.map { "sorted by \($0.rawValue)" + (fleet.reversed ? " (reversed)" : "") }
        let header =
            "\(fleet.names.count) ensembles · shown: \(fleet.shown) · "
            + (order ?? "configuration order") + " · s sorts, r reverses, Enter opens"
        screen.write(SafeText(header), x: parts[0].x, y: parts[0].y, width: parts[0].width, role: .dim)
        let shown = fleet.shown
        fleet.table.viewport.setCount(rows.count)
        fleet.table.draw(on: &screen, in: parts[1], focused: true) { i in
            let row = rows[i]
            var cells = row.cells
            if row.name == shown { cells[0] = "▸ " + cells[0] } else { cells[0] = "  " + cells[0] }
            return TableRow(cells, cellRoles: row.cellRoles)
        }
        if rows.isEmpty {
            screen.write(
                "no ensemble matches the filter", x: parts[1].x + 1, y: parts[1].y + 1, role: .dim, clip: parts[1])
        }
        layout.regions.append(.init(target: .fleet, rect: fleet.table.bodyRect(in: parts[1])))
        let selected = fleet.table.viewport.selected
        guard selected < rows.count, parts[2].height >= 1 else { return }
        let row = rows[selected]
        let line: String
        let role: StyleRole
        if let worst = row.worst {
            line = "\(row.name): \(worst.listLine)"
            role = worst.severity.role
        } else {
            line = row.polled ? "\(row.name): no findings" : "\(row.name): waiting for the first poll round…"
            role = .dim
        }
        screen.write(SafeText(line), x: parts[2].x, y: parts[2].y, width: parts[2].width, role: role)
    }
}
