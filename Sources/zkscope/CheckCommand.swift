import ArgumentParser
import CommandOutput
import EnsembleCore
import EnsembleMonitor
import FleetConfiguration
import Foundation

/// `zkscope check`: polls the ensemble for a few seconds, prints members and findings, and exits
/// 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (the Nagios plugin convention), for cron and alerting.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the ensemble once (or --follow) and exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.",
        discussion: """
            Members come from --ensemble NAME (the configuration file), --config, --servers, \
            $ZOOCFGDIR/zoo.cfg, /etc/zookeeper/conf/zoo.cfg, or localhost:2181, in that order. Only read-only requests are sent (never srst, crst or stmk).
            """
    )

    @OptionGroup var fleet: FleetOptions
    @OptionGroup var ensemble: EnsembleOptions
    @OptionGroup var authentication: AuthOptions
    @OptionGroup var sasl: SASLOptions
    @OptionGroup var replyLimit: ReplyLimitOptions
    @OptionGroup var tlsOptions: TLSOptions

    @Flag(name: .long, help: "Print one JSON object {\"members\": [...], \"findings\": [...]}.")
    var json = false

    @Option(name: .long, help: "Seconds to poll before judging (rates need at least two polls).")
    var window: Double = 3

    @Flag(name: .long, help: "Also walk every serving member's tree and compare the contents (hashes).")
    var deep = false

    @Option(name: .long, help: "With --deep: the most divergent paths listed.")
    var deepLimit = 20

    @Flag(name: .long, help: "Keep running; print each event (leader change, restart, finding) as a JSON line.")
    var follow = false

    func validate() throws {
        guard window.isFinite, window >= 0, window <= 3600 else { throw ValidationError("--window must be 0...3600") }
        guard (1...10_000).contains(deepLimit) else { throw ValidationError("--deep-limit must be 1...10000") }
        if follow && deep { throw ValidationError("--deep cannot be combined with --follow") }
    }

    func run() async throws {
        // A reader that goes away (`check --follow | head -n 1`) ends the command at once, even between events.
        ClosedPipeWatcher.start()
        let profile = try CommandProfiles.resolve(
            fleet: fleet, ensemble: ensemble, tls: tlsOptions, sasl: sasl, auth: authentication,
            replyLimit: replyLimit, command: "zkscope check", exitCode: 3, several: false)[0]
        let configuration = profile.configuration
        var thresholds = Thresholds.defaults
        if !follow { thresholds.rateWindowSeconds = max(window, profile.settings.intervalSeconds * 2) }
        let monitor = EnsembleMonitor(configuration: configuration, settings: profile.settings, thresholds: thresholds)
        if follow {
            await FollowPrinter.run(monitor)
            return
        }
        let update = await Self.pollWindow(monitor, window: window, interval: profile.settings.intervalSeconds)
        guard let update else {
            StandardError.line("zkscope check: no poll round finished")
            throw ExitCode(3)
        }
        var report = update.tracker.report
        // `signals`: every source that answered during the window (slow ones answer every 10 rounds).
        report.members = report.members.map { member in
            var member = member
            if let answered = update.sources[member.address]?.answered, member.state == .serving {
                member.signals = answered
            }
            return member
        }
        if deep {
            // The leader first: it is the reference the others are compared with.
            let serving = update.members.filter(\.isServing).sorted {
                ($0.role == .leader ? 0 : 1) < ($1.role == .leader ? 0 : 1)
            }
            // Serving quorum members share one history (a member with other data is not serving, or
            // was overwritten by a snapshot); standalones each have their own.
            let sharedHistory = serving.allSatisfy {
                $0.role == .leader || $0.role == .follower || $0.role == .observer
            }
            let comparison = await DeepComparison.run(
                members: serving.map(\.endpoint), limit: deepLimit, sharedHistory: sharedHistory,
                credentials: profile.session.credentials, maxReplySize: profile.session.maxReplySize,
                tls: profile.session.tls, sasl: profile.session.sasl)
            report = CheckReport(members: report.members, findings: (report.findings + comparison).sortedForDisplay())
        }
        if json {
            StandardOutput.line(try CheckJSON.render(report), failure: .check)
        } else {
            StandardOutput.line(
                CheckText.render(report: report, configuration: configuration, sources: update.sources),
                failure: .check)
        }
        throw ExitCode(report.exitCode)
    }

    /// Polls until `window` seconds passed and at least three rounds ran (findings that must persist
    /// two polls, rates that need two samples); bounded in wall time.
    static func pollWindow(_ monitor: EnsembleMonitor, window: Double, interval: Double) async -> MonitorUpdate? {
        let clock = ContinuousClock()
        let started = clock.now
        let hardLimit = Duration.seconds(window + interval * 10 + 10)
        var last: MonitorUpdate?
        for await update in monitor.updates() {
            last = update
            let elapsed = clock.now - started
            if update.round >= 3, elapsed >= .seconds(window) { break }
            if elapsed >= hardLimit { break }
        }
        return last
    }
}
