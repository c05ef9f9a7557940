import Testing

/// Without a terminal the full-screen commands say so, point to `zkscope check`, exit 1, and start nothing
/// (the demo's lab included).
@Suite(.serialized)
struct NoTerminalTests {
    @Test func dashboardAndDemoRefuseWithoutATerminal() async throws {
        let dashboard = try await ZKScopeExecutable.run(["--servers", "127.0.0.1:1"], timeout: .seconds(30))
        #expect(dashboard.exitCode == 1)
        #expect(dashboard.stderr.contains("needs a terminal"))
        #expect(dashboard.stderr.contains("zkscope check"))
        #expect(dashboard.stdout.isEmpty, "nothing drawn: \(dashboard.stdout)")

        let demo = try await ZKScopeExecutable.run(["demo"], timeout: .seconds(30))
        #expect(demo.exitCode == 1)
        #expect(demo.stderr.contains("needs a terminal"))
        #expect(!demo.stderr.contains("starting a three-member"), "the demo started a lab: \(demo.stderr)")
    }
}
