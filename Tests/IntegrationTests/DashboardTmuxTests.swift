import Foundation
import Testing
import ZKScopeApp
import ZooKeeperLab

/// The real `zkscope` dashboard in a private tmux server against a real three-member lab: roles appear, a
/// killed member shows as down with a finding, `?` lists every binding, a resize to 80x24 stays readable, and
/// `q` exits 0.
@Suite(.serialized) struct DashboardTmuxTests {
    typealias Tmux = TUISelftestTmuxTests.TmuxServer

    static var binary: String {
        TUISelftestTmuxTests.root.appendingPathComponent(".build/debug/zkscope").path
    }

    /// Starts the dashboard on `lab` in a new tmux server of the given size.
    static func open(
        _ lab: LabEnsemble, width: Int = 120, height: Int = 40, extra: String = "", environment: String = ""
    ) throws -> Tmux {
        let tmux = Tmux()
        let log = NSTemporaryDirectory() + "zkscope-dashboard-test-\(getpid()).log"
        try tmux.run([
            "new-session", "-d", "-s", "t", "-x", "\(width)", "-y", "\(height)",
            "env LANG=C.UTF-8 \(environment) '\(binary)' --servers \(lab.connectString) --interval 0.5 --log-file '\(log)' \(extra)"
                + "; echo EXIT=$?; sleep 60",
        ])
        return tmux
    }

    static func preconditions() -> Bool {
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            Issue.record("\(binary) is missing: run `swift build --build-tests` first")
            return false
        }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else {
            Issue.record("tmux is not installed (scripts/ensure-deps.sh installs it)")
            return false
        }
        return true
    }

    /// A terminal without cursor addressing (`TERM=dumb`) or an unknown `TERM` would get a blank screen: the
    /// dashboard says why, points to `zkscope check` and exits 1 instead. No lab: it refuses before polling.
    @Test func terminalThatCannotAddressTheCursorIsRefused() throws {
        guard Self.preconditions() else { return }
        for (term, words) in [("dumb", "has no cursor addressing"), ("no-such-terminal", "unknown to terminfo")] {
            let tmux = Tmux()
            defer { _ = try? tmux.run(["kill-server"]) }
            try tmux.run([
                "new-session", "-d", "-s", "t", "-x", "120", "-y", "30",
                "env TERM=\(term) '\(Self.binary)' --servers 127.0.0.1:1 2>&1; echo EXIT=$?; sleep 60",
            ])
            let screen = try #require(tmux.wait(seconds: 30) { $0.contains("EXIT=") }, "TERM=\(term): no exit")
            #expect(screen.contains("EXIT=1"), "TERM=\(term): \(screen)")
            #expect(screen.contains(words), "TERM=\(term): \(screen)")
            #expect(screen.contains("zkscope check"), "TERM=\(term): \(screen)")
        }
    }

    @Test func rolesKilledMemberHelpResizeAndQuit() async throws {
        guard Self.preconditions() else { return }
        try await LabEnsemble.with(LabOptions(members: 3, tickTimeMilliseconds: 500)) { lab in
            let tmux = try Self.open(lab)
            defer { _ = try? tmux.run(["kill-server"]) }
            let first = try #require(
                tmux.wait(seconds: 30) { text in
                    text.contains(" leader ") && text.components(separatedBy: " follower ").count == 3
                        && text.contains("quorum ok")
                }, "roles never appeared")
            #expect(first.contains("voters 3 · majority 2"))

            // `?` lists every binding of the one key table (the help box is wide enough at 120 columns;
            // scroll to see them all).
            try tmux.run(["send-keys", "-t", "t", "?"])
            var seen = try #require(tmux.wait { $0.contains("Help - Esc or ? to close") })
            for _ in 0..<4 {
                try tmux.run(["send-keys", "-t", "t", "PageDown"])
                usleep(300_000)
                seen += tmux.capture()
            }
            for binding in AppKeys.table.bindings {
                #expect(seen.contains(String(binding.description.prefix(40))), "help lacks \(binding.description)")
            }
            try tmux.run(["send-keys", "-t", "t", "Escape"])
            #expect(tmux.wait { !$0.contains("Help - Esc") } != nil)

            // Kill a follower: its row says down and a member-down finding appears.
            let leader = try #require(await lab.leaderID())
            let victim = try #require(lab.ids.first { $0 != leader })
            let address = try #require(lab.member(victim)).clientAddress
            try await lab.kill(victim)
            let down = try #require(
                tmux.wait(seconds: 30) { text in
                    text.components(separatedBy: "\n").contains { $0.contains(address) && $0.contains(" down ") }
                        && text.contains("member-down")
                }, "the killed member never showed as down with a finding")
            #expect(down.contains("2/3 up"))

            // Resize to 80x24: the frame is redrawn to fit, the function bar is on the last row.
            try tmux.run(["resize-window", "-t", "t", "-x", "80", "-y", "24"])
            let small = try #require(
                tmux.wait { text in
                    let lines = text.components(separatedBy: "\n")
                    return lines.count >= 24 && lines[23].hasPrefix("F1Help") && lines[0].hasPrefix(" Ensemble")
                }, "the 80x24 frame never settled")
            let lines = small.components(separatedBy: "\n").prefix(24)
            for line in lines { #expect(line.count <= 80, "line wider than 80 columns: \(line)") }
            #expect(lines.contains { $0.contains(address) && $0.contains("down") })
            #expect(lines.contains { $0.contains("member-down") })
            #expect(lines.contains { $0.hasPrefix("quorum ok") })

            try tmux.run(["send-keys", "-t", "t", "q"])
            #expect(tmux.wait { $0.contains("EXIT=0") } != nil)
        }
    }

    @Test func treeShowsKazooChangesWithinASecondAndEscapesStayVisible() async throws {
        guard Self.preconditions() else { return }
        try await LabEnsemble.with(LabOptions(members: 3, tickTimeMilliseconds: 500)) { lab in
            let setup = try await Kazoo.run(
                """
                import sys
                from kazoo.client import KazooClient
                zk = KazooClient(hosts=sys.argv[1]); zk.start()
                zk.create("/e2e", b"")
                zk.create("/e2e/evil", b"A\\x1b[2J\\x1b[31mRED\\x1b]0;pwned\\x07\\xff\\xfeZ")
                zk.stop()
                print("DONE")
                """, arguments: [lab.connectString])
            #expect(setup.succeeded, "\(setup)")
            let tmux = try Self.open(lab, extra: "")
            defer { _ = try? tmux.run(["kill-server"]) }
            #expect(tmux.wait(seconds: 30) { $0.contains(" leader ") } != nil)
            try tmux.run(["send-keys", "-t", "t", ":tree /e2e/evil", "Enter"])
            let tree = try #require(
                tmux.wait(seconds: 20) { $0.contains("evil") && $0.contains("A^[[2J^[[31mRED^[]0;pwned^G") },
                "the escape-laden data never showed")
            let lines = tree.components(separatedBy: "\n")
            // The clear-screen and colour sequences were shown, not obeyed: the frame is whole.
            #expect(lines[0].hasPrefix(" Ensemble"))
            #expect(lines.contains { $0.hasPrefix("F1Help") })
            #expect(tree.contains("\\xFF\\xFE"))
            for line in lines.prefix(40) { #expect(line.count <= 120) }

            // A znode created by kazoo appears in the open tree within one second.
            let writer = try Kazoo.start(
                """
                import sys, time
                from kazoo.client import KazooClient
                zk = KazooClient(hosts=sys.argv[1]); zk.start()
                print("READY")
                time.sleep(2)
                zk.create("/e2e/fresh-node", b"x")
                print("CREATED %.6f" % time.time())
                time.sleep(30)
                """, arguments: [lab.connectString])
            defer { Task { _ = await writer.stop() } }
            try await writer.waitForOutput("READY")
            let seen = try #require(
                tmux.wait(seconds: 10, { $0.contains("fresh-node") }).map { _ in Date().timeIntervalSince1970 },
                "the new znode never appeared")
            try await writer.waitForOutput("CREATED")
            let created = try #require(
                writer.stdout.split(separator: "\n").first { $0.hasPrefix("CREATED ") }
                    .flatMap { Double($0.dropFirst("CREATED ".count)) })
            let latency = seen - created
            #expect(latency < 1.0, "the new znode took \(latency) s to appear")

            try tmux.run(["send-keys", "-t", "t", "q"])
            #expect(tmux.wait { $0.contains("EXIT=0") } != nil)
        }
    }
}

/// `zkscope demo` end to end: the lab comes up with its workload, the kill-leader key lights up a finding, the
/// locks and tree show the workload, and `q` stops every member it started.
@Suite(.serialized) struct DemoTmuxTests {
    @Test func demoStartsInjectsAFaultAndCleansUp() async throws {
        guard DashboardTmuxTests.preconditions() else { return }
        let tmux = DashboardTmuxTests.Tmux()
        defer { _ = try? tmux.run(["kill-server"]) }
        try tmux.run([
            "new-session", "-d", "-s", "t", "-x", "120", "-y", "40",
            "env LANG=C.UTF-8 '\(DashboardTmuxTests.binary)' demo --interval 0.5 2>/tmp/zkscope-demo-test-\(getpid()).err"
                + "; echo EXIT=$?; cat /tmp/zkscope-demo-test-\(getpid()).err; sleep 60",
        ])
        let up = try #require(
            tmux.wait(seconds: 120) { $0.contains(" leader ") && $0.contains("KKillLdr") && $0.contains("quorum ok") },
            "the demo never showed a healthy ensemble")
        let ports = up.components(separatedBy: "\n").compactMap { line -> Int? in
            guard let range = line.range(of: #"127\.0\.0\.1:\d+"#, options: .regularExpression) else { return nil }
            return Int(line[range].split(separator: ":")[1])
        }
        #expect(ports.count >= 3)
        // The workload's Curator semaphore mutex shows with a holder, its client and waiters.
        try tmux.run(["send-keys", "-t", "t", "5"])
        let locks = try #require(
            tmux.wait(seconds: 30) { $0.contains("/lock/mutex/aaa") && $0.contains("curator-semaphore-mutex") },
            "the demo's lock never showed")
        #expect(locks.contains("holder: 0x"))
        #expect(!locks.contains("/lock/mutex/aaa/locks "))
        try tmux.run(["send-keys", "-t", "t", "4"])
        #expect(tmux.wait(seconds: 30) { $0.contains("/demo/services/") && $0.contains("sessions") } != nil)
        try tmux.run(["send-keys", "-t", "t", "1"])
        try tmux.run(["send-keys", "-t", "t", "K"])
        #expect(
            tmux.wait(seconds: 60) { $0.contains("killed the leader") && $0.contains("member-down") } != nil,
            "killing the leader did not show a member-down finding")
        try tmux.run(["send-keys", "-t", "t", "q"])
        let end = try #require(
            tmux.wait(seconds: 60) { $0.contains("EXIT=0") && $0.contains("zkscope demo: done.") },
            "the demo did not exit cleanly")
        #expect(end.contains("zkscope demo: done."))
        // Every member it started is gone: their client ports refuse connections.
        for port in Set(ports) {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            #expect(result != 0, "port \(port) still accepts connections after the demo quit")
        }
    }
}
