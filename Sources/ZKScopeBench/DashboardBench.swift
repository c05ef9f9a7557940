import ArgumentParser
import BenchSupport
import EnsembleMonitor
import Foundation
import TUIKit
import ZKScopeApp
import ZooKeeperClient
import ZooKeeperJute
import ZooKeeperLab

/// `zkscope-bench dashboard`: the dashboard's numbers on a real three-member lab.
///
/// - idle CPU: the real binary, full screen in a private tmux server, sampled from `/proc/PID/stat`;
/// - change → frame: a create on the server until the ``DashboardSession`` presents a frame that holds the new
///   node (watch event, listing, model update and frame build, in process; the ncurses diff adds about a
///   millisecond);
/// - key → frame with 100,000 children loaded in the tree pane, through the same session;
/// - memory of the tree pane per loaded node (RSS growth);
/// - change → screen again through the real binary in tmux, read back with `capture-pane`.
struct DashboardBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard", abstract: "Idle CPU, change-to-screen latency, key-to-redraw, tree pane memory.")

    @Option(name: .long, help: "Creates timed for change → screen.")
    var samples = 200
    @Option(name: .long, help: "Children of the big node for key → redraw.")
    var nodes = 100_000
    @Option(name: .long, help: "Seconds of idle CPU sampling (0 skips it).")
    var idleSeconds = 30
    @Option(name: .long, help: "Creates timed through the real binary's screen in tmux (0 skips it).")
    var screenSamples = 100
    @Option(
        name: .long,
        help: "Idle CPU with this many named ensembles (each a poll loop on the same lab); repeat for several runs.")
    var ensembles: [Int] = [1]
    @Flag(name: .long, help: "Measure only the real binary's idle CPU (skips the latency and memory parts).")
    var idleOnly = false

    func run() async throws {
        say("starting a three-member lab…")
        let lab = try await LabEnsemble.start(LabOptions(members: 3))
        do {
            try await measure(lab)
        } catch {
            say("bench failed: \(error)")
        }
        await lab.shutdown()
    }

    private func measure(_ lab: LabEnsemble) async throws {
        if idleOnly {
            for count in ensembles { try await idleFleet(lab, ensembles: count) }
            return
        }
        var configuration = try ZooKeeperConfiguration(connectString: lab.connectString)
        configuration.requestTimeout = .seconds(30)
        let writer = try await ZooKeeperClient.connect(configuration, timeout: .seconds(20))
        defer { Task { await writer.close() } }
        let harness = try Harness(connectString: lab.connectString)
        defer { harness.stop() }

        // Change → frame: a create until the session presents a frame that shows it (each sample's node is
        // deleted again, so the list stays one screen long).
        _ = try? await writer.create("/bench-latency")
        _ = try? await writer.create("/bench-latency/anchor")
        harness.command("tree /bench-latency/anchor")
        try await harness.until(seconds: 20) { $0.tree.isListed("/bench-latency") }
        var latencies: [Double] = []
        for i in 0..<samples {
            let name = String(format: "n-%05d", i)
            let start = ContinuousClock.now
            _ = try await writer.create("/bench-latency/" + name)
            guard await harness.terminal.frame(within: .seconds(10), where: { $0.text().contains(name) }) != nil else {
                throw ValidationError("change → frame: \(name) never showed")
            }
            latencies.append((ContinuousClock.now - start).milliseconds)
            try await writer.delete("/bench-latency/" + name)
            try? await Task.sleep(for: .milliseconds(10))
        }
        say(
            "change → frame: p50 \(Self.percentile(latencies, 50)) ms, p99 \(Self.percentile(latencies, 99)) ms, "
                + "max \(Self.percentile(latencies, 100)) ms (\(samples) creates; create sent → the session's frame holds it)"
        )

        // Key → frame on a big tree, and the pane's memory per node.
        say("creating \(nodes) znodes under /bench-big…")
        _ = try? await writer.create("/bench-big")
        var created = 0
        while created < nodes {
            let count = min(1000, nodes - created)
            let ops = (created..<(created + count)).map {
                MultiOp.create(String(format: "/bench-big/%05x", $0), data: Array(repeating: 0x61, count: 100))
            }
            _ = try await writer.multi(ops)
            created += count
        }
        let rssBefore = ProcessMemory.residentBytes(pid: nil)
        let footprintBefore = await harness.session.model.tree.footprintBytes
        harness.command("tree /bench-big/x")
        try await harness.until(seconds: 60) {
            $0.tree.isDeferred("/bench-big") || $0.tree.isListed("/bench-big")
        }
        if await !harness.session.model.tree.isListed("/bench-big") {
            harness.nodes.tree(.expand(path: "/bench-big", listHuge: true))
            try await harness.until(seconds: 120) { $0.tree.isListed("/bench-big") }
        }
        // Show every page (the stats of the new pages are not fetched: this measures drawing).
        @Sendable func moreRow(_ tree: TreePaneModel) -> Int? {
            (0..<tree.rowCount).first { if case .more = tree.row($0).kind { return true } else { return false } }
        }
        while let index = await moreRow(harness.session.model.tree) {
            await harness.session.change { model in
                model.tree.view.viewport.select(index)
                return model.handle(.key(.enter))
            }
        }
        let rssAfter = ProcessMemory.residentBytes(pid: nil)
        let model = await harness.session.model
        let footprintAfter = model.tree.footprintBytes
        let rows = model.tree.rowCount
        var keyTimes: [Double] = []
        let keys: [Key] = [.pageDown, .down, .down, .pageDown, .up, .end, .home, .pageDown]
        for i in 0..<400 {
            let before = harness.terminal.frameCount
            let start = ContinuousClock.now
            harness.terminal.press(keys[i % keys.count])
            guard await harness.terminal.frame(after: before, where: { _ in true }) != nil else {
                throw ValidationError("key → frame: no frame")
            }
            keyTimes.append((ContinuousClock.now - start).milliseconds)
        }
        say(
            "key → frame with \(rows) rows: p50 \(Self.percentile(keyTimes, 50)) ms, p99 \(Self.percentile(keyTimes, 99)) ms, "
                + "max \(Self.percentile(keyTimes, 100)) ms (400 keys through the session, 120x40 frame)")
        if let rssBefore, let rssAfter {
            say(
                "tree pane memory: \((rssAfter - rssBefore) / max(1, nodes)) bytes per loaded znode (RSS growth, \(nodes) nodes)"
            )
        }
        say(
            "tree pane model footprint: \((footprintAfter - footprintBefore) / max(1, nodes)) bytes per loaded znode "
                + "(array capacities; \(model.tree.loadedNodeCount) nodes loaded)")

        // The real binary: idle CPU, and change → screen through the terminal.
        try await realBinary(lab, writer: writer)
    }

    /// Idle CPU of the real binary on the lab, then change → screen as the terminal shows it.
    private func realBinary(_ lab: LabEnsemble, writer: ZooKeeperClient) async throws {
        let binary = try ZKScopeBinary.path()
        guard
            let tmux = TmuxSession(
                command: "exec env LANG=C.UTF-8 '\(binary)' --servers \(lab.connectString) --log-file /dev/null",
                width: 120, height: 40)
        else {
            say("real binary: skipped (no tmux, or the dashboard did not start)")
            return
        }
        defer { tmux.close() }
        if idleSeconds > 0, let pid = tmux.pid { try await idleCPU(pid) }
        if screenSamples > 0 { try await screenLatency(tmux, writer: writer) }
        for count in ensembles where count > 1 { try await idleFleet(lab, ensembles: count) }
    }

    /// Idle CPU of the real binary hosting `count` named ensembles (a configuration file), all on the lab, on the
    /// Fleet pane (with several) where every round redraws a row: the cost per ensemble is the total over `count`.
    private func idleFleet(_ lab: LabEnsemble, ensembles count: Int) async throws {
        guard idleSeconds > 0 else { return }
        let binary = try ZKScopeBinary.path()
        let file = NSTemporaryDirectory() + "zkscope-bench-fleet-\(getpid()).toml"
        defer { try? FileManager.default.removeItem(atPath: file) }
        try (1...count).map { "[ensembles.e\($0)]\nservers = \"\(lab.connectString)\"\n" }.joined()
            .write(toFile: file, atomically: true, encoding: .utf8)
        let options = count == 1 ? "--servers \(lab.connectString)" : "--config-file '\(file)'"
        var started: TmuxSession?
        // The previous run's tmux server (same socket name) may still be exiting: try again for a few seconds.
        for _ in 0..<5 where started == nil {
            started = TmuxSession(
                command: "exec env LANG=C.UTF-8 '\(binary)' \(options) --interval 1 --log-file /dev/null",
                width: 140, height: 40)
            if started == nil { try await Task.sleep(for: .seconds(1)) }
        }
        guard let tmux = started, let pid = tmux.pid else {
            say("idle CPU with \(count) ensembles: skipped (no tmux, or the dashboard did not start)")
            return
        }
        defer { tmux.close() }
        try await idleCPU(pid, ensembles: count, pane: count > 1 ? "Fleet pane" : "Ensemble pane")
        guard count > 1 else { return }
        // The same on the first ensemble's Ensemble pane, where the hidden ensembles' rounds draw nothing: the
        // difference is what redrawing the Fleet pane on every round costs.
        tmux.sendKeys("1")
        try await idleCPU(pid, ensembles: count, pane: "Ensemble pane")
    }

    private func idleCPU(_ pid: Int32, ensembles: Int = 1, pane: String? = nil) async throws {
        try await Task.sleep(for: .seconds(5))
        guard let before = ProcessMemory.cpuSeconds(pid: pid) else {
            say("idle CPU: the dashboard did not start")
            return
        }
        let start = ContinuousClock.now
        try await Task.sleep(for: .seconds(idleSeconds))
        let seconds = (ContinuousClock.now - start).milliseconds / 1000
        guard let percent = ProcessMemory.cpuPercent(pid: pid, since: before, over: seconds) else { return }
        let rss = ProcessMemory.residentBytes(pid: pid).map { " · RSS \($0 / 1_048_576) MiB" } ?? ""
        let label =
            (pane.map { ", \($0)" } ?? "")
            + (ensembles == 1
                ? "" : String(format: ", %d ensembles, %.2f%% per ensemble", ensembles, percent / Double(ensembles)))
        say(
            String(format: "idle CPU: %.2f%% of one core over %.0f s (polling every 1 s, 3 members", percent, seconds)
                + label + ")" + rss)
    }

    /// A create on the server until `capture-pane` shows the new name in the open tree: the whole path, ncurses
    /// output and tmux included. Each sample's node is deleted again so the list stays one screen long. A capture
    /// costs a tmux process (a few ms), so the figures are an upper bound with that resolution.
    private func screenLatency(_ tmux: TmuxSession, writer: ZooKeeperClient) async throws {
        // Revealing a child expands /bench-screen (a leaf could not be expanded, hence the permanent child).
        _ = try? await writer.create("/bench-screen")
        _ = try? await writer.create("/bench-screen/anchor")
        tmux.sendKeys(":tree /bench-screen/anchor", "Enter")
        guard tmux.wait(seconds: 30, { $0.contains("anchor") && $0.contains("Tree as") }) != nil else {
            say("change → screen (tmux): the tree pane did not open /bench-screen")
            return
        }
        var latencies: [Double] = []
        for i in 0..<screenSamples {
            let name = String(format: "shown-%04d", i)
            let start = ContinuousClock.now
            _ = try await writer.create("/bench-screen/" + name)
            guard tmux.wait(seconds: 10, { $0.contains(name) }) != nil else {
                say("change → screen (tmux): \(name) never showed")
                return
            }
            latencies.append((ContinuousClock.now - start).milliseconds)
            try await writer.delete("/bench-screen/" + name)
            try await Task.sleep(for: .milliseconds(20))
        }
        let capture = Self.captureCost(tmux)
        say(
            "change → screen (real binary in tmux, capture-pane): p50 \(Self.percentile(latencies, 50)) ms, "
                + "p99 \(Self.percentile(latencies, 99)) ms, max \(Self.percentile(latencies, 100)) ms "
                + "(\(screenSamples) creates; one capture-pane costs \(capture) ms)")
    }

    /// The median time of one `capture-pane`, the resolution of the screen measurement.
    private static func captureCost(_ tmux: TmuxSession) -> String {
        var times: [Double] = []
        for _ in 0..<20 {
            let start = ContinuousClock.now
            _ = tmux.capture()
            times.append((ContinuousClock.now - start).milliseconds)
        }
        return percentile(times, 50)
    }

    static func percentile(_ values: [Double], _ p: Int) -> String {
        guard !values.isEmpty else { return "-" }
        let sorted = values.sorted()
        let index = min(sorted.count - 1, max(0, Int((Double(p) / 100 * Double(sorted.count)).rounded(.up)) - 1))
        return String(format: "%.2f", sorted[index])
    }

    private func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}

/// A ``DashboardSession`` on the real monitor and znode sessions, drawing into a ``HeadlessTerminal``: the
/// dashboard's whole loop without ncurses.
struct Harness {
    let terminal = HeadlessTerminal(width: 120, height: 40)
    let nodes: LiveZNodeAccess
    let session: DashboardSession
    private let task: Task<Void, Never>

    init(connectString: String) throws {
        let configuration = try ConfigurationLoader.load(configPath: nil, servers: connectString)
        let log = AppLog(path: nil)
        nodes = LiveZNodeAccess(
            connectString: connectString, members: configuration.members.map(\.address), log: log)
        session = DashboardSession(
            model: DashboardModel(options: .init(source: "bench"), interval: 1), terminal: terminal,
            rounds: EnsembleMonitor(configuration: configuration, settings: PollSettings(interval: .seconds(1))),
            nodes: nodes, log: log)
        task = Task { [session] in await session.run() }
    }

    /// Types a `:` command.
    func command(_ line: String) {
        terminal.press(.char(":"))
        terminal.type(line)
        terminal.press(.enter)
    }

    /// Waits until the session's model satisfies `condition` (or the deadline passes); checks every 0.2 ms.
    func until(seconds: Double, _ condition: @Sendable (DashboardModel) -> Bool) async throws {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        while await !condition(session.model) {
            guard ContinuousClock.now < deadline else { throw ValidationError("timed out waiting for the tree") }
            try await Task.sleep(for: .microseconds(200))
        }
    }

    /// Quits the session (its znode sessions close, polling stops).
    func stop() {
        terminal.press(.char("q"))
        terminal.close()
    }
}
