import Foundation
import ZooKeeperTLS

/// Where a password comes from: a file (its first line) or an environment variable. Never the command line and never
/// the configuration file itself, so a secret does not end up in `ps`, shell history or a file shared for review.
public enum SecretSource: Sendable, Hashable {
    /// The first line of a file (as ZooKeeper's own clients read password files).
    case file(String)
    /// An environment variable's value.
    case environment(String)

    /// Reads the secret; a missing, unreadable or empty source is an error naming it and the fix (never the value).
    func read(
        named name: String, origin: SettingOrigin, option: String, key: String, allowEmpty: Bool = false,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(FleetConfigError) -> Secret {
        switch self {
        case .environment(let variable):
            guard let value = environment[variable], !value.isEmpty else {
                throw origin.error(
                    option: option, key: key,
                    "the environment variable \(variable) (the \(name)) is not set or empty: export it before starting zkscope"
                )
            }
            return Secret(value)
        case .file(let path):
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw origin.error(
                    option: option, key: key,
                    "the \(name) file \(path) does not exist: check the path given to \(origin.name(option: option, key: key))"
                )
            }
            guard !isDirectory.boolValue else {
                throw origin.error(option: option, key: key, "the \(name) file \(path) is a directory: give a file")
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw origin.error(
                    option: option, key: key,
                    "the \(name) file \(path) cannot be read (permission denied?): make it readable by this user")
            }
            let text = String(decoding: data, as: UTF8.self)
            let line = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let value = line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
            guard !value.isEmpty || allowEmpty else {
                throw origin.error(
                    option: option, key: key, "the \(name) file \(path) is empty: put the \(name) on its first line")
            }
            return Secret(value)
        }
    }
}
