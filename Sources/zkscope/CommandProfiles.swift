import ArgumentParser
import CommandOutput
import EnsembleCore
import EnsembleMonitor
import FleetConfiguration
import Foundation

/// Turns a command's options into the ensembles it works on: the named ensembles of the configuration file
/// (`--ensemble`, `--config-file`), or one ensemble built from `--servers`/`--config`/`--tls…`/`--sasl…`/`--auth`
/// as before. Every command that talks to an ensemble goes through here, so they all accept the same things.
enum CommandProfiles {
    /// The profiles for `check`, the dashboard and `serve`.
    ///
    /// - `several`: whether more than one ensemble may be returned (the dashboard and `serve`); otherwise a file
    ///   with several ensembles and no `--ensemble` is refused, naming them.
    /// - `useDefaultFile`: whether an existing default configuration file is used when no option names members
    ///   (the dashboard opens the whole fleet).
    /// A problem is one stderr line prefixed with `command` and exit `exitCode`.
    static func resolve(
        fleet: FleetOptions, ensemble: EnsembleOptions, tls: TLSOptions, sasl: SASLOptions, auth: AuthOptions,
        replyLimit: ReplyLimitOptions, command: String, exitCode: Int32, several: Bool, useDefaultFile: Bool = false
    ) throws -> [EnsembleProfile] {
        let fromFile =
            fleet.given
            || (useDefaultFile && !ensemble.namesMembers && !tls.anyGiven && !sasl.anyGiven
                && FileManager.default.fileExists(atPath: fleet.path))
        guard fromFile else {
            return [try commandLineProfile(ensemble, tls, sasl, auth, replyLimit, command: command, exitCode: exitCode)]
        }
        let conflicts = FleetOptions.conflicts(
            ensemble: ensemble, targetGiven: false, tls: tls, sasl: sasl, auth: auth, replyLimit: replyLimit)
        guard conflicts.isEmpty else {
            throw ValidationError(
                "--ensemble takes the members and credentials from \(fleet.path); drop \(conflicts.joined(separator: ", "))"
            )
        }
        var profiles = try fileProfiles(fleet, command: command, exitCode: exitCode, several: several)
        if let interval = ensemble.interval {
            for index in profiles.indices {
                profiles[index].settings.interval = .milliseconds(Int64((interval * 1000).rounded()))
            }
        }
        return profiles
    }

    /// The named ensembles of the file; more than one only when `several`.
    static func fileProfiles(_ fleet: FleetOptions, command: String, exitCode: Int32, several: Bool) throws
        -> [EnsembleProfile]
    {
        let profiles: [EnsembleProfile]
        do {
            profiles = try fleet.profiles()
        } catch {
            StandardError.line("\(command): \(error)")
            throw ExitCode(exitCode)
        }
        if !several, profiles.count > 1 {
            StandardError.line(
                "\(command): \(fleet.path) names several ensembles (\(profiles.map(\.name).joined(separator: ", "))): "
                    + "pick one with --ensemble NAME")
            throw ExitCode(exitCode)
        }
        return profiles
    }

    /// The one ensemble the command-line options describe, named `default`.
    private static func commandLineProfile(
        _ ensemble: EnsembleOptions, _ tlsOptions: TLSOptions, _ sasl: SASLOptions, _ auth: AuthOptions,
        _ replyLimit: ReplyLimitOptions, command: String, exitCode: Int32
    ) throws -> EnsembleProfile {
        let saslCredentials = try sasl.resolved(
            command: command, exitCode: exitCode, clientProperties: try tlsOptions.clientProperties())
        let configuration: EnsembleConfiguration
        do {
            configuration = try ensemble.resolveConfiguration()
        } catch {
            StandardError.line("\(command): \(error)")
            throw ExitCode(exitCode)
        }
        let tls = try tlsOptions.settings(requiredByConfiguration: configuration.requiresTLS)
        var settings = ensemble.pollSettings
        settings.tls = tls
        return EnsembleProfile(
            name: EnsembleProfile.defaultName, configuration: configuration, settings: settings,
            session: SessionOptions(
                credentials: auth.credentials, sasl: saslCredentials, maxReplySize: replyLimit.bytes, tls: tls))
    }
}
