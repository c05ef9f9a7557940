import Foundation
import Testing

@testable import TUIKit

/// The repository root, found from this file so the tests read the real `themes/` folder.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
let fixturesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

@Suite struct ThemeTests {
    static let themeFiles: [String] = {
        let dir = repositoryRoot.appendingPathComponent("themes").path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.filter { $0.hasSuffix(".toml") }.sorted().map { dir + "/" + $0 }
    }()

    @Test func requiredThemesExist() {
        let names = Set(Self.themeFiles.map { ($0 as NSString).lastPathComponent })
        #expect(names.isSuperset(of: ["default-dark.toml", "light.toml", "high-contrast.toml", "mono.toml"]))
    }

    @Test(arguments: themeFiles) func everyThemeFileLoads(path: String) throws {
        let theme = try Theme.load(path: path)
        #expect(theme.name == ((path as NSString).lastPathComponent as NSString).deletingPathExtension)
        #expect(!theme.summary.isEmpty)
        #expect(theme.styles.count == StyleRole.allCases.count)
        // Every role is spelled out in the shipped files, so none silently depends on the default.
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for role in StyleRole.allCases { #expect(text.contains("[roles.\(role.rawValue)]"), "\(path): \(role)") }
    }

    @Test func builtinDefaultMatchesTheFile() throws {
        let file = try Theme.load(path: repositoryRoot.appendingPathComponent("themes/default-dark.toml").path)
        #expect(file == Theme.builtinDefault)
        let mono = try Theme.load(path: repositoryRoot.appendingPathComponent("themes/mono.toml").path)
        #expect(mono == Theme.builtinMono)
        #expect(Theme.builtinDefault.name == "default-dark")
        #expect(Theme.builtinDefault.style(for: .selected).background == .basic(6))
        #expect(Theme.builtin(named: "default") == Theme.builtinDefault)
    }

    @Test func missingKeysFallBackToTheDefault() throws {
        let theme = try Theme.load(path: fixturesDirectory.appendingPathComponent("partial.toml").path)
        #expect(theme.style(for: .selected).background == .rgb(0xFF, 0x87, 0x00))
        #expect(theme.style(for: .selected).foreground == Theme.builtinDefault.style(for: .selected).foreground)
        #expect(theme.style(for: .selected).attributes == [.bold])
        #expect(theme.style(for: .header) == Theme.builtinDefault.style(for: .header))
    }

    private func diagnostics(_ fixture: String) -> [String] {
        let path = fixturesDirectory.appendingPathComponent(fixture).path
        do {
            _ = try Theme.load(path: path)
            return []
        } catch {
            return error.diagnostics.map {
                "\(($0.file.map { ($0 as NSString).lastPathComponent }) ?? ""):\($0.line): \($0.message)"
            }
        }
    }

    @Test func brokenThemesGivePreciseErrors() {
        #expect(
            diagnostics("broken-unknown-key.toml") == [
                "broken-unknown-key.toml:6: unknown key \"fgg\" in [roles.normal] (did you mean \"fg\"?) - expected one of fg, bg, bold, dim, underline, reverse, italic"
            ])
        let colours = diagnostics("broken-bad-colour.toml")
        #expect(colours.count == 3)
        #expect(colours[0].hasPrefix("broken-bad-colour.toml:5: bad colour \"purple\" for \"fg\""))
        #expect(colours[1].hasPrefix("broken-bad-colour.toml:6: bad colour 300 for \"bg\""))
        #expect(colours[2].hasPrefix("broken-bad-colour.toml:9: bad colour \"#12345\" for \"bg\""))
        #expect(
            diagnostics("broken-unknown-role.toml") == [
                "broken-unknown-role.toml:4: unknown role \"selcted\" (did you mean \"selected\"?)"
            ])
        #expect(
            diagnostics("broken-syntax.toml") == [
                "broken-syntax.toml:5: invalid string: unescaped control characters other than TAB (U+0009) are "
                    + "explicitly prohibited at column 12; is the closing quote missing?"
            ])
    }

    /// Syntax errors come from TOMLKit (toml++) with their line and column; what the old hand-written parser
    /// refused is still refused, at the same line.
    @Test func tomlSyntaxErrorsNameTheLine() {
        func error(_ text: String) -> String? {
            do {
                _ = try Theme.parse(text, file: "t.toml")
                return nil
            } catch { return error.description }
        }
        #expect(
            error("[theme]\nname = \"a\"\nname = \"b\"")
                == "t.toml:3: invalid key-value pair: cannot redefine existing string 'name' at column 8")
        #expect(
            error("[theme]\n[theme]")
                == "t.toml:2: invalid table header: cannot redefine existing table 'theme' at column 1")
        #expect(error("[theme]\nname = red") == "t.toml:2: invalid value: could not determine value type at column 8")
        #expect(error("[theme]\nname 1") == "t.toml:2: invalid key-value pair: expected '=', saw '1' at column 6")
        #expect(error("[theme\nname = \"x\"") == "t.toml:1: invalid table header: expected ']', saw '\\n' at column 7")
        #expect(
            error("[theme]\nname = \"a\\q\"") == "t.toml:2: invalid string: unknown escape sequence '\\q' at column 11")
        #expect(
            error("[theme]\nname = \"x\" y")
                == "t.toml:2: invalid key-value pair: expected a comment or whitespace, saw 'y' at column 12")
        #expect(error("\u{1}\u{2}binary")?.hasPrefix("t.toml:1: invalid root table: ") == true)
        #expect(
            error(String(repeating: "#", count: Theme.maximumFileLength + 1))
                == "t.toml: file is larger than \(Theme.maximumFileLength) bytes")
    }

    /// What TOML allows but a theme does not use is refused by the theme's own rules, at its line.
    @Test func valuesOfTheWrongShapeNameTheirLine() {
        func error(_ text: String) -> String? {
            do {
                _ = try Theme.parse(text, file: "t.toml")
                return nil
            } catch { return error.description }
        }
        #expect(error("x = [1, 2]") == "t.toml:1: key \"x\" must be inside a [theme] or [roles.NAME] section")
        #expect(
            error("[theme]\nname = \"n\"\n\n[roles.normal]\nfg = [1, 2]\nbold = 1.5")
                == "t.toml:5: bad colour an array for \"fg\": expected a colour name (black, red, ..., bright-white, default), a number 0-255, or \"#rrggbb\"\nt.toml:6: \"bold\" must be true or false, found a float"
        )
        #expect(error("[theme]\nname = 1979-05-27") == "t.toml:2: \"name\" must be a string, found a date")
        #expect(error("[roles]\nnormal = 3") == "t.toml:2: key \"normal\" must be inside a [roles.NAME] section")
    }

    @Test func tomlFormsThemesMayUse() throws {
        // A byte-order mark, comments, literal strings, a `#` inside a string, quoted keys, inline tables.
        let theme = try Theme.parse(
            "\u{FEFF}# c\n[theme] # c\nname = \"v # not a comment\" # c\n'description' = 'lit\\'\n"
                + "[roles]\nnormal = { fg = \"red\", bold = true }\n[roles.dim]\nfg = 3")
        #expect(theme.name == "v # not a comment")
        #expect(theme.summary == "lit\\")
        #expect(theme.style(for: .normal) == Style(foreground: .basic(1), background: .default, attributes: [.bold]))
        #expect(theme.style(for: .dim).foreground == .basic(3))
    }

    @Test func builtinThemesAreTheFilesCompiledIn() throws {
        let file = try String(
            contentsOfFile: repositoryRoot.appendingPathComponent("themes/default-dark.toml").path, encoding: .utf8)
        #expect(Theme.builtinDefaultText == file)
        let mono = try String(
            contentsOfFile: repositoryRoot.appendingPathComponent("themes/mono.toml").path, encoding: .utf8)
        #expect(Theme.builtinMonoText == mono)
    }

    @Test func rootKeysAndWrongTypesAreErrors() {
        #expect(throws: ThemeLoadError.self) { try Theme.parse("name = \"x\"") }
        do {
            _ = try Theme.parse("[roles.normal]\nbold = \"yes\"\n[extra]\n", file: "t.toml")
            Issue.record("expected an error")
        } catch {
            #expect(
                error.description
                    == "t.toml:2: \"bold\" must be true or false, found a string\nt.toml:3: unknown section [extra] (expected [theme] or [roles.NAME])"
            )
        }
    }

    @Test func colourParsing() {
        #expect(TerminalColor(parsing: "bright-red") == .basic(9))
        #expect(TerminalColor(parsing: "Grey") == .basic(8))
        #expect(TerminalColor(parsing: "208") == .indexed(208))
        #expect(TerminalColor(parsing: "3") == .basic(3))
        #expect(TerminalColor(parsing: "#FF8700") == .rgb(255, 135, 0))
        #expect(TerminalColor(parsing: "256") == nil)
        #expect(TerminalColor(parsing: "#ff87") == nil)
        #expect(TerminalColor(parsing: "-1") == nil)
        #expect(TerminalColor.rgb(255, 135, 0).description == "#ff8700")
    }

    @Test func downgradeChain() {
        let orange = TerminalColor.rgb(0xFF, 0x87, 0x00)
        #expect(orange.downgraded(to: .truecolor) == orange)
        #expect(orange.downgraded(to: .indexed256) == .indexed(208))
        #expect(TerminalColor.rgb(0x80, 0x80, 0x80).downgraded(to: .indexed256) == .indexed(244))
        #expect(TerminalColor.indexed(196).downgraded(to: .ansi16) == .basic(9))
        #expect(
            TerminalColor.indexed(22).downgraded(to: .ansi16) == .basic(0)
                || TerminalColor.indexed(22).downgraded(to: .ansi16) == .basic(2))
        #expect(TerminalColor.basic(12).downgraded(to: .ansi8) == .basic(4))
        #expect(TerminalColor.basic(12).downgraded(to: .none) == nil)
        #expect(TerminalColor.default.downgraded(to: .ansi8) == .default)
    }

    @Test func resolvedThemeForEachCapability() {
        let theme = Theme.builtinDefault
        let mono = theme.resolved(for: .none)
        #expect(mono.values.allSatisfy { $0.foreground == .default && $0.background == .default })
        #expect(mono[.selected]?.attributes.contains(.reverse) == true)
        #expect(mono[.header]?.attributes.contains(.reverse) == true)
        #expect(mono[.controlChar]?.attributes.contains(.reverse) == true)
        let sixteen = theme.resolved(for: .ansi16)
        for style in sixteen.values {
            for color in [style.foreground, style.background] {
                if case .indexed = color { Issue.record("indexed colour left in a 16-colour theme") }
                if case .rgb = color { Issue.record("rgb colour left in a 16-colour theme") }
            }
        }
        #expect(sixteen[.sparkline]?.foreground == .basic(12) || sixteen[.sparkline]?.foreground == .basic(14))
        // A foreground that collapses onto its background is dropped to the default.
        var same = Theme(name: "same", styles: [:], base: theme)
        same.setStyle(Style(foreground: .indexed(196), background: .basic(9)), for: .normal)
        #expect(same.resolved(for: .ansi16)[.normal]?.foreground == .default)
    }

    @Test func capabilityDetection() {
        #expect(ColorCapability.detect(colors: 256, environment: [:]) == .indexed256)
        #expect(ColorCapability.detect(colors: 256, environment: ["NO_COLOR": "1"]) == .none)
        #expect(ColorCapability.detect(colors: 256, environment: ["NO_COLOR": ""]) == .indexed256)
        #expect(ColorCapability.detect(colors: 256, environment: ["COLORTERM": "truecolor"]) == .truecolor)
        #expect(ColorCapability.detect(colors: 16, environment: ["COLORTERM": "truecolor"]) == .ansi16)
        #expect(ColorCapability.detect(colors: 8, environment: [:]) == .ansi8)
        #expect(ColorCapability.detect(colors: 0, environment: [:]) == .none)
    }

    @Test func catalogListsBuiltinsAndFiles() throws {
        let catalog = ThemeCatalog(searchDirectories: [
            repositoryRoot.appendingPathComponent("themes").path, "/nonexistent",
        ])
        let listed = catalog.list()
        #expect(listed.map(\.name).contains("default-dark"))
        #expect(listed.first { $0.name == "light" }?.path?.hasSuffix("themes/light.toml") == true)
        #expect(try catalog.load("light").name == "light")
        #expect(try catalog.load("default").name == "default-dark")
        #expect(try catalog.load(fixturesDirectory.appendingPathComponent("partial.toml").path).name == "partial")
        do {
            _ = try catalog.load("lihgt")
            Issue.record("expected an error")
        } catch {
            #expect(
                error.description
                    == "lihgt: no such theme (did you mean \"light\"?); known themes: default-dark, mono, high-contrast, light"
            )
        }
    }
}
