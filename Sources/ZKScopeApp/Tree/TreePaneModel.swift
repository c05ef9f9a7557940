import TUIKit

/// How a znode's data is shown in the detail pane.
public enum DataView: String, CaseIterable, Hashable, Sendable {
    /// UTF-8 text, control characters made visible.
    case text
    /// Pretty-printed JSON (falls back to text when the data is not JSON).
    case json
    /// Offset, hex bytes and printable characters.
    case hex
    /// Base64.
    case base64

    /// The next view in the cycle.
    public var next: DataView {
        let all = Self.allCases
        return all[((all.firstIndex(of: self) ?? 0) + 1) % all.count]
    }
}

/// The live tree pane's state (lazy, only expanded nodes are held).
public struct TreePaneModel: Sendable {
    /// How data is shown.
    public var dataView: DataView = .text
    /// Members one can browse as.
    public var members: [String] = []
    /// Recognised locks.
    public var locks: [LockInfo] = []
    /// The tracker's time of the newest tree data.
    public var now: Double = 0

    /// An empty tree.
    public init() {}

    mutating func activate() -> [AppEffect] { [] }
    mutating func reveal(path: String) -> [AppEffect] { [] }
    mutating func closeDetail() -> [AppEffect] { [] }
    mutating func expandSelected() -> [AppEffect] { [] }
    mutating func collapseSelected() -> [AppEffect] { [] }
    mutating func toggleSelected() -> [AppEffect] { [] }
    mutating func move(_ body: (inout ListViewport) -> Void) -> [AppEffect] { [] }
    mutating func setFilter(_ text: String) {}
    mutating func browse(member: String) -> [AppEffect] { [] }
    mutating func browseNextMember() -> [AppEffect] { [] }
}
