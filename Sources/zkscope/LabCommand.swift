import ArgumentParser
import CommandOutput
import Foundation
import TUIKit
import ZooKeeperLab

/// `zkscope lab up|status|down`: a throwaway ZooKeeper ensemble on loopback that outlives the command,
/// so a person can point zkscope (or zkCli, or kazoo) at it and break it by hand.
struct LabCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lab",
        abstract: "Run a local ZooKeeper ensemble on loopback (Debian's ZooKeeper packages).",
        subcommands: [Up.self, Status.self, Down.self]
    )

    /// A failed write of what the lab did: one line, exit 1 (the lab itself is left as it is).
    static let outputFailure = OutputFailure(command: "zkscope lab", status: 1)

    /// Prints one line of the command's result through the checked writer, sanitized (a member's mode
    /// comes from its `srvr` reply).
    static func say(_ line: String) { StandardOutput.line(TextSanitizer.visible(line), failure: outputFailure) }

    /// The lab directory option every subcommand shares.
    struct DirectoryOption: ParsableArguments {
        @Option(name: .long, help: "Lab directory (default: ${TMPDIR:-/tmp}/zkscope-lab).")
        var dir: String?

        var path: String {
            let raw = dir ?? LabEnsemble.defaultDetachedDirectory
            return URL(fileURLWithPath: raw).standardizedFileURL.path
        }
    }

    /// Starts the members detached, writes `lab.json`, prints the connect string.
    struct Up: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start a lab and leave it running.")

        @OptionGroup var directory: DirectoryOption

        @Option(name: .long, help: "Number of members (1 = standalone).")
        var members: Int = 3

        @Option(name: .long, help: "How many of the members (the highest myids) are non-voting observers.")
        var observers: Int = 0

        @Option(name: .long, help: "tickTime in milliseconds (min session timeout is 2 ticks).")
        var tick: Int = 2000

        @Option(name: .long, help: "Max heap per JVM in MiB.")
        var heap: Int = 256

        @Flag(name: .long, help: "Keep ZooKeeper's default 4lw whitelist (only srvr) instead of '*'.")
        var defaultWhitelist = false

        @Flag(name: .long, help: "Do not start the AdminServer.")
        var noAdmin = false

        @Flag(name: .long, help: "Serve clients only over TLS (secureClientPort), with a lab CA made by openssl.")
        var tls = false

        @Flag(name: .long, help: "Mutual TLS: like --tls, and members demand a client certificate.")
        var mtls = false

        @Option(name: .long, help: "Lifetime of the members' certificates in days (with --tls or --mtls).")
        var certDays = 365

        @Flag(name: .long, help: "Enforce SASL DIGEST-MD5 (users super and bob; passwords in files under the lab).")
        var sasl = false

        func validate() throws {
            guard (1...9).contains(members) else { throw ValidationError("--members must be 1...9") }
            guard observers == 0 || (1..<members).contains(observers) else {
                throw ValidationError("--observers must leave at least one voter (0...\(members - 1))")
            }
            guard (100...60_000).contains(tick) else { throw ValidationError("--tick must be 100...60000 ms") }
            guard (32...8_192).contains(heap) else { throw ValidationError("--heap must be 32...8192 MiB") }
            guard (1...3_650).contains(certDays) else { throw ValidationError("--cert-days must be 1...3650") }
        }

        func run() async throws {
            let path = directory.path
            if FileManager.default.fileExists(atPath: path + "/" + LabState.fileName) {
                throw LabError("a lab already exists in \(path); run `zkscope lab down --dir \(path)` first")
            }
            var options = LabOptions(
                members: members, directory: URL(fileURLWithPath: path),
                whitelist: defaultWhitelist ? .serverDefault : .all, adminServer: !noAdmin,
                tickTimeMilliseconds: tick)
            options.heapMegabytes = heap
            options.observers = observers
            options.detached = true
            options.security = LabSecurity(
                tls: tls || mtls ? LabTLS(clientAuth: mtls ? .need : .none, certificateDays: certDays) : nil,
                sasl: sasl ? LabSASL() : nil)
            let lab = try await LabEnsemble.start(options)
            for member in lab.members {
                let admin = noAdmin ? "" : " admin \(member.adminPort)"
                LabCommand.say(
                    "member \(member.id): client \(member.clientPort) quorum \(member.quorumPort) "
                        + "election \(member.electionPort)\(admin) pid \(member.pid.map(String.init) ?? "-")")
            }
            LabCommand.say("directory: \(lab.directory)")
            LabCommand.say(lab.connectString)
            if let files = lab.securityFiles {
                var flags: [String] = []
                if tls || mtls { flags.append("--tls-ca \(files.caCertificate)") }
                if mtls { flags.append("--tls-cert \(files.clientCertificate) --tls-key \(files.clientKey)") }
                if sasl { flags.append("--sasl-user bob --sasl-password-file \(files.passwordFile(of: "bob"))") }
                LabCommand.say(
                    "connect with: zkscope tree --servers \(lab.connectString) " + flags.joined(separator: " "))
            }
        }
    }

    /// Prints each member's srvr mode, or not serving / down.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show what each lab member says.")

        @OptionGroup var directory: DirectoryOption

        func run() async throws {
            let (state, modes) = try await LabEnsemble.detachedStatus(directory: directory.path)
            LabCommand.say("connect string: \(state.connectString)")
            for member in state.members {
                let mode = modes[member.id].map(\.description) ?? "unknown"
                LabCommand.say(
                    "member \(member.id) \(member.clientAddress) pid \(member.pid.map(String.init) ?? "-"): \(mode)")
            }
        }
    }

    /// Stops the members by PID (only if they still are this lab's JVMs) and removes the directory.
    struct Down: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the lab and remove its directory.")

        @OptionGroup var directory: DirectoryOption

        func run() async throws {
            for line in try await LabEnsemble.stopDetached(directory: directory.path) { LabCommand.say(line) }
            LabCommand.say("removed \(directory.path)")
        }
    }
}
