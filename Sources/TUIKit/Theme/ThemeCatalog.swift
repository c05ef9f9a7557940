import Foundation
import TOMLSupport

/// A theme that `zkscope themes list` shows: built in, or a file in one of the search directories.
public struct ThemeListing: Hashable, Sendable {
    /// The name to pass to `--theme`.
    public var name: String
    /// The file, or `nil` for a built-in theme (a file of the same name, if listed too, takes precedence).
    public var path: String?
    /// The theme's one-line description, or the error that keeps the file from loading.
    public var summary: String
    /// `false` when the file has errors (run `zkscope themes check` on it).
    public var isValid: Bool
}

/// Finds themes by name or path: `--theme NAME|PATH` and `:theme NAME` resolve through here.
///
/// Names are looked up as `NAME.toml` in the search directories in order (so a user file can replace a
/// shipped one), then among the built-in themes; anything containing a `/` or ending in `.toml` is a path.
public struct ThemeCatalog: Sendable {
    /// Directories searched for `*.toml`, most specific first.
    public var searchDirectories: [String]

    /// Creates a catalog over explicit directories.
    public init(searchDirectories: [String]) { self.searchDirectories = searchDirectories }

    /// The standard search path: `$ZKSCOPE_THEMES` (colon-separated), `./themes`, `~/.config/zkscope/themes`,
    /// then `themes` next to the executable and in `../share/zkscope/themes` for installed copies.
    public static func standard(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executablePath: String? = CommandLine.arguments.first
    ) -> ThemeCatalog {
        var dirs: [String] = []
        if let extra = environment["ZKSCOPE_THEMES"], !extra.isEmpty {
            dirs += extra.split(separator: ":").map(String.init)
        }
        dirs.append(FileManager.default.currentDirectoryPath + "/themes")
        if let home = environment["HOME"], !home.isEmpty { dirs.append(home + "/.config/zkscope/themes") }
        if let exe = executablePath, exe.contains("/") {
            let binDir = (URL(fileURLWithPath: exe).resolvingSymlinksInPath().deletingLastPathComponent()).path
            dirs.append(binDir + "/themes")
            dirs.append(binDir + "/../share/zkscope/themes")
        }
        var seen: Set<String> = []
        let unique = dirs.filter { seen.insert(URL(fileURLWithPath: $0).standardizedFileURL.path).inserted }
        return ThemeCatalog(searchDirectories: unique)
    }

    /// Every theme found: the built-in ones first, then files by name. A file that shadows an earlier file of the
    /// same name is left out, since `--theme NAME` would not reach it; a file named like a built-in theme is listed
    /// (it takes precedence over the built-in one).
    public func list() -> [ThemeListing] {
        var out: [ThemeListing] = []
        var names: Set<String> = []
        for directory in searchDirectories {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for file in files.sorted() where file.hasSuffix(".toml") {
                let name = String(file.dropLast(".toml".count))
                guard names.insert(name).inserted else { continue }
                let path = (directory as NSString).appendingPathComponent(file)
                do {
                    let theme = try Theme.load(path: path)
                    out.append(ThemeListing(name: name, path: path, summary: theme.summary, isValid: true))
                } catch {
                    let first = error.diagnostics.first?.description ?? "invalid"
                    out.append(ThemeListing(name: name, path: path, summary: first, isValid: false))
                }
            }
        }
        var builtins: [ThemeListing] = []
        for name in Theme.builtinNames {
            let theme = Theme.builtin(named: name) ?? Theme.builtinDefault
            builtins.append(ThemeListing(name: name, path: nil, summary: theme.summary, isValid: true))
        }
        return builtins + out.sorted { $0.name < $1.name }
    }

    /// Loads a theme by name or path.
    public func load(_ nameOrPath: String) throws(ThemeLoadError) -> Theme {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".toml") {
            return try Theme.load(path: nameOrPath)
        }
        for directory in searchDirectories {
            let path = (directory as NSString).appendingPathComponent(nameOrPath + ".toml")
            if FileManager.default.fileExists(atPath: path) { return try Theme.load(path: path) }
        }
        if let builtin = Theme.builtin(named: nameOrPath) { return builtin }
        var seen: Set<String> = []
        let known = list().map(\.name).filter { seen.insert($0).inserted }
        let hint = Spelling.closest(to: nameOrPath, in: known).map { " (did you mean \"\($0)\"?)" } ?? ""
        throw ThemeLoadError(diagnostics: [
            ThemeDiagnostic(
                file: nameOrPath, line: 0,
                message: "no such theme\(hint); known themes: \(known.joined(separator: ", "))")
        ])
    }
}
