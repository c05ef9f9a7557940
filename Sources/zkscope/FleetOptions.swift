import ArgumentParser
import CommandOutput
import EnsembleMonitor
import FleetConfiguration
import Foundation

/// `--ensemble NAME` and `--config-file FILE`: named ensembles of the configuration file
/// (`$ZKSCOPE_CONFIG`, else `$XDG_CONFIG_HOME/zkscope/config.toml`, else `~/.config/zkscope/config.toml`), for every
/// command that talks to an ensemble. Without them the other options (`--servers`, `--config`, `--tls…`) work as
/// before, and no file is read.
struct FleetOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "A named ensemble of the configuration file (its [ensembles.NAME] table).", valueName: "name"))
    var ensemble: [String] = []

    @Option(
        name: .customLong("config-file"),
        help: ArgumentHelp(
            "The configuration file of named ensembles (default: $ZKSCOPE_CONFIG, else "
                + "$XDG_CONFIG_HOME/zkscope/config.toml, else ~/.config/zkscope/config.toml).",
            valueName: "file"))
    var configFile: String?

    /// The file `--ensemble` reads.
    var path: String { configFile ?? FleetFile.defaultPath() }

    /// Whether the command was pointed at the configuration file.
    var given: Bool { !ensemble.isEmpty || configFile != nil }

    /// The named ensembles asked for, resolved (their files read). With `--config-file` and no `--ensemble`, every
    /// ensemble of the file. A problem is one line naming the file, the line and the fix.
    func profiles() throws(FleetConfigError) -> [EnsembleProfile] {
        let entries = try FleetSelection.select(ensemble, from: try FleetFile.load(path: path), file: path)
        var profiles: [EnsembleProfile] = []
        for entry in entries {
            let profile = try entry.resolve()
            if profile.settings.tls?.isInsecure == true { StandardError.line("zkscope: \(entry.tls.insecureWarning)") }
            profiles.append(profile)
        }
        return profiles
    }

    /// What `--ensemble` cannot be combined with: the options that would name other members or credentials.
    static func conflicts(
        ensemble: EnsembleOptions?, targetGiven: Bool, tls: TLSOptions, sasl: SASLOptions, auth: AuthOptions,
        replyLimit: ReplyLimitOptions
    ) -> [String] {
        var conflicts: [String] = []
        if ensemble?.namesMembers == true || targetGiven { conflicts.append("--servers/--config") }
        if tls.anyGiven { conflicts.append("--tls…") }
        if sasl.anyGiven { conflicts.append("--sasl…/--jaas") }
        if !auth.auth.isEmpty { conflicts.append("--auth") }
        if replyLimit.maxReplySize != nil { conflicts.append("--max-reply-size") }
        if ensemble?.adminPort != nil { conflicts.append("--admin-port") }
        if ensemble?.noAdmin == true { conflicts.append("--no-admin") }
        return conflicts
    }
}
