import Foundation

/// One problem found in a theme file, located precisely enough to fix it: `FILE:LINE: message`.
public struct ThemeDiagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file the theme came from (`nil` for in-memory text).
    public var file: String?
    /// 1-based line number (0 when the problem is about the whole file).
    public var line: Int
    /// What is wrong.
    public var message: String

    /// Creates a diagnostic.
    public init(file: String?, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `FILE:LINE: message`, the shape editors and `grep -n` users recognise (`FILE: message` when the problem
    /// has no line).
    public var description: String {
        line > 0 ? "\(file ?? "<theme>"):\(line): \(message)" : "\(file ?? "<theme>"): \(message)"
    }
}

/// Every problem found in a theme file; a file with any problem is not used.
public struct ThemeLoadError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The problems, in line order.
    public var diagnostics: [ThemeDiagnostic]
    /// One diagnostic per line.
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

extension Theme {
    /// The keys accepted in a `[roles.NAME]` section.
    public static let roleKeys = ["fg", "bg"] + TextAttributes.names.map(\.name)
    /// The keys accepted in the `[theme]` section.
    public static let metadataKeys = ["name", "description"]

    /// Parses a theme file's text; keys and roles it leaves out come from `base` (the built-in default).
    ///
    /// Unknown sections, roles and keys, wrong value types and bad colours are errors, all reported at once with
    /// their line numbers, because a typo that silently falls back to a default is worse than a refusal.
    public static func parse(_ text: String, file: String? = nil, base: Theme? = nil) throws(ThemeLoadError) -> Theme {
        let sections: [TOMLSection]
        do {
            sections = try TOMLSubset.parse(text)
        } catch {
            throw ThemeLoadError(diagnostics: [ThemeDiagnostic(file: file, line: error.line, message: error.message)])
        }
        let base = base ?? Theme.builtinDefault
        var diagnostics: [ThemeDiagnostic] = []
        func fail(_ line: Int, _ message: String) {
            diagnostics.append(ThemeDiagnostic(file: file, line: line, message: message))
        }
        var name: String?
        var summary = ""
        var styles: [StyleRole: Style] = [:]
        for section in sections {
            if section.name == "" {
                for entry in section.entries {
                    fail(entry.line, "key \"\(entry.key)\" must be inside a [theme] or [roles.NAME] section")
                }
            } else if section.name == "theme" {
                for entry in section.entries {
                    guard case .string(let value) = entry.value else {
                        fail(entry.line, "\"\(entry.key)\" must be a string, found \(entry.value.typeName)")
                        continue
                    }
                    switch entry.key {
                    case "name": name = value
                    case "description": summary = value
                    default:
                        fail(entry.line, "unknown key \"\(entry.key)\" in [theme] (expected name, description)")
                    }
                }
            } else if section.name == "roles" {
                for entry in section.entries {
                    fail(entry.line, "key \"\(entry.key)\" must be inside a [roles.NAME] section")
                }
            } else if section.name.hasPrefix("roles.") {
                let roleName = String(section.name.dropFirst("roles.".count))
                guard let role = StyleRole(rawValue: roleName) else {
                    let hint = closest(to: roleName, in: StyleRole.allCases.map(\.rawValue)).map {
                        " (did you mean \"\($0)\"?)"
                    }
                    fail(section.line, "unknown role \"\(roleName)\"\(hint ?? "")")
                    continue
                }
                var style = base.style(for: role)
                for entry in section.entries {
                    switch entry.key {
                    case "fg", "bg":
                        let color: TerminalColor?
                        let shown: String
                        switch entry.value {
                        case .string(let s):
                            color = TerminalColor(parsing: s)
                            shown = "\"\(s)\""
                        case .integer(let n):
                            color = (0...255).contains(n) ? TerminalColor(index: n) : nil
                            shown = String(n)
                        case .boolean(let b):
                            color = nil
                            shown = String(b)
                        }
                        guard let color else {
                            fail(
                                entry.line,
                                "bad colour \(shown) for \"\(entry.key)\": expected a colour name (black, red, ..., "
                                    + "bright-white, default), a number 0-255, or \"#rrggbb\"")
                            continue
                        }
                        if entry.key == "fg" { style.foreground = color } else { style.background = color }
                    default:
                        guard let attribute = TextAttributes.names.first(where: { $0.name == entry.key })?.value else {
                            let hint = closest(to: entry.key, in: roleKeys).map { " (did you mean \"\($0)\"?)" }
                            fail(
                                entry.line,
                                "unknown key \"\(entry.key)\" in [\(section.name)]\(hint ?? "") - expected one of "
                                    + roleKeys.joined(separator: ", "))
                            continue
                        }
                        guard case .boolean(let on) = entry.value else {
                            fail(entry.line, "\"\(entry.key)\" must be true or false, found \(entry.value.typeName)")
                            continue
                        }
                        if on { style.attributes.insert(attribute) } else { style.attributes.remove(attribute) }
                    }
                }
                styles[role] = style
            } else {
                fail(section.line, "unknown section [\(section.name)] (expected [theme] or [roles.NAME])")
            }
        }
        guard diagnostics.isEmpty else { throw ThemeLoadError(diagnostics: diagnostics) }
        let fallbackName =
            file.map { (($0 as NSString).lastPathComponent as NSString).deletingPathExtension } ?? "custom"
        return Theme(name: name ?? fallbackName, summary: summary, styles: styles, base: base)
    }

    /// Reads and parses a theme file.
    public static func load(path: String, base: Theme? = nil) throws(ThemeLoadError) -> Theme {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ThemeLoadError(diagnostics: [ThemeDiagnostic(file: path, line: 0, message: "cannot read the file")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ThemeLoadError(diagnostics: [ThemeDiagnostic(file: path, line: 0, message: "file is not UTF-8")])
        }
        return try parse(text, file: path, base: base)
    }

    /// The candidate nearest to a misspelt word, when it is near enough to be a likely typo.
    static func closest(to word: String, in candidates: [String]) -> String? {
        var best: (String, Int)?
        for candidate in candidates {
            let d = editDistance(Array(word.lowercased()), Array(candidate))
            if d <= max(2, candidate.count / 3), d < (best?.1 ?? Int.max) { best = (candidate, d) }
        }
        return best?.0
    }

    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        guard a.count < 64, b.count < 64 else { return Int.max }
        var previous = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(1, b.count) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
