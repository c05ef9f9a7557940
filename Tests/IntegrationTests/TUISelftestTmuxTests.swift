import Foundation
import Testing

/// Drives the real ncurses front end (`zkscope tui-selftest`) inside a private tmux server: UTF-8 and wide
/// characters line up, escape sequences from data are shown, keys reach the app, a resize to 80x24 redraws
/// without garbage, and `q` restores the terminal and exits 0.
@Suite(.serialized) struct TUISelftestTmuxTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// One private tmux server per test, so nothing else on the machine is touched; killed at the end.
    final class TmuxServer: @unchecked Sendable {
        let socket = "zkscope-tui-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"

        /// Runs one tmux command and returns its output. Foundation's `Process` does not notice the exit of a
        /// tmux client that forked a server, so this goes through `popen`, bounded by coreutils `timeout`.
        @discardableResult
        func run(_ arguments: [String]) throws -> String {
            let quoted = (["timeout", "10", "/usr/bin/tmux", "-L", socket] + arguments).map {
                "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'"
            }
            let command = quoted.joined(separator: " ") + " </dev/null 2>/dev/null"
            guard let pipe = popen(command, "r") else { throw CocoaError(.fileReadUnknown) }
            var output = Data()
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = fread(&buffer, 1, buffer.count, pipe)
                if n <= 0 { break }
                output.append(contentsOf: buffer[0..<n])
            }
            pclose(pipe)
            return String(decoding: output, as: UTF8.self)
        }

        func capture() -> String { (try? run(["capture-pane", "-p", "-t", "t"])) ?? "" }

        /// Polls the pane until `predicate` holds (generous deadline for a loaded machine).
        func wait(seconds: Double = 20, _ predicate: (String) -> Bool) -> String? {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                let text = capture()
                if predicate(text) { return text }
                usleep(50_000)
            }
            return nil
        }

        deinit { _ = try? run(["kill-server"]) }
    }

    @Test func selftestDrawsReactsResizesAndQuits() throws {
        let binary = Self.root.appendingPathComponent(".build/debug/zkscope").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            Issue.record("\(binary) is missing: run `swift build --build-tests` first")
            return
        }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else {
            Issue.record("tmux is not installed (scripts/ensure-deps.sh installs it)")
            return
        }
        let tmux = TmuxServer()
        defer { _ = try? tmux.run(["kill-server"]) }
        try tmux.run([
            "new-session", "-d", "-s", "t", "-x", "100", "-y", "30",
            "env -u NO_COLOR LANG=C.UTF-8 TERM=tmux-256color '\(binary)' tui-selftest; echo EXIT=$?; sleep 60",
        ])
        let first = try #require(tmux.wait { $0.contains("F1Help") && $0.contains("zk4:2181") })
        let lines = first.components(separatedBy: "\n")
        let leader = try #require(lines.first { $0.hasPrefix("zk1.example") })
        let follower = try #require(lines.first { $0.hasPrefix("zk2.") })
        #expect(follower.hasPrefix("zk2.例え.jp:2181"))
        // 例 and え are two columns wide: the Role column starts two characters earlier than in an ASCII row.
        let leaderColumn = leader.distance(
            from: leader.startIndex, to: try #require(leader.range(of: "leader")).lowerBound)
        let followerColumn = follower.distance(
            from: follower.startIndex, to: try #require(follower.range(of: "follower")).lowerBound)
        #expect(followerColumn == leaderColumn - 2)
        #expect(first.contains("zk3^[[31mEVIL:2181"))
        #expect(first.contains("100x30 colours:indexed256"))
        // Colours really reach the terminal: the inactive tabs use palette entry 236 in the default theme.
        let styled = try tmux.run(["capture-pane", "-p", "-e", "-t", "t"])
        #expect(styled.contains("\u{1B}[37m\u{1B}[48;5;236m Tree "))

        try tmux.run(["send-keys", "-t", "t", "j"])
        #expect(tmux.wait { $0.contains("last:key(j)") } != nil)

        try tmux.run(["send-keys", "-t", "t", "?"])
        let help = try #require(tmux.wait { $0.contains("Help - Esc or ? to close") })
        #expect(help.contains("Command line (:theme NAME, :q)"))
        try tmux.run(["send-keys", "-t", "t", "Escape"])
        #expect(tmux.wait { !$0.contains("Help - Esc") } != nil)

        try tmux.run(["resize-window", "-t", "t", "-x", "80", "-y", "24"])
        let small = try #require(tmux.wait { $0.contains("80x24 colours:") })
        let smallLines = small.components(separatedBy: "\n")
        #expect(smallLines.count >= 24)
        #expect(smallLines[23].hasPrefix("F1Help"))
        #expect(smallLines[8].hasPrefix("┌─ Tree") && smallLines[8].hasSuffix("┐"))
        #expect(smallLines[8].count == 80)

        try tmux.run(["send-keys", "-t", "t", ":theme light", "Enter"])
        #expect(tmux.wait { $0.contains("theme:light") } != nil)

        try tmux.run(["send-keys", "-t", "t", "q"])
        #expect(tmux.wait { $0.contains("EXIT=0") } != nil)
    }

    /// Job control: Ctrl-Z hands the terminal back to the shell (alternate screen left, cooked mode), `fg` takes it
    /// back with a full repaint, and the process still exits 0 afterwards.
    @Test func suspendAndResumeUnderAnInteractiveShell() throws {
        let binary = Self.root.appendingPathComponent(".build/debug/zkscope").path
        guard FileManager.default.isExecutableFile(atPath: binary),
            FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux")
        else {
            Issue.record("zkscope binary or tmux missing")
            return
        }
        let tmux = TmuxServer()
        defer { _ = try? tmux.run(["kill-server"]) }
        try tmux.run([
            "new-session", "-d", "-s", "t", "-x", "100", "-y", "30", "env PS1='$ ' bash --norc --noprofile -i",
        ])
        try tmux.run(["send-keys", "-t", "t", "LANG=C.UTF-8 '\(binary)' tui-selftest", "Enter"])
        #expect(tmux.wait { $0.contains("F1Help") && $0.contains("colours:") } != nil)
        func alternateScreen() -> String {
            ((try? tmux.run(["display", "-p", "-t", "t", "#{alternate_on}"])) ?? "").trimmingCharacters(
                in: .whitespacesAndNewlines)
        }
        try tmux.run(["send-keys", "-t", "t", "C-z"])
        #expect(tmux.wait { $0.contains("Stopped") } != nil)
        #expect(alternateScreen() == "0")
        try tmux.run(["send-keys", "-t", "t", "fg", "Enter"])
        let resumed = try #require(tmux.wait { $0.contains("last:resize(100x30)") && $0.contains("F1Help") })
        #expect(resumed.hasPrefix(" Ensemble"))
        #expect(alternateScreen() == "1")
        try tmux.run(["send-keys", "-t", "t", "q"])
        #expect(tmux.wait { !$0.contains("F1Help") } != nil)
        try tmux.run(["send-keys", "-t", "t", "echo DONE-$?", "Enter"])
        #expect(tmux.wait { $0.contains("DONE-0") } != nil)
    }
}
