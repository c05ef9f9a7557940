import Foundation
import TOMLKit
import TOMLSupport

/// The configuration file of named ensembles (`config.toml`), read with TOMLKit:
///
/// ```toml
/// [defaults]                      # optional: any ensemble key, applied where an ensemble leaves it out
/// interval = 2
///
/// [ensembles.prod-a]
/// servers = "zk1:2181,zk2:2181,zk3:2181"   # or zoo_cfg = "/etc/zookeeper/conf/zoo.cfg" (or a list)
/// interval = 1
/// admin_port = 8080                         # admin = false: four-letter words only
/// max_reply_size = "64MiB"
/// tls = { ca = "/etc/zk/ca.pem", cert = "client.pem", key = "client.key", key_password_file = "/run/secrets/k" }
/// sasl = { user = "bob", password_file = "/run/secrets/zk" }    # or password_env, or jaas = "client.jaas"
/// [[ensembles.prod-a.auth]]
/// scheme = "digest"
/// credentials_env = "ZK_DIGEST"
/// ```
///
/// Secrets are named by file or environment variable only; a secret written inline is refused. Every mistake —
/// TOML syntax, an unknown key (with "did you mean"), a wrong type, an ensemble named twice — is reported with its
/// file and line, all at once.
public enum FleetFile {
    /// The largest file read: a wrong file (a log, a binary) fails fast instead of being parsed.
    public static let maximumFileLength = 1 << 20

    /// Where the file is looked for: `$ZKSCOPE_CONFIG`, else `$XDG_CONFIG_HOME/zkscope/config.toml`, else
    /// `~/.config/zkscope/config.toml`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment["ZKSCOPE_CONFIG"], !path.isEmpty { return path }
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            return config + "/zkscope/config.toml"
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.config/zkscope/config.toml"
    }

    /// Reads and parses the file into entries (no other file is read yet). A missing file is an error naming it.
    public static func load(path: String) throws(FleetConfigError) -> [EnsembleEntry] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw FleetConfigError(
                file: path, "no such file: create it with [ensembles.NAME] tables, or give --config-file FILE")
        }
        guard !isDirectory.boolValue else { throw FleetConfigError(file: path, "is a directory, not a TOML file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FleetConfigError(file: path, "cannot be read (permission denied?): make it readable by this user")
        }
        guard data.count <= maximumFileLength else {
            throw FleetConfigError(file: path, "is larger than \(maximumFileLength) bytes: is it the right file?")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw FleetConfigError(file: path, "is not UTF-8 text")
        }
        return try parse(text, file: path)
    }

    /// Parses the file's text; every problem found is reported (the first one's line leads the message).
    public static func parse(_ text: String, file: String) throws(FleetConfigError) -> [EnsembleEntry] {
        let document: TOMLTable
        do {
            document = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            let syntax = TOMLSyntax.describe(
                error, text: text, redefinitionHint: "each key, and each [ensembles.NAME] table, may appear only once")
            throw FleetConfigError(file: file, line: syntax.line, syntax.message)
        } catch {
            throw FleetConfigError(file: file, "invalid TOML: \(error)")
        }
        var reader = FleetFileReader(file: file, lines: TOMLLineIndex(text))
        let entries = reader.read(document)
        if let first = reader.problems.first {
            let more = reader.problems.dropFirst()
            guard !more.isEmpty else { throw first }
            let rest = more.map { "line \($0.line): \($0.message)" }.joined(separator: "; ")
            throw FleetConfigError(file: file, line: first.line, "\(first.message) (also \(rest))")
        }
        return entries
    }
}
