import Foundation
import TOMLKit
import TOMLSupport

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

    /// The largest theme file read: a wrong file (a log, a binary) fails fast instead of being parsed.
    public static let maximumFileLength = 1 << 20

    /// Parses a theme file's text (TOML, read by TOMLKit); keys and roles it leaves out come from `base`
    /// (the built-in default).
    ///
    /// Unknown sections, roles and keys, wrong value types and bad colours are errors, all reported at once with
    /// their line numbers, because a typo that silently falls back to a default is worse than a refusal.
    public static func parse(_ text: String, file: String? = nil, base: Theme? = nil) throws(ThemeLoadError) -> Theme {
        guard text.utf8.count <= maximumFileLength else {
            throw ThemeLoadError(diagnostics: [
                ThemeDiagnostic(file: file, line: 0, message: "file is larger than \(maximumFileLength) bytes")
            ])
        }
        let document: TOMLTable
        do {
            document = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            let syntax = TOMLSyntax.describe(error, text: text)
            throw ThemeLoadError(diagnostics: [ThemeDiagnostic(file: file, line: syntax.line, message: syntax.message)])
        } catch {
            throw ThemeLoadError(diagnostics: [ThemeDiagnostic(file: file, line: 0, message: "invalid TOML: \(error)")])
        }
        let lines = TOMLLineIndex(text)
        let base = base ?? Theme.builtinDefault
        var diagnostics: [ThemeDiagnostic] = []
        func fail(_ line: Int, _ message: String) {
            diagnostics.append(ThemeDiagnostic(file: file, line: line, message: message))
        }
        var name: String?
        var summary = ""
        var styles: [StyleRole: Style] = [:]
        for (sectionName, section) in document {
            switch sectionName {
            case "theme":
                guard let entries = section.table else {
                    fail(lines.line(ofKey: sectionName, inTable: ""), "\"theme\" must be a [theme] section")
                    continue
                }
                for (key, value) in entries {
                    let line = lines.line(ofKey: key, inTable: "theme")
                    guard let text = value.string else {
                        fail(line, "\"\(key)\" must be a string, found \(TOMLSyntax.typeName(value))")
                        continue
                    }
                    switch key {
                    case "name": name = text
                    case "description": summary = text
                    default: fail(line, "unknown key \"\(key)\" in [theme] (expected name, description)")
                    }
                }
            case "roles":
                guard let roles = section.table else {
                    fail(lines.line(ofKey: sectionName, inTable: ""), "key \"roles\" must be a [roles.NAME] section")
                    continue
                }
                for (roleName, entries) in roles {
                    let table = "roles." + roleName
                    guard let entries = entries.table else {
                        fail(
                            lines.line(ofKey: roleName, inTable: "roles"),
                            "key \"\(roleName)\" must be inside a [roles.NAME] section")
                        continue
                    }
                    guard let role = StyleRole(rawValue: roleName) else {
                        let hint = Spelling.closest(to: roleName, in: StyleRole.allCases.map(\.rawValue)).map {
                            " (did you mean \"\($0)\"?)"
                        }
                        fail(lines.line(ofTable: table), "unknown role \"\(roleName)\"\(hint ?? "")")
                        continue
                    }
                    var style = base.style(for: role)
                    for (key, value) in entries {
                        let line = lines.line(ofKey: key, inTable: table)
                        if let problem = apply(key, value, to: &style, section: table) { fail(line, problem) }
                    }
                    styles[role] = style
                }
            default:
                if section.table != nil {
                    fail(
                        lines.line(ofTable: sectionName),
                        "unknown section [\(sectionName)] (expected [theme] or [roles.NAME])")
                } else {
                    fail(
                        lines.line(ofKey: sectionName, inTable: ""),
                        "key \"\(sectionName)\" must be inside a [theme] or [roles.NAME] section")
                }
            }
        }
        guard diagnostics.isEmpty else {
            throw ThemeLoadError(diagnostics: diagnostics.sorted { ($0.line, $0.message) < ($1.line, $1.message) })
        }
        let fallbackName =
            file.map { (($0 as NSString).lastPathComponent as NSString).deletingPathExtension } ?? "custom"
        return Theme(name: name ?? fallbackName, summary: summary, styles: styles, base: base)
    }

    /// Applies one `key = value` of a `[roles.NAME]` section; returns what is wrong, if anything.
    private static func apply(_ key: String, _ value: any TOMLValueConvertible, to style: inout Style, section: String)
        -> String?
    {
        switch key {
        case "fg", "bg":
            let color: TerminalColor?
            let shown: String
            if let text = value.string {
                color = TerminalColor(parsing: text)
                shown = "\"\(text)\""
            } else if let number = value.int {
                color = (0...255).contains(number) ? TerminalColor(index: number) : nil
                shown = String(number)
            } else {
                color = nil
                shown = TOMLSyntax.typeName(value)
            }
            guard let color else {
                return "bad colour \(shown) for \"\(key)\": expected a colour name (black, red, ..., "
                    + "bright-white, default), a number 0-255, or \"#rrggbb\""
            }
            if key == "fg" { style.foreground = color } else { style.background = color }
        default:
            guard let attribute = TextAttributes.names.first(where: { $0.name == key })?.value else {
                let hint = Spelling.closest(to: key, in: roleKeys).map { " (did you mean \"\($0)\"?)" }
                return "unknown key \"\(key)\" in [\(section)]\(hint ?? "") - expected one of "
                    + roleKeys.joined(separator: ", ")
            }
            guard let on = value.bool else {
                return "\"\(key)\" must be true or false, found \(TOMLSyntax.typeName(value))"
            }
            if on { style.attributes.insert(attribute) } else { style.attributes.remove(attribute) }
        }
        return nil
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
}
