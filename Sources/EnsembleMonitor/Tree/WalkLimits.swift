import ZooKeeperClient

/// What a walk accepts from a server, so a hostile or broken one cannot make it run for ever: child
/// names must be names a ZooKeeper server can hold (a child named `""` would make the walk list its
/// parent again, endlessly), the tree no deeper than `TreeWalkOptions.maxDepth`, paths no longer than
/// `TreeWalkOptions.maxPathLength`. Pure, so the walk, the lock scanner and tests share one rule.
public enum WalkLimits {
    /// Whether `name` is a child name ZooKeeper's `PathUtils.validatePath` accepts: not empty, not `.`
    /// or `..`, no `/`, no NUL, no control characters (U+0001–U+001F, U+007F–U+009F), nothing in
    /// U+D800–U+F8FF or from U+FFF0 up (it checks UTF-16 units, so an emoji's surrogates count). A server refuses to create any other name, so one in a reply
    /// means the reply cannot be trusted.
    public static func isValidName(_ name: String) -> Bool {
        if name.isEmpty || name == "." || name == ".." { return false }
        return name.unicodeScalars.allSatisfy(isAllowed)
    }

    /// A character ZooKeeper allows in a name.
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        // Above U+FFFF: ZooKeeper checks UTF-16 units, and such a character's surrogates are refused.
        case 0x00...0x1F, 0x2F, 0x7F...0x9F, 0xD800...0xF8FF, 0xFFF0...: return false
        default: return true
        }
    }

    /// Checks the children listed for `parent` (whose children sit at `depth` below the walk root).
    /// Throws a `TreeWalkError` naming the limit and the option that raises it.
    static func check(children names: [String], of parent: String, depth: Int, options: TreeWalkOptions)
        throws(TreeWalkError)
    {
        if depth > options.maxDepth {
            throw TreeWalkError(
                limit: "the tree goes deeper than \(options.maxDepth) levels below \(options.root) "
                    + "(TreeWalkOptions.maxDepth); no real ZooKeeper tree does, so the server's replies are not "
                    + "trusted and the walk stops",
                path: parent)
        }
        let parentBytes = parent == "/" ? 0 : parent.utf8.count
        for name in names {
            guard isValidName(name) else {
                throw TreeWalkError(
                    limit: "the server listed a child named \"\(Self.escaped(name))\", which is not a valid "
                        + "ZooKeeper name (empty, \".\", \"..\", or with \"/\" or a control character); a real "
                        + "server never does, so the walk stops",
                    path: parent)
            }
            if parentBytes + 1 + name.utf8.count > options.maxPathLength {
                throw TreeWalkError(
                    limit: "a child's path is longer than \(options.maxPathLength) bytes "
                        + "(TreeWalkOptions.maxPathLength); no real ZooKeeper path is, so the walk stops",
                    path: parent)
            }
        }
    }

    /// A name for a message: at most 40 characters, control characters and quotes as `\u{…}`.
    static func escaped(_ name: String) -> String {
        var text = ""
        for scalar in name.unicodeScalars.prefix(40) {
            if isAllowed(scalar) && scalar != "\"" && scalar != "\\" {
                text.unicodeScalars.append(scalar)
            } else {
                text += "\\u{" + String(scalar.value, radix: 16) + "}"
            }
        }
        return name.unicodeScalars.count > 40 ? text + "…" : text
    }
}
