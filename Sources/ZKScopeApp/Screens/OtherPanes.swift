import TUIKit

extension DashboardModel {
    mutating func drawSessionsPane(on screen: inout Screen, in rect: Rect) {
        screen.write("sessions: not yet", x: rect.x, y: rect.y, role: .dim, clip: rect)
    }

    mutating func drawLocksPane(on screen: inout Screen, in rect: Rect) {
        screen.write("locks: not yet", x: rect.x, y: rect.y, role: .dim, clip: rect)
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
                return SessionLocation(member: member.address, client: connection.remoteAddress)
            }
        }
        return nil
    }
}
