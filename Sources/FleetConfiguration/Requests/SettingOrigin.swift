/// Where a connection setting was written, so a message names the thing the user typed: `--tls-ca` on the command
/// line, `tls.ca` in `[ensembles.prod-a]` of the configuration file.
public enum SettingOrigin: Sendable, Hashable {
    /// The command-line options.
    case commandLine
    /// A table of the configuration file, with the line where each key sits.
    case file(path: String, table: String, lines: [String: Int])

    /// How to name a setting in a message: the option on the command line, `table.key` in a file.
    func name(option: String, key: String) -> String {
        switch self {
        case .commandLine: return option
        case .file(_, let table, _): return "\(table).\(key)"
        }
    }

    /// An error about a setting, located at its line when it came from a file.
    func error(option: String, key: String, _ message: String) -> FleetConfigError {
        switch self {
        case .commandLine: return FleetConfigError(message)
        case .file(let path, let table, let lines):
            return FleetConfigError(file: path, line: lines["\(table).\(key)"] ?? lines[table] ?? 0, message)
        }
    }
}
