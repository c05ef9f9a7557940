import ArgumentParser
import BenchSupport
import CommandOutput
import EnsembleMonitor
import FleetConfiguration
import Foundation
import ZooKeeperClient

/// `zkscope tree [PATH]`: prints a subtree, streaming (memory stays flat however big the tree is).
/// The output formats are a contract, documented in README (`## zkscope tree`).
struct TreeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tree",
        abstract: "Print a znode subtree (an indented tree, or one JSON object per znode).",
        discussion: """
            Reads one member over several sessions (pipelined, stat-guided). Nodes deleted during the \
            walk are skipped; unreadable nodes (NoAuth) are reported and the walk goes on.
            """
    )

    @OptionGroup var fleet: FleetOptions
    @OptionGroup var target: EnsembleTargetOptions
    @OptionGroup var authentication: AuthOptions
    @OptionGroup var sasl: SASLOptions
    @OptionGroup var replyLimit: ReplyLimitOptions
    @OptionGroup var tlsOptions: TLSOptions

    @Argument(help: "The subtree to print.")
    var path: String = "/"

    @Flag(name: .long, help: "One JSON object per znode per line: path and stat fields.")
    var json = false

    @Flag(name: .long, help: "Also read node data (JSON: base64 `data`; tree: a short preview).")
    var data = false

    @Option(name: .long, help: "Sessions to the member (reads spread over them).")
    var sessions: Int = 4

    @Option(name: .long, help: "Seconds to wait for a connection and for each read.")
    var timeout: Int = 10

    @Flag(name: .customLong("report-peak-rss"), help: .hidden)
    var reportPeakRSS = false

    func validate() throws {
        guard ZNodePath.isValid(path) else { throw ValidationError("not a znode path: \(path)") }
        guard (1...64).contains(sessions) else { throw ValidationError("--sessions must be 1...64") }
        guard (1...600).contains(timeout) else { throw ValidationError("--timeout must be 1...600 seconds") }
    }

    func run() async throws {
        // A reader that goes away (`tree / | head -n 1`) ends the walk at once, not at the next flush.
        ClosedPipeWatcher.start()
        let (connectString, session) = try resolveTarget()
        let clients: [ZooKeeperClient]
        do {
            clients = try await TreeWalker.openSessions(
                connectString: connectString, count: sessions, timeout: .seconds(timeout),
                requestTimeout: .seconds(timeout), credentials: session.credentials,
                maxReplySize: session.maxReplySize, tls: session.tls, sasl: session.sasl)
        } catch {
            // Every server failed in a way retrying cannot fix (TLS): the line names the server, cause and fix.
            if error.code == .connectionLoss, let failure = error.connectFailure, failure.isPersistent {
                Self.fail(failure.description)
            }
            Self.fail("cannot connect to \(connectString): \(Self.explain(error))")
        }
        let writer = OutputWriter()
        var text = TreeTextFormatter(showData: data)
        let includeData = data
        let json = self.json
        let result: Result<TreeWalkSummary, any Error>
        do {
            let walker = TreeWalker(sessions: clients, options: TreeWalkOptions(root: path, includeData: includeData))
            result = .success(
                try await walker.walk { entry in
                    // An output error stops the walk (thrown out of `walk`), then ends the command below.
                    try writer.write(json ? TreeJSONFormatter.line(entry, includeData: includeData) : text.line(entry))
                    if let error = entry.error, error.code == .replyTooLarge { Self.warnTooLarge(entry.path, error) }
                })
        } catch {
            result = .failure(error)
        }
        var outputError: OutputError?
        if case .failure(let error as OutputError) = result {
            outputError = error
        } else {
            do { try writer.flush() } catch { outputError = error }
        }
        if outputError == .closed { OutputFailure.exitForClosedPipe() }
        await TreeWalker.close(clients)
        if let outputError { OutputFailure.tree.exit(outputError) }
        if reportPeakRSS {
            Self.warn("peak-rss-kib=\(ProcessMemory.peakResidentKiB())", prefix: false)
            Self.warn("cpu-ms=\(ProcessMemory.cpuMilliseconds())", prefix: false)
        }
        switch result {
        case .success(let summary):
            if summary.entries == 0 { Self.fail("\(path) does not exist") }
            if summary.errors > 0 {
                Self.warn("\(summary.errors) node(s) could not be read (shown with an error)")
            }
        case .failure(let error):
            Self.fail(Self.explain(error))
        }
    }

    /// The connect string and session options: a named ensemble of the configuration file (`--ensemble`), else the
    /// command-line options as before.
    private func resolveTarget() throws -> (String, SessionOptions) {
        guard fleet.given else {
            let connectString = try target.connectString()
            let tls = try tlsOptions.settings(requiredByConfiguration: try target.configurationRequiresTLS())
            let saslCredentials = try sasl.resolved(
                command: "zkscope tree", clientProperties: try tlsOptions.clientProperties())
            return (
                connectString,
                SessionOptions(
                    credentials: authentication.credentials, sasl: saslCredentials, maxReplySize: replyLimit.bytes,
                    tls: tls)
            )
        }
        let conflicts = FleetOptions.conflicts(
            ensemble: nil, targetGiven: target.servers != nil || target.config != nil, tls: tlsOptions, sasl: sasl,
            auth: authentication, replyLimit: replyLimit)
        guard conflicts.isEmpty else {
            throw ValidationError(
                "--ensemble takes the members and credentials from \(fleet.path); drop \(conflicts.joined(separator: ", "))"
            )
        }
        let profile = try CommandProfiles.fileProfiles(fleet, command: "zkscope tree", exitCode: 1, several: false)[0]
        return (profile.configuration.members.map(\.address).joined(separator: ","), profile.session)
    }

    static func explain(_ error: any Error) -> String { TreeMessages.explain(error) }

    /// One stderr line per node too large to read: the node, the size, and the option that raises it.
    static func warnTooLarge(_ path: String, _ error: ZooKeeperError) { warn(TreeMessages.tooLarge(path, error)) }

    /// One line on stderr, sanitized (paths, server names and error texts come from outside).
    static func warn(_ message: String, prefix: Bool = true) {
        StandardError.line((prefix ? "zkscope tree: " : "") + message)
    }

    static func fail(_ message: String) -> Never {
        warn(message)
        OutputFailure.terminate(1)
    }
}
