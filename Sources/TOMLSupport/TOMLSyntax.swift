import TOMLKit

/// How zkscope words TOML's own problems, the same for theme files and the configuration file.
public enum TOMLSyntax {
    /// TOMLKit's syntax error at its line, with the column and toml++'s cause; a string that runs to the end of its
    /// line gets the likely fix; `redefinitionHint` is added when a key or table is defined twice.
    public static func describe(_ error: TOMLParseError, text: String, redefinitionHint: String? = nil) -> (
        line: Int, message: String
    ) {
        let line = error.source.begin.line
        let column = error.source.begin.column
        var cause = error.description
        if cause.hasPrefix("Error while parsing ") {
            cause = "invalid " + cause.dropFirst("Error while parsing ".count)
        }
        if cause.hasPrefix("invalid string"),
            let content = text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(line - 1).first,
            content.count < column
        {
            return (line, "\(cause) at column \(column); is the closing quote missing?")
        }
        if let redefinitionHint, cause.contains("redefine") {
            return (line, "\(cause) at column \(column); \(redefinitionHint)")
        }
        return (line, "\(cause) at column \(column)")
    }

    /// The TOML type of a value, for "found a …" messages.
    public static func typeName(_ value: any TOMLValueConvertible) -> String {
        switch value.type {
        case .string: return "a string"
        case .int: return "an integer"
        case .double: return "a float"
        case .bool: return "a boolean"
        case .array: return "an array"
        case .table: return "a table"
        case .date: return "a date"
        case .time: return "a time"
        case .dateTime: return "a date-time"
        }
    }
}
