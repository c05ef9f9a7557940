import CNCurses
import TUIKit

/// Draws TUIKit ``Screen``s with ncurses, touching only the cells that differ from the previous frame, so a key
/// press that moves a selection sends a few cells to the terminal instead of the whole screen.
///
/// Runs on the terminal thread only.
struct FrameRenderer {
    private var previous: Screen?
    private(set) var colors: ColorPairs
    /// Cells written by the last `draw` (for tests and the self-test's status line).
    private(set) var lastCellsWritten = 0

    init(colors: ColorPairs) { self.colors = colors }

    /// Forgets the previous frame: the next draw repaints everything (after a resize or a theme change).
    mutating func invalidate(colors newColors: ColorPairs? = nil) {
        previous = nil
        if let newColors { colors = newColors }
    }

    /// Draws a frame and positions (or hides) the cursor; does not call `doupdate` for the caller.
    mutating func draw(_ frame: Screen, rows: Int, columns: Int) {
        guard let window = zk_stdscr() else { return }
        let full = previous == nil || previous?.width != frame.width || previous?.height != frame.height
        if full { werase(window) }
        var written = 0
        let height = min(rows, frame.height)
        let width = min(columns, frame.width)
        for y in 0..<height {
            for x in 0..<width {
                let cell = frame[x, y]
                if cell.isContinuation { continue }
                if !full, let previous, previous[x, y] == cell, cell.width == 1 || previous[x + 1, y] == frame[x + 1, y]
                {
                    continue
                }
                put(cell, x: x, y: y, maxX: width, window: window)
                written += 1
            }
        }
        if let cursor = frame.cursor, cursor.x < width, cursor.y < height {
            curs_set(1)
            wmove(window, Int32(cursor.y), Int32(cursor.x))
        } else {
            curs_set(0)
        }
        wnoutrefresh(window)
        previous = frame
        lastCellsWritten = written
    }

    private func put(_ cell: Cell, x: Int, y: Int, maxX: Int, window: UnsafeMutablePointer<WINDOW>) {
        let index = cell.role.index
        let attrs = colors.attributes[index]
        let pair = colors.pairs[index]
        var scalars = Array(cell.text.unicodeScalars.prefix(Int(CCHARW_MAX) - 1))
        let expected = Int(cell.width)
        // ncurses places characters by libc's wcwidth; when it disagrees with TUIKit's table (an old libc, a new
        // emoji) a stand-in of the expected width keeps every later column where the layout put it.
        if let first = scalars.first, Int(zk_wcwidth(first.value)) != expected {
            let standIn = Self.asciiStandIns[first.value] ?? "?"
            scalars = [standIn]
            if expected == 2 { putScalars([standIn], x: x + 1, y: y, attrs, pair, window) }
        } else {
            scalars = [scalars[0]] + scalars.dropFirst().filter { zk_wcwidth($0.value) == 0 }
        }
        if scalars.isEmpty { scalars = [" "] }
        putScalars(scalars, x: x, y: y, attrs, pair, window)
    }

    /// ASCII stand-ins for the drawing characters the widgets use, for terminals in a non-UTF-8 locale.
    static let asciiStandIns: [UInt32: Unicode.Scalar] = [
        0x2500: "-", 0x2502: "|", 0x250C: "+", 0x2510: "+", 0x2514: "+", 0x2518: "+", 0x25B8: ">", 0x25BE: "v",
        0x2026: ".", 0x2191: "^", 0x2193: "v", 0x2190: "<", 0x2192: ">", 0x2581: "_", 0x2582: "_", 0x2583: ".",
        0x2584: ".", 0x2585: "o", 0x2586: "o", 0x2587: "O", 0x2588: "#",
    ]

    private func putScalars(
        _ scalars: [Unicode.Scalar], x: Int, y: Int, _ attrs: attr_t, _ pair: Int16,
        _ window: UnsafeMutablePointer<WINDOW>
    ) {
        var wide = scalars.map { wchar_t(bitPattern: $0.value) }
        wide.append(0)
        var character = cchar_t()
        _ = setcchar(&character, wide, attrs, pair, nil)
        _ = mvwadd_wch(window, Int32(y), Int32(x), &character)
    }
}
