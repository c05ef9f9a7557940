import TUIKit

extension DashboardModel {
    mutating func drawSessionsPane(on screen: inout Screen, in rect: Rect) {
        let model = sessions
        let parts = rect.splitRows([.fixed(1), .flex(min: 3), .fixed(min(8, max(3, rect.height / 3)))])
        let header =
            model.connectionsByMember.isEmpty
            ? "no cons/dump data yet (they are polled every few rounds)"
            : "connections: " + model.connectionsByMember.map { "\($0.member) \($0.count)" }.joined(separator: " · ")
                + " · \(model.rows.count) sessions"
        screen.write(SafeText(header), x: parts[0].x, y: parts[0].y, width: parts[0].width, role: .dim)
        sessionsTable.viewport.setCount(model.rows.count)
        sessionsTable.draw(on: &screen, in: parts[1]) { i in TableRow(model.rows[i].cells) }
        layout.regions.append(.init(target: .sessions, rect: sessionsTable.bodyRect(in: parts[1])))
        let selected = sessionsTable.viewport.selected
        let row = selected < model.rows.count ? model.rows[selected] : nil
        screen.drawBox(
            parts[2], role: .border,
            title: row.map { "Ephemerals of \(Format.session($0.sessionID)) (\($0.ephemerals.count))" } ?? "Ephemerals")
        var pane = TextPane(
            text: row.map { $0.ephemerals.isEmpty ? "(none)" : $0.ephemerals.joined(separator: "\n") } ?? "")
        pane.draw(on: &screen, in: parts[2].inset(by: 1))
    }

    mutating func drawLocksPane(on screen: inout Screen, in rect: Rect) {
        let model = locks
        let parts = rect.splitRows([.fixed(1), .flex(min: 3), .fixed(min(8, max(3, rect.height / 3)))])
        screen.write(
            SafeText(
                "\(model.rows.count) locks and latches (Curator mutex, semaphore mutex, leader latch, kazoo lock)"),
            x: parts[0].x, y: parts[0].y, width: parts[0].width, role: .dim)
        locksTable.viewport.setCount(model.rows.count)
        locksTable.draw(on: &screen, in: parts[1]) { i in
            let row = model.rows[i]
            return TableRow(row.cells, cellRoles: [nil, nil, row.holder == "free" ? .dim : .statusOK])
        }
        if model.rows.isEmpty {
            screen.write(
                "no lock layouts found (yet)", x: parts[1].x + 1, y: parts[1].y + 1, role: .dim, clip: parts[1])
        }
        layout.regions.append(.init(target: .locks, rect: locksTable.bodyRect(in: parts[1])))
        let selected = locksTable.viewport.selected
        let row = selected < model.rows.count ? model.rows[selected] : nil
        screen.drawBox(parts[2], role: .border, title: row.map { "Lock " + $0.path } ?? "Lock")
        var lines: [String] = []
        if let row {
            lines.append("holder: \(row.holder) · \(row.client) · held \(row.held)")
            lines.append(
                "waiters (next first): "
                    + (row.waiterSessions.isEmpty ? "none" : row.waiterSessions.joined(separator: ", ")))
        }
        var pane = TextPane(text: lines.joined(separator: "\n"))
        pane.draw(on: &screen, in: parts[2].inset(by: 1))
    }
}

/// Where a session is connected: the serving member and the client's address (from `cons`).
struct SessionLocation: Hashable, Sendable {
    var member: String
    var client: String
}

extension DashboardModel {
    /// Finds the connection of a session in the newest `cons` replies of every member.
    func locateSession(_ id: Int64) -> SessionLocation? {
        guard let latest = tracker?.history.latest else { return nil }
        for member in latest.members {
            if let connection = member.clientConnections?.first(where: { $0.sessionID == id }) {
                return SessionLocation(member: member.address, client: SessionsViewModel.trim(connection.remoteAddress))
            }
        }
        return nil
    }
}
