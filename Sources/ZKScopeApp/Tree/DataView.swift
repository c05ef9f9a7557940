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
