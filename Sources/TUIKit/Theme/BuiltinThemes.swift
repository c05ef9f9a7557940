/// The themes compiled into the binary, so zkscope works with no theme files installed.
///
/// The texts are identical to `themes/default-dark.toml` and `themes/mono.toml` (a test checks it);
/// they are parsed with the same parser as files, so the built-in and the file cannot drift apart.
extension Theme {
    /// The built-in default theme (`default-dark`) in theme-file form.
    public static let builtinDefaultText = """
        # zkscope theme - roles are semantic; see `zkscope themes check FILE`.
        # Colours: black red green yellow blue magenta cyan white, bright-<name>, default, 0-255, "#rrggbb".
        # Attributes: bold dim underline reverse italic = true|false. Missing keys come from the built-in default.

        [theme]
        name = "default-dark"
        description = "Built-in default for dark terminals (htop-like)"

        [roles.normal]
        fg = "default"
        bg = "default"

        [roles.dim]
        fg = "bright-black"
        bg = "default"

        [roles.header]
        fg = "black"
        bg = "green"
        bold = true

        [roles.title]
        fg = "bright-white"
        bg = "default"
        bold = true

        [roles.border]
        fg = 244
        bg = "default"

        [roles.selected]
        fg = "black"
        bg = "cyan"
        bold = true

        [roles.selected-inactive]
        fg = "white"
        bg = 238

        [roles.status-ok]
        fg = "green"
        bg = "default"

        [roles.status-warn]
        fg = "yellow"
        bg = "default"
        bold = true

        [roles.status-crit]
        fg = "bright-red"
        bg = "default"
        bold = true

        [roles.status-info]
        fg = "cyan"
        bg = "default"

        [roles.leader]
        fg = "bright-yellow"
        bg = "default"
        bold = true

        [roles.follower]
        fg = "green"
        bg = "default"

        [roles.observer]
        fg = "cyan"
        bg = "default"

        [roles.standalone]
        fg = "magenta"
        bg = "default"

        [roles.down]
        fg = "bright-white"
        bg = "red"
        bold = true

        [roles.not-serving]
        fg = "bright-red"
        bg = "default"

        [roles.sparkline]
        fg = "#5fafff"
        bg = "default"

        [roles.ratio-good]
        fg = "green"
        bg = "default"

        [roles.ratio-bad]
        fg = "bright-red"
        bg = "default"
        bold = true

        [roles.node-persistent]
        fg = "default"
        bg = "default"

        [roles.node-ephemeral]
        fg = "bright-yellow"
        bg = "default"

        [roles.node-sequential]
        fg = "cyan"
        bg = "default"

        [roles.node-container]
        fg = "bright-blue"
        bg = "default"

        [roles.node-ttl]
        fg = "magenta"
        bg = "default"

        [roles.finding-critical]
        fg = "bright-white"
        bg = "red"
        bold = true

        [roles.finding-warning]
        fg = "black"
        bg = "yellow"

        [roles.finding-info]
        fg = "cyan"
        bg = "default"

        [roles.function-key]
        fg = "bright-white"
        bg = "default"
        bold = true

        [roles.function-label]
        fg = "black"
        bg = "cyan"

        [roles.help-key]
        fg = "bright-cyan"
        bg = "default"
        bold = true

        [roles.help-text]
        fg = "default"
        bg = "default"

        [roles.input]
        fg = "bright-white"
        bg = "default"

        [roles.input-prompt]
        fg = "bright-yellow"
        bg = "default"
        bold = true

        [roles.error]
        fg = "bright-red"
        bg = "default"
        bold = true

        [roles.control-char]
        fg = "black"
        bg = "magenta"

        [roles.tab-active]
        fg = "black"
        bg = "cyan"
        bold = true

        [roles.tab-inactive]
        fg = "white"
        bg = 236

        [roles.dialog]
        fg = "bright-white"
        bg = "blue"

        [roles.badge]
        fg = 244
        bg = "default"
        """

    /// The built-in mono theme: the attributes used when colours are off.
    public static let builtinMonoText = """
        # zkscope theme - roles are semantic; see `zkscope themes check FILE`.
        # Colours: black red green yellow blue magenta cyan white, bright-<name>, default, 0-255, "#rrggbb".
        # Attributes: bold dim underline reverse italic = true|false. Missing keys come from the built-in default.

        [theme]
        name = "mono"
        description = "No colours: attributes only (also used for NO_COLOR)"

        [roles.normal]
        fg = "default"
        bg = "default"

        [roles.dim]
        fg = "default"
        bg = "default"
        dim = true

        [roles.header]
        fg = "default"
        bg = "default"
        bold = true
        reverse = true

        [roles.title]
        fg = "default"
        bg = "default"
        bold = true

        [roles.border]
        fg = "default"
        bg = "default"

        [roles.selected]
        fg = "default"
        bg = "default"
        bold = false
        reverse = true

        [roles.selected-inactive]
        fg = "default"
        bg = "default"
        underline = true

        [roles.status-ok]
        fg = "default"
        bg = "default"

        [roles.status-warn]
        fg = "default"
        bg = "default"
        bold = true

        [roles.status-crit]
        fg = "default"
        bg = "default"
        bold = true
        underline = true

        [roles.status-info]
        fg = "default"
        bg = "default"

        [roles.leader]
        fg = "default"
        bg = "default"
        bold = true

        [roles.follower]
        fg = "default"
        bg = "default"

        [roles.observer]
        fg = "default"
        bg = "default"

        [roles.standalone]
        fg = "default"
        bg = "default"

        [roles.down]
        fg = "default"
        bg = "default"
        bold = false
        reverse = true

        [roles.not-serving]
        fg = "default"
        bg = "default"
        underline = true

        [roles.sparkline]
        fg = "default"
        bg = "default"

        [roles.ratio-good]
        fg = "default"
        bg = "default"

        [roles.ratio-bad]
        fg = "default"
        bg = "default"
        bold = true

        [roles.node-persistent]
        fg = "default"
        bg = "default"

        [roles.node-ephemeral]
        fg = "default"
        bg = "default"
        bold = true

        [roles.node-sequential]
        fg = "default"
        bg = "default"
        underline = true

        [roles.node-container]
        fg = "default"
        bg = "default"

        [roles.node-ttl]
        fg = "default"
        bg = "default"

        [roles.finding-critical]
        fg = "default"
        bg = "default"
        bold = true
        reverse = true

        [roles.finding-warning]
        fg = "default"
        bg = "default"
        bold = true

        [roles.finding-info]
        fg = "default"
        bg = "default"

        [roles.function-key]
        fg = "default"
        bg = "default"
        bold = true

        [roles.function-label]
        fg = "default"
        bg = "default"
        reverse = true

        [roles.help-key]
        fg = "default"
        bg = "default"
        bold = true

        [roles.help-text]
        fg = "default"
        bg = "default"

        [roles.input]
        fg = "default"
        bg = "default"

        [roles.input-prompt]
        fg = "default"
        bg = "default"
        bold = true

        [roles.error]
        fg = "default"
        bg = "default"
        bold = true

        [roles.control-char]
        fg = "default"
        bg = "default"
        reverse = true

        [roles.tab-active]
        fg = "default"
        bg = "default"
        bold = true
        reverse = true

        [roles.tab-inactive]
        fg = "default"
        bg = "default"

        [roles.dialog]
        fg = "default"
        bg = "default"

        [roles.badge]
        fg = "default"
        bg = "default"
        dim = true
        """

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
        // The texts are constants covered by tests; a broken edit degrades to plain styles instead of crashing.
        let plain = Theme(name: "plain", styles: [:])
        return (try? parse(text, file: nil, base: base ?? plain)) ?? plain
    }
}
