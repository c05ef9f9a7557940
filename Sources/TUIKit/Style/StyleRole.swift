/// A semantic colour role: widgets and screens name *what* a piece of text is, never which colour it has.
///
/// Keeping the set closed (an enum) lets a theme file be checked completely: an unknown role in a theme is an
/// error, and every role has a fallback in the built-in default theme. The raw value is the name used in theme
/// files (`[roles.status-ok]`).
public enum StyleRole: String, CaseIterable, Sendable, Hashable, Comparable {
    /// Ordinary body text.
    case normal
    /// Secondary text: units, hints, stale values.
    case dim
    /// Column headers of tables.
    case header
    /// Pane and dialog titles.
    case title
    /// Box borders and separators.
    case border
    /// The selected row of the focused pane.
    case selected
    /// The selected row of a pane that does not have the focus.
    case selectedInactive = "selected-inactive"
    /// A healthy state ("ok").
    case statusOK = "status-ok"
    /// A degraded state that needs attention.
    case statusWarn = "status-warn"
    /// A broken state.
    case statusCrit = "status-crit"
    /// Neutral information.
    case statusInfo = "status-info"
    /// The ensemble leader.
    case leader
    /// A follower.
    case follower
    /// An observer (non-voting member).
    case observer
    /// A server running alone (no quorum peers).
    case standalone
    /// A member that does not answer at all.
    case down
    /// A member that answers but is not serving requests (`imok` missing, no quorum).
    case notServing = "not-serving"
    /// Sparkline bars.
    case sparkline
    /// A read:write ratio within the recommended range.
    case ratioGood = "ratio-good"
    /// A read:write ratio outside the recommended range.
    case ratioBad = "ratio-bad"
    /// A persistent znode.
    case nodePersistent = "node-persistent"
    /// An ephemeral znode.
    case nodeEphemeral = "node-ephemeral"
    /// A sequential znode.
    case nodeSequential = "node-sequential"
    /// A container znode.
    case nodeContainer = "node-container"
    /// A TTL znode.
    case nodeTTL = "node-ttl"
    /// A critical finding.
    case findingCritical = "finding-critical"
    /// A warning finding.
    case findingWarning = "finding-warning"
    /// An informational finding.
    case findingInfo = "finding-info"
    /// The key part of a function-bar item ("F1").
    case functionKey = "function-key"
    /// The label part of a function-bar item ("Help").
    case functionLabel = "function-label"
    /// Key names on the help screen.
    case helpKey = "help-key"
    /// Descriptions on the help screen.
    case helpText = "help-text"
    /// Text typed into the command line or filter.
    case input
    /// The prompt of the command line (":" or "/").
    case inputPrompt = "input-prompt"
    /// An error message.
    case error
    /// Control characters, escape sequences and invalid bytes made visible by ``TextSanitizer``.
    case controlChar = "control-char"
    /// The active tab.
    case tabActive = "tab-active"
    /// An inactive tab.
    case tabInactive = "tab-inactive"
    /// The body of a dialog box.
    case dialog
    /// A small tag next to a name (counts, flags).
    case badge

    /// A stable small index (0..<count), used by terminal back ends as a colour-pair number.
    public var index: Int { Self.indexTable[self] ?? 0 }

    private static let indexTable: [StyleRole: Int] = Dictionary(
        uniqueKeysWithValues: allCases.enumerated().map { ($1, $0) })

    /// Roles order by their declaration order, so help and `themes check` output are stable.
    public static func < (lhs: StyleRole, rhs: StyleRole) -> Bool { lhs.index < rhs.index }
}
