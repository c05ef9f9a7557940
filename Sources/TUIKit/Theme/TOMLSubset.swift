/// A value in the TOML subset that theme files use.
public enum TOMLValue: Hashable, Sendable {
    /// A basic (`"..."`) or literal (`'...'`) string.
    case string(String)
    /// A decimal integer.
    case integer(Int)
    /// `true` or `false`.
    case boolean(Bool)

    /// The TOML type name, for error messages ("expected a string, found an integer").
    public var typeName: String {
        switch self {
        case .string: return "a string"
        case .integer: return "an integer"
        case .boolean: return "a boolean"
        }
    }
}

/// One `key = value` line, with the line number kept for error messages.
public struct TOMLEntry: Hashable, Sendable {
    /// The key as written (bare or quoted).
    public var key: String
    /// The parsed value.
    public var value: TOMLValue
    /// 1-based line number of the entry.
    public var line: Int
}

/// A `[section]` with its entries in file order. The root (before any header) has the name `""`.
public struct TOMLSection: Hashable, Sendable {
    /// Dotted name as written, e.g. `roles.status-ok`.
    public var name: String
    /// 1-based line of the header (0 for the root).
    public var line: Int
    /// Entries in file order.
    public var entries: [TOMLEntry]
}

/// A parse error with the 1-based line it was found on.
public struct TOMLError: Error, Hashable, Sendable, CustomStringConvertible {
    /// 1-based line number.
    public var line: Int
    /// What is wrong, in words a user can act on.
    public var message: String
    /// Creates an error.
    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }
    /// `LINE: message`.
    public var description: String { "\(line): \(message)" }
}

/// A deliberately small TOML parser: sections, `key = value`, comments, strings, integers and booleans.
///
/// Theme files need nothing more, and a parser this size can give exact line numbers for every mistake, which is
/// what `zkscope themes check` is for. Arrays, inline tables, floats and dates are rejected with a clear message
/// rather than misread.
public enum TOMLSubset {
    /// Upper bound on the input, so a wrong file (a log, a binary) fails fast instead of being scanned.
    public static let maximumLength = 1 << 20

    /// Parses a document into its sections (the root section first, always present).
    public static func parse(_ text: String) throws(TOMLError) -> [TOMLSection] {
        guard text.utf8.count <= maximumLength else {
            throw TOMLError(line: 1, message: "file is larger than \(maximumLength) bytes")
        }
        var sections = [TOMLSection(name: "", line: 0, entries: [])]
        var seenSections: Set<String> = [""]
        var seenKeys: Set<String> = []
        var lineNumber = 0
        // Editors on some systems save a byte-order mark; it is not part of the first key.
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line = line.dropLast() }
            let trimmed = line.trimmingSpaces()
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if trimmed.hasPrefix("[") {
                let name = try parseHeader(trimmed, line: lineNumber)
                guard seenSections.insert(name).inserted else {
                    throw TOMLError(line: lineNumber, message: "section [\(name)] is defined twice")
                }
                sections.append(TOMLSection(name: name, line: lineNumber, entries: []))
                seenKeys = []
                continue
            }
            var cursor = Cursor(text: trimmed, line: lineNumber)
            let key = try cursor.parseKey()
            cursor.skipSpaces()
            guard cursor.consume("=") else {
                throw TOMLError(line: lineNumber, message: "expected \"=\" after key \"\(key)\"")
            }
            cursor.skipSpaces()
            let value = try cursor.parseValue(key: key)
            cursor.skipSpaces()
            if !cursor.atEnd && !cursor.consume("#") {
                throw TOMLError(line: lineNumber, message: "unexpected text after the value of \"\(key)\"")
            }
            guard seenKeys.insert(key).inserted else {
                throw TOMLError(line: lineNumber, message: "key \"\(key)\" is set twice in this section")
            }
            sections[sections.count - 1].entries.append(TOMLEntry(key: key, value: value, line: lineNumber))
        }
        return sections
    }

    private static func parseHeader(_ text: Substring, line: Int) throws(TOMLError) -> String {
        if text.hasPrefix("[[") {
            throw TOMLError(line: line, message: "arrays of tables ([[...]]) are not supported in theme files")
        }
        var cursor = Cursor(text: text.dropFirst(), line: line)
        var parts: [String] = []
        repeat {
            cursor.skipSpaces()
            parts.append(try cursor.parseKey())
            cursor.skipSpaces()
        } while cursor.consume(".")
        guard cursor.consume("]") else { throw TOMLError(line: line, message: "expected \"]\" to close the section") }
        cursor.skipSpaces()
        if !cursor.atEnd && !cursor.consume("#") {
            throw TOMLError(line: line, message: "unexpected text after the section header")
        }
        return parts.joined(separator: ".")
    }

    private struct Cursor {
        var text: Substring
        let line: Int

        var atEnd: Bool { text.isEmpty }

        mutating func skipSpaces() { text = text.drop(while: { $0 == " " || $0 == "\t" }) }

        mutating func consume(_ c: Character) -> Bool {
            guard text.first == c else { return false }
            text = text.dropFirst()
            return true
        }

        mutating func parseKey() throws(TOMLError) -> String {
            if text.first == "\"" || text.first == "'" { return try parseString() }
            let key = text.prefix(while: { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
            guard !key.isEmpty else {
                let found = text.first.map { "\"\($0)\"" } ?? "end of line"
                throw TOMLError(line: line, message: "expected a key, found \(found)")
            }
            text = text.dropFirst(key.count)
            return String(key)
        }

        mutating func parseValue(key: String) throws(TOMLError) -> TOMLValue {
            guard let first = text.first else {
                throw TOMLError(line: line, message: "missing value for \"\(key)\"")
            }
            switch first {
            case "\"", "'":
                return .string(try parseString())
            case "[":
                throw TOMLError(line: line, message: "arrays are not supported in theme files (key \"\(key)\")")
            case "{":
                throw TOMLError(line: line, message: "inline tables are not supported in theme files (key \"\(key)\")")
            default:
                let word = text.prefix(while: { $0 != " " && $0 != "\t" && $0 != "#" })
                text = text.dropFirst(word.count)
                if word == "true" { return .boolean(true) }
                if word == "false" { return .boolean(false) }
                let digits = word.filter { $0 != "_" }
                if let n = Int(digits), !digits.isEmpty { return .integer(n) }
                throw TOMLError(
                    line: line,
                    message: "invalid value \"\(word)\" for \"\(key)\" (strings need quotes: \"\(word)\")")
            }
        }

        mutating func parseString() throws(TOMLError) -> String {
            guard let quote = text.first else { throw TOMLError(line: line, message: "expected a string") }
            text = text.dropFirst()
            var result = ""
            while let c = text.first {
                text = text.dropFirst()
                if c == quote { return result }
                if c == "\\" && quote == "\"" {
                    result.append(try parseEscape())
                } else if let ascii = c.asciiValue, ascii < 0x20 && c != "\t" || ascii == 0x7F {
                    throw TOMLError(line: line, message: "control character in a string")
                } else {
                    result.append(c)
                }
            }
            throw TOMLError(line: line, message: "unterminated string (missing closing \(quote))")
        }

        mutating func parseEscape() throws(TOMLError) -> Character {
            guard let e = text.first else { throw TOMLError(line: line, message: "unterminated escape sequence") }
            text = text.dropFirst()
            switch e {
            case "\"": return "\""
            case "\\": return "\\"
            case "n": return "\n"
            case "t": return "\t"
            case "r": return "\r"
            case "u", "U":
                let count = e == "u" ? 4 : 8
                let hex = text.prefix(count)
                guard hex.count == count, let v = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(v) else {
                    throw TOMLError(line: line, message: "invalid unicode escape \\\(e)\(hex)")
                }
                text = text.dropFirst(count)
                return Character(scalar)
            default:
                throw TOMLError(line: line, message: "invalid escape sequence \\\(e)")
            }
        }
    }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs.
    func trimmingSpaces() -> Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}
