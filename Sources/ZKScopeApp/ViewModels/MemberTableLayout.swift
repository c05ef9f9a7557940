import TUIKit

/// Which member-table columns are shown at a given width, and how wide the Member column is.
///
/// Ops read the table at 120 columns more often than at 200, so the table fits there without horizontal
/// scrolling: the Member column is as wide as the longest address (not all the spare room), and when everything
/// still does not fit, Epoch goes first (it is the high half of Zxid, shown next to it), then Out
/// (outstanding requests, nearly always 0), then Watch (shown from 128 columns; `watch-count-high` still reports
/// a member above the limit). Narrower screens keep every other column and scroll with ←/→.
///
/// When some member speaks TLS, a 4-column TLS cell (days the certificate has left) sits right after State, and
/// Sess (the ensemble-wide session count, the same on every member) goes after Watch, so 120 columns still fit.
public struct MemberTableLayout: Hashable, Sendable {
    /// The columns to draw.
    public var columns: [TableColumn]
    /// For each drawn column, the index of its cell in ``MemberRow/cells``.
    public var cellIndices: [Int]

    /// Columns left out, in this order, when the table is too wide.
    static let droppable = ["Epoch", "Out", "Watch"]
    /// The Member column never grows beyond this (longer names are clipped).
    static let maximumMemberWidth = 40
    /// Nor shrinks below this, so an address stays recognisable.
    static let minimumMemberWidth = 15

    /// Left out after ``droppable`` when the TLS column is shown.
    static let droppableWithTLS = ["Sess"]

    /// The layout for a table `width` columns wide showing `addresses`, with the TLS column when `showTLS`.
    public init(width: Int, addresses: [String], showTLS: Bool = false, gap: Int = 1) {
        let all = EnsembleViewModel.columns
        let longest = addresses.map { SafeText($0).width }.max() ?? 0
        var memberWidth = min(Self.maximumMemberWidth, max("Member".count, longest))
        var kept = Array(all.indices)
        if let tls = all.firstIndex(where: { $0.title == "TLS" }) {
            kept.removeAll { $0 == tls }
            if showTLS, let state = kept.firstIndex(where: { all[$0].title == "State" }) {
                kept.insert(tls, at: state + 1)
            }
        }
        func total() -> Int {
            kept.reduce(0) { sum, index in
                if all[index].title == "Member" { return sum + memberWidth }
                if case .fixed(let n) = all[index].width { return sum + n }
                return sum
            } + max(0, kept.count - 1) * gap
        }
        for title in Self.droppable + (showTLS ? Self.droppableWithTLS : []) where total() > width {
            kept.removeAll { all[$0].title == title }
        }
        if total() > width {
            memberWidth = max(min(memberWidth, Self.minimumMemberWidth), memberWidth - (total() - width))
        }
        columns = kept.map { index in
            var column = all[index]
            if column.title == "Member" { column.width = .fixed(memberWidth) }
            return column
        }
        cellIndices = kept
    }

    /// The row's cells and roles for the drawn columns.
    public func row(_ member: MemberRow) -> TableRow {
        let cells = member.cells
        let roles = member.cellRoles
        return TableRow(
            cellIndices.map { $0 < cells.count ? cells[$0] : "" },
            cellRoles: cellIndices.map { $0 < roles.count ? roles[$0] : nil })
    }
}
