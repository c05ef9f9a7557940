import TUIKit

/// The Fleet pane's columns, in drawing order; each is also a sort key (`s` steps through them, `:sort NAME`
/// picks one).
public enum FleetColumn: String, CaseIterable, Hashable, Sendable {
    case name, members, leader, epoch, findings, znodes, sessions, reads, writes, ratio

    /// The table's columns, in ``FleetRow/cells`` order.
    public static let tableColumns: [TableColumn] = allCases.map(\.tableColumn)

    /// The column as drawn.
    public var tableColumn: TableColumn {
        switch self {
        case .name: return TableColumn("Ensemble", width: .flex(min: 10))
        case .members: return TableColumn("Up", width: .fixed(5), alignment: .right)
        case .leader: return TableColumn("Leader", width: .flex(min: 15))
        case .epoch: return TableColumn("Epoch", width: .fixed(5), alignment: .right)
        case .findings: return TableColumn("Worst finding", width: .flex(min: 18))
        case .znodes: return TableColumn("Znodes", width: .fixed(7), alignment: .right)
        case .sessions: return TableColumn("Sess", width: .fixed(5), alignment: .right)
        case .reads: return TableColumn("Rd/s", width: .fixed(7), alignment: .right)
        case .writes: return TableColumn("Wr/s", width: .fixed(7), alignment: .right)
        case .ratio: return TableColumn("R:W", width: .fixed(6), alignment: .right)
        }
    }

    /// Whether `a` comes before `b` in this column's natural order: names A→Z, fewest members up first, worst
    /// findings first, the biggest numbers first (what needs a look comes to the top). Unknown values go last.
    func ordersBefore(_ a: FleetRow, _ b: FleetRow) -> Bool? {
        func numbers<T: Comparable>(_ x: T?, _ y: T?) -> Bool? {
            switch (x, y) {
            case (let x?, let y?): return x == y ? nil : x > y
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return nil
            }
        }
        switch self {
        case .name: return a.name == b.name ? nil : a.name < b.name
        case .members:
            let x = a.polled ? Double(a.up) / Double(max(1, a.total)) : 2
            let y = b.polled ? Double(b.up) / Double(max(1, b.total)) : 2
            return x == y ? nil : x < y
        case .leader: return (a.leader ?? "~") == (b.leader ?? "~") ? nil : (a.leader ?? "~") < (b.leader ?? "~")
        case .epoch: return numbers(a.epoch, b.epoch)
        case .findings:
            let x = a.worst.map { ($0.severity, a.findingCount) }
            let y = b.worst.map { ($0.severity, b.findingCount) }
            switch (x, y) {
            case (let x?, let y?):
                if x.0 != y.0 { return x.0 > y.0 }
                return x.1 == y.1 ? nil : x.1 > y.1
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return nil
            }
        case .znodes: return numbers(a.znodes, b.znodes)
        case .sessions: return numbers(a.sessions, b.sessions)
        case .reads: return numbers(a.readsPerSecond, b.readsPerSecond)
        case .writes: return numbers(a.writesPerSecond, b.writesPerSecond)
        case .ratio: return numbers(a.readWriteRatio, b.readWriteRatio)
        }
    }
}
