/// Where each table header and key of a TOML text sits, so mistakes found *after* parsing (a theme's unknown
/// role, a configuration file's unknown key) are reported at their line: TOMLKit gives positions for syntax
/// errors only.
///
/// It only looks at line starts (`[header]`, `key =`); the text has already been parsed by TOMLKit, so this
/// never judges validity. Forms it cannot place (inline tables, keys split over dotted paths) fall back to
/// their table's header line, then to 0 ("the whole file").
public struct TOMLLineIndex {
    private var headers: [String: Int] = [:]
    private var keys: [String: Int] = [:]

    /// Indexes `text`.
    public init(_ text: String) {
        var table = ""
        var number = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let line = raw.drop { $0 == " " || $0 == "\t" || $0 == "\u{FEFF}" }
            if line.hasPrefix("[") {
                let inner = line.drop { $0 == "[" }.prefix { $0 != "]" }
                table = Self.normalized(inner)
                if headers[table] == nil { headers[table] = number }
            } else if let equals = line.firstIndex(of: "="), !line.hasPrefix("#") {
                let key = Self.normalized(line[..<equals])
                let full = table.isEmpty ? key : table + "." + key
                if keys[full] == nil { keys[full] = number }
            }
        }
    }

    /// The line of `[table]`, else of the first header or key inside it, else 0.
    public func line(ofTable table: String) -> Int {
        if let line = headers[table] { return line }
        let prefix = table + "."
        let nested = (headers.filter { $0.key.hasPrefix(prefix) } + keys.filter { $0.key.hasPrefix(prefix) })
        return nested.map(\.value).min() ?? keys[table] ?? 0
    }

    /// The line of `key` in `table` (`""` is the root), else the table's line.
    public func line(ofKey key: String, inTable table: String) -> Int {
        keys[table.isEmpty ? key : table + "." + key] ?? line(ofTable: table)
    }

    /// A header or key as dotted bare parts: spaces around dots and simple quotes removed.
    private static func normalized(_ text: Substring) -> String {
        text.split(separator: ".", omittingEmptySubsequences: false)
            .map { part in
                var part = part.drop { $0 == " " || $0 == "\t" }
                while let last = part.last, last == " " || last == "\t" { part = part.dropLast() }
                if part.count >= 2, let first = part.first, first == "\"" || first == "'", part.last == first {
                    part = part.dropFirst().dropLast()
                }
                return String(part)
            }
            .joined(separator: ".")
    }
}
