import EnsembleMonitor
import TUIKit
import ZooKeeperClient

/// `zkscope tree` without `--json`: an indented tree drawn with box characters, one node per line,
/// in pre-order with siblings sorted. Node kinds are tagged in brackets after the name
/// (`[ephemeral sequential owner=0x…]`, `[container]`, `[ttl=60000ms]`); names are shown through
/// `TextSanitizer`, so a control character in a znode name can never reach the terminal raw.
public struct TreeTextFormatter {
    /// Whether to append a preview of each node's data.
    public var showData: Bool
    /// The longest data preview, in cells.
    public var previewWidth = 60
    /// For each ancestor level, whether it was the last of its siblings (decides `│` or blank).
    private var lastAtDepth: [Bool] = []

    /// A formatter for one walk.
    public init(showData: Bool) {
        self.showData = showData
    }

    /// One line, newline included. Entries must come in walk order.
    public mutating func line(_ entry: TreeEntry) -> String {
        var text = ""
        if entry.depth == 0 {
            text = Self.visible(entry.name)
        } else {
            if lastAtDepth.count > entry.depth { lastAtDepth.removeLast(lastAtDepth.count - entry.depth) }
            for level in 1..<entry.depth {
                let ancestorWasLast = level < lastAtDepth.count ? lastAtDepth[level] : true
                text += ancestorWasLast ? "    " : "│   "
            }
            text += entry.isLastSibling ? "└── " : "├── "
            text += Self.visible(entry.name)
        }
        while lastAtDepth.count <= entry.depth { lastAtDepth.append(false) }
        lastAtDepth[entry.depth] = entry.isLastSibling
        if let kind = entry.kind, !kind.tags.isEmpty {
            text += "  [" + kind.description + "]"
        }
        if let error = entry.error {
            text += "  [error: " + error.code.name + "]"
        }
        if showData, let data = entry.data, !data.isEmpty {
            text += "  = " + preview(data) + " (\(data.count) B)"
        }
        text += "\n"
        return text
    }

    /// A name made safe for a terminal; plain printable ASCII skips the sanitizer.
    public static func visible(_ name: String) -> String {
        if name.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return name }
        return TextSanitizer.visible(name)
    }

    private func preview(_ data: [UInt8]) -> String {
        let safe = TextSanitizer.sanitize(bytes: data.prefix(previewWidth * 4))
        var text = ""
        var width = 0
        for cell in safe.cells {
            if width + cell.width > previewWidth {
                text += "…"
                return text
            }
            text += cell.text
            width += cell.width
        }
        if data.count > previewWidth * 4 { text += "…" }
        return text
    }
}
