import Foundation
import Glibc

/// zkscope's directory for what it keeps between runs (the dashboard's log, `serve`'s timeline).
///
/// `$XDG_STATE_HOME/zkscope` (an absolute `XDG_STATE_HOME` only, as the XDG spec says), else
/// `$HOME/.local/state/zkscope`, else under the account's home directory: the user's own directory, never a
/// predictable path in a shared one such as `/tmp`, where another user could plant a link.
public enum StateHome {
    /// The directory, or nil when there is no home at all.
    public static func directory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        var base: String
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            base = state
        } else if let home = environment["HOME"].flatMap({ $0.hasPrefix("/") ? $0 : nil }) ?? accountHome() {
            base = (home.hasSuffix("/") ? String(home.dropLast()) : home) + "/.local/state"
        } else {
            return nil
        }
        while base.count > 1, base.hasSuffix("/") { base.removeLast() }
        return base + "/zkscope"
    }

    private static func accountHome() -> String? {
        guard let entry = getpwuid(geteuid()), let directory = entry.pointee.pw_dir else { return nil }
        let home = String(cString: directory)
        return home.hasPrefix("/") ? home : nil
    }
}
