/// The one-line input used for the `:` command line and the `/` filter.
///
/// It handles editing keys itself (they are not in the app's key table: while typing, every printable key is
/// text) and reports when the user submits or cancels.
public struct LineEditor: Hashable, Sendable {
    /// What a key press did.
    public enum Outcome: Hashable, Sendable {
        /// Still editing (the text or cursor may have changed).
        case editing
        /// Enter: the text to run.
        case submitted(String)
        /// Esc or Ctrl-C: input abandoned.
        case cancelled
    }

    /// The prompt drawn before the text (":" or "/").
    public var prompt: String
    /// The text typed so far.
    public var text: String { String(characters) }
    /// Cursor position in characters.
    public private(set) var cursor: Int = 0
    /// Earlier submissions, oldest first (Up/Down recall them).
    public private(set) var history: [String] = []
    /// Longest accepted input, so a stuck key cannot grow memory without bound.
    public static let maximumLength = 4096
    private var characters: [Character] = []
    private var historyIndex: Int?

    /// Creates an editor.
    public init(prompt: String, text: String = "") {
        self.prompt = prompt
        setText(text)
    }

    /// Replaces the text and puts the cursor at its end.
    public mutating func setText(_ newText: String) {
        characters = Array(newText.prefix(Self.maximumLength))
        cursor = characters.count
    }

    /// Handles one key.
    public mutating func handle(_ key: Key) -> Outcome {
        switch key {
        case .char(let c):
            if characters.count < Self.maximumLength {
                characters.insert(c, at: cursor)
                cursor += 1
            }
        case .enter:
            let submitted = text
            if !submitted.isEmpty && history.last != submitted { history.append(submitted) }
            if history.count > 100 { history.removeFirst() }
            historyIndex = nil
            return .submitted(submitted)
        case .escape, .ctrl("c"), .ctrl("g"):
            historyIndex = nil
            return .cancelled
        case .backspace, .ctrl("h"):
            if cursor > 0 {
                characters.remove(at: cursor - 1)
                cursor -= 1
            }
        case .delete, .ctrl("d"):
            if cursor < characters.count { characters.remove(at: cursor) }
        case .left, .ctrl("b"): cursor = max(0, cursor - 1)
        case .right, .ctrl("f"): cursor = min(characters.count, cursor + 1)
        case .home, .ctrl("a"): cursor = 0
        case .end, .ctrl("e"): cursor = characters.count
        case .ctrl("u"):
            characters.removeSubrange(0..<cursor)
            cursor = 0
        case .ctrl("k"):
            characters.removeSubrange(cursor...)
        case .ctrl("w"):
            var start = cursor
            while start > 0 && characters[start - 1] == " " { start -= 1 }
            while start > 0 && characters[start - 1] != " " { start -= 1 }
            characters.removeSubrange(start..<cursor)
            cursor = start
        case .up:
            guard !history.isEmpty else { break }
            let index = max(0, (historyIndex ?? history.count) - 1)
            historyIndex = index
            setText(history[index])
        case .down:
            guard let index = historyIndex else { break }
            if index + 1 < history.count {
                historyIndex = index + 1
                setText(history[index + 1])
            } else {
                historyIndex = nil
                setText("")
            }
        default:
            break
        }
        return .editing
    }

    /// Draws prompt and text in one row of `rect` and places the screen cursor; long text scrolls so the
    /// cursor stays visible.
    public func draw(on screen: inout Screen, in rect: Rect) {
        guard !rect.isEmpty else { return }
        let line = rect.row(0)
        screen.fill(line, role: .input)
        var x = screen.write(prompt, x: line.x, y: line.y, role: .inputPrompt, clip: line)
        let before = SafeText(String(characters[..<cursor]))
        let after = SafeText(String(characters[cursor...]))
        let room = max(1, line.maxX - x - 1)
        let skip = max(0, before.width - room)
        x = screen.write(before.dropping(columns: skip), x: x, y: line.y, role: .input, clip: line)
        screen.cursor = x < line.maxX ? Point(x: x, y: line.y) : nil
        screen.write(after, x: x, y: line.y, role: .input, clip: line)
    }
}

/// A parsed `:` command: `:tree /path` is name "tree", argument "/path".
public struct CommandInvocation: Hashable, Sendable {
    /// The command word, lowercased.
    public var name: String
    /// Everything after the first run of spaces, trimmed (may be empty).
    public var argument: String

    /// Parses a command line (with or without the leading ":"); `nil` for a blank line.
    public init?(parsing line: String) {
        var rest = Substring(line).trimmingSpaces()
        if rest.hasPrefix(":") { rest = rest.dropFirst().trimmingSpaces() }
        guard !rest.isEmpty else { return nil }
        let word = rest.prefix(while: { $0 != " " && $0 != "\t" })
        name = word.lowercased()
        argument = String(rest.dropFirst(word.count).trimmingSpaces())
    }
}
