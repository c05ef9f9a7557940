import CNCurses

/// Saves the terminal state and installs the signal handlers that restore it: SIGINT/SIGTERM/SIGHUP/SIGQUIT wake
/// the terminal thread (which calls `endwin()` and exits), crash signals write a reset sequence and restore termios
/// directly (async-signal-safe) before the previous handler - e.g. Swift's backtracer - runs.
///
/// This is the only file that calls the `zk_tty_*` shim functions: their state lives in C statics, and keeping
/// the calls in one translation unit keeps one copy of that state.
enum TerminalGuard {
    /// Saves termios of `fd` and installs the handlers; termination signals write their number to `wakeFD`.
    static func install(fd: Int32, wakeFD: Int32) -> Bool { zk_tty_install(fd, wakeFD) == 0 }

    /// Puts the previous handlers back (after `endwin()` restored the terminal normally).
    static func uninstall() { zk_tty_uninstall() }

    /// While suspended the shell owns the terminal: crash and exit paths must not "restore" over its settings.
    static func suspended(_ isSuspended: Bool) { zk_tty_mark_active(isSuspended ? 0 : 1) }

    /// Restores the terminal without ncurses (used when ncurses itself cannot be trusted any more).
    static func emergencyRestore() { zk_tty_emergency_restore() }
}
