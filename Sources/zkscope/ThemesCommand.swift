import ArgumentParser
import CommandOutput
import Foundation
import TUIKit

/// `zkscope themes list|check`: find the themes `--theme` can use and validate theme files before using them.
struct ThemesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "themes",
        abstract: "List available themes or check theme files.",
        subcommands: [List.self, Check.self]
    )

    /// A failed write of the listing: one line, exit 1.
    static let outputFailure = OutputFailure(command: "zkscope themes", status: 1)

    /// `zkscope themes list`: built-in themes and `*.toml` files on the theme search path.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List built-in themes and theme files on the search path.",
            discussion: """
                Search path: $ZKSCOPE_THEMES (colon-separated), ./themes, ~/.config/zkscope/themes, \
                then themes/ next to the zkscope binary and ../share/zkscope/themes.
                """
        )

        func run() throws {
            let catalog = ThemeCatalog.standard()
            let listings = catalog.list()
            let nameWidth = max(4, listings.map { TextSanitizer.displayWidth($0.name) }.max() ?? 0)
            for listing in listings {
                let name = TextSanitizer.visible(listing.name)
                let padding = String(repeating: " ", count: max(0, nameWidth - TextSanitizer.displayWidth(name)))
                let source = listing.path.map { TextSanitizer.visible($0) } ?? "built-in"
                let summary = TextSanitizer.visible(listing.summary)
                StandardOutput.line(
                    "\(name)\(padding)  \(listing.isValid ? "" : "INVALID ")\(summary)  [\(source)]",
                    failure: ThemesCommand.outputFailure)
            }
        }
    }

    /// `zkscope themes check FILE...`: prints `FILE: ok` or `FILE:LINE: message` lines; exit status 1 on errors.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check theme files: unknown roles or keys and bad colours are errors."
        )

        @Argument(help: "Theme files (TOML) to check.")
        var files: [String]

        func run() throws {
            var failed = false
            for file in files {
                do {
                    let theme = try Theme.load(path: file)
                    StandardOutput.line(
                        "\(TextSanitizer.visible(file)): ok (theme \"\(TextSanitizer.visible(theme.name))\")",
                        failure: ThemesCommand.outputFailure)
                } catch {
                    failed = true
                    for diagnostic in error.diagnostics { StandardError.line(diagnostic.description) }
                }
            }
            if failed { throw ExitCode(1) }
        }
    }
}
