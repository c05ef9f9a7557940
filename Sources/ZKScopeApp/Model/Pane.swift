/// The dashboard's panes, in Tab order; each is a key context of the binding table.
public enum Pane: String, CaseIterable, Hashable, Sendable {
    /// One row per ensemble (only when the dashboard hosts several; then it comes first).
    case fleet
    /// One row per configured member, sparklines and the quorum line.
    case ensemble
    /// Current findings and the timeline of events.
    case findings
    /// The live znode tree and its detail pane.
    case tree
    /// Client connections and sessions with their ephemerals.
    case sessions
    /// Recognised lock and latch layouts with holders and waiters.
    case locks

    /// The tab title.
    public var title: String {
        switch self {
        case .fleet: return "Fleet"
        case .ensemble: return "Ensemble"
        case .findings: return "Findings"
        case .tree: return "Tree"
        case .sessions: return "Sessions"
        case .locks: return "Locks"
        }
    }

    /// The panes of one ensemble (what Enter on the Fleet pane opens).
    public static let ensemblePanes: [Pane] = allCases.filter { $0 != .fleet }
}
