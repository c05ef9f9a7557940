import Foundation
import Testing

/// `zkscope themes list|check` as a user runs them: output lines and exit status.
@Suite struct ThemesCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Runs the built binary in the repository root; stdout and stderr are merged, bounded by `timeout`.
    func zkscope(_ arguments: [String]) throws -> (output: String, status: Int32) {
        let binary = Self.root.appendingPathComponent(".build/debug/zkscope").path
        let quoted = (["timeout", "30", binary] + arguments).map { "'" + $0 + "'" }.joined(separator: " ")
        let command = "cd '\(Self.root.path)' && env -u ZKSCOPE_THEMES \(quoted) 2>&1 </dev/null"
        guard let pipe = popen(command, "r") else { throw CocoaError(.fileReadUnknown) }
        var output = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = fread(&buffer, 1, buffer.count, pipe)
            if n <= 0 { break }
            output.append(contentsOf: buffer[0..<n])
        }
        let status = pclose(pipe)
        return (String(decoding: output, as: UTF8.self), (status >> 8) & 0xFF)
    }

    @Test func checkAcceptsTheShippedThemes() throws {
        let result = try zkscope([
            "themes", "check", "themes/default-dark.toml", "themes/light.toml", "themes/high-contrast.toml",
            "themes/mono.toml",
        ])
        #expect(result.status == 0)
        #expect(
            result.output.components(separatedBy: "\n").filter { $0.hasSuffix("\")") && $0.contains(": ok (theme") }
                .count == 4)
    }

    @Test func checkReportsEveryErrorWithItsLine() throws {
        let result = try zkscope([
            "themes", "check", "Tests/TUIKitTests/Fixtures/broken-unknown-role.toml",
            "Tests/TUIKitTests/Fixtures/broken-bad-colour.toml", "themes/light.toml",
        ])
        #expect(result.status == 1)
        #expect(
            result.output.contains(
                "Tests/TUIKitTests/Fixtures/broken-unknown-role.toml:4: unknown role \"selcted\" (did you mean \"selected\"?)"
            ))
        #expect(result.output.contains("Tests/TUIKitTests/Fixtures/broken-bad-colour.toml:5: bad colour \"purple\""))
        #expect(result.output.contains("Tests/TUIKitTests/Fixtures/broken-bad-colour.toml:9: bad colour \"#12345\""))
        #expect(result.output.contains("themes/light.toml: ok"))
    }

    @Test func listShowsBuiltinsAndFiles() throws {
        let result = try zkscope(["themes", "list"])
        #expect(result.status == 0)
        let lines = result.output.components(separatedBy: "\n")
        #expect(lines.contains { $0.hasPrefix("default-dark") && $0.hasSuffix("[built-in]") })
        #expect(lines.contains { $0.hasPrefix("high-contrast") && $0.hasSuffix("themes/high-contrast.toml]") })
        #expect(lines.contains { $0.hasPrefix("light") })
    }
}
