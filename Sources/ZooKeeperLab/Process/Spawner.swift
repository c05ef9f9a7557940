import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a process could not be started.
public struct SpawnError: Error, CustomStringConvertible, Sendable {
    /// The program we tried to run.
    public var executable: String
    /// The errno from posix_spawn.
    public var code: Int32

    /// The system's words for it.
    public var description: String {
        "cannot start \(executable): \(String(cString: strerror(code)))"
    }
}

/// Starts a program with `posix_spawn`, stdin from /dev/null and stdout+stderr appended to a log file.
///
/// Not Foundation `Process`: we need a new session for detached labs (so JVMs outlive `zkscope lab up`
/// and a terminal's Ctrl-C), and exact control over PIDs and reaping.
enum Spawner {
    /// Glibc's `POSIX_SPAWN_SETSID` (not always visible through the Swift overlay).
    private static let setSessionFlag: Int32 = 0x80

    static func spawn(
        executable: String, arguments: [String], logPath: String, newSession: Bool,
        environment: [String: String]? = nil
    ) throws(SpawnError) -> pid_t {
        try spawn(
            executable: executable, arguments: arguments, stdoutPath: logPath, stderrPath: nil,
            newSession: newSession, environment: environment)
    }

    /// Like the log-file variant, with separate files for stdout and stderr (`nil` stderr = same file).
    static func spawn(
        executable: String, arguments: [String], stdoutPath: String, stderrPath: String?, newSession: Bool,
        environment: [String: String]? = nil
    ) throws(SpawnError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        if let stderrPath {
            posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Children start with default signal handling and no blocked signals, whatever the test runner set.
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var flags = Int32(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)
        if newSession { flags |= setSessionFlag }
        posix_spawnattr_setflags(&attributes, Int16(flags))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let env = (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { env.forEach { free($0) } }

        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, env)
        guard result == 0 else { throw SpawnError(executable: executable, code: result) }
        return pid
    }
}
