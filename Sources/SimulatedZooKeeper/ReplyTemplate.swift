/// Rewrites captured reply text: the fields that must differ per member or move with time.
///
/// Text edits rather than parse-and-reprint, so everything not touched stays byte for byte what ZooKeeper sent.
enum ReplyTemplate {
    /// Replaces the value of every `prefix…` line (`Zxid: `, `clientPort=`) by `value`.
    static func settingLine(_ text: String, prefix: String, to value: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count + 16)
        var first = true
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if !first { output += "\n" }
            first = false
            if line.hasPrefix(prefix) {
                output += prefix
                output += value
            } else {
                output += line
            }
        }
        return output
    }

    /// `mntr`'s `zk_<key>\t<value>` lines with the given keys' values replaced.
    static func settingMonitorValues(_ text: String, _ values: [String: String]) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count + 64)
        var first = true
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if !first { output += "\n" }
            first = false
            if let tab = line.firstIndex(of: "\t"), let value = values[String(line[..<tab])] {
                output += line[..<tab]
                output += "\t"
                output += value
            } else {
                output += line
            }
        }
        return output
    }

    /// A pretty-printed JSON object's `"key" : value` members replaced (the value up to the next `,` or line end;
    /// `value` is JSON: quote strings yourself).
    static func settingJSONValues(_ text: String, _ values: [String: String]) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count + 64)
        var first = true
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if !first { output += "\n" }
            first = false
            let trimmed = line.drop { $0 == " " }
            guard trimmed.hasPrefix("\""), let close = trimmed.dropFirst().firstIndex(of: "\""),
                trimmed[trimmed.index(after: close)...].hasPrefix(" : "),
                let value = values[String(trimmed[trimmed.index(after: trimmed.startIndex)..<close])]
            else {
                output += line
                continue
            }
            let valueStart = trimmed.index(close, offsetBy: 4)
            output += line[..<valueStart]
            output += value
            if trimmed.hasSuffix(",") { output += "," }
        }
        return output
    }
}
