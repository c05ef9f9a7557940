/// The themes compiled into the binary, so zkscope works with no theme files installed.
///
/// They are the files `themes/default-dark.toml` and `themes/mono.toml` themselves, embedded as package
/// resources (`Theme/Files` links to `themes/`) and parsed like any other theme file: one definition each.
extension Theme {
    /// The text of `themes/default-dark.toml`, as compiled in.
    public static let builtinDefaultText = String(decoding: PackageResources.default_dark_toml, as: UTF8.self)

    /// The text of `themes/mono.toml`, as compiled in.
    public static let builtinMonoText = String(decoding: PackageResources.mono_toml, as: UTF8.self)

    /// The built-in default theme, used when no `--theme` is given and as the base every theme file completes from.
    public static let builtinDefault: Theme = parseBuiltin(builtinDefaultText, base: nil)

    /// The built-in mono theme; its attributes are added to any theme shown without colours.
    public static let builtinMono: Theme = parseBuiltin(builtinMonoText, base: builtinDefault)

    /// Names of the built-in themes (`default` is an alias of `default-dark`).
    public static let builtinNames = ["default-dark", "mono"]

    /// The built-in theme with this name, if any.
    public static func builtin(named name: String) -> Theme? {
        switch name {
        case "default", "default-dark": return builtinDefault
        case "mono": return builtinMono
        default: return nil
        }
    }

    private static func parseBuiltin(_ text: String, base: Theme?) -> Theme {
        // The files are covered by tests; a broken edit degrades to plain styles instead of crashing.
        let plain = Theme(name: "plain", styles: [:])
        return (try? parse(text, file: nil, base: base ?? plain)) ?? plain
    }
}
