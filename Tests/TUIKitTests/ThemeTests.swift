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
                "broken-syntax.toml:5: unterminated string (missing closing \")"
            ])
    }

    @Test func tomlSubsetErrors() {
        func error(_ text: String) -> String? {
            do {
                _ = try TOMLSubset.parse(text)
                return nil
            } catch { return error.description }
        }
        #expect(error("[a]\nx = 1\nx = 2") == "3: key \"x\" is set twice in this section")
        #expect(error("[a]\n[a]") == "2: section [a] is defined twice")
        #expect(error("x = [1, 2]") == "1: arrays are not supported in theme files (key \"x\")")
        #expect(error("x = red") == "1: invalid value \"red\" for \"x\" (strings need quotes: \"red\")")
        #expect(error("x 1") == "1: expected \"=\" after key \"x\"")
        #expect(error("[a\nx=1") == "1: expected \"]\" to close the section")
        #expect(error("x = \"a\\q\"") == "1: invalid escape sequence \\q")
        #expect(error("x = 1 y") == "1: unexpected text after the value of \"x\"")
        #expect((try? TOMLSubset.parse("\u{FEFF}[theme]\nname = \"x\""))?.count == 2)
        let sections = try? TOMLSubset.parse(
            "# c\n[s.t] # c\nk = \"v # not a comment\" # c\nb = true\nn = -3\n'q k' = 'lit\\'")
        #expect(sections?.count == 2)
        #expect(sections?[1].name == "s.t")
        #expect(
            sections?[1].entries.map(\.value) == [
                .string("v # not a comment"), .boolean(true), .integer(-3), .string("lit\\"),
            ])
        #expect(sections?[1].entries.map(\.line) == [3, 4, 5, 6])
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
